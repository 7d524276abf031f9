import { targetTypeOf } from '../../analyses/access-graph/resource-actions.js';
import { findPaths } from '../../analyses/paths/find-paths.js';
import { readActions, readLimit, readMaxHops, requireArn, unknownPrincipal } from '../../questions/access-query-flags.js';
import { readTypedContext } from '../../questions/read-question.js';
import { DiagnosticBag, sortDiagnostics } from '../../core/diagnostics.js';
import { renderPathsJson, toPathsJson } from '../../reporters/paths-json.js';
import { renderRoutesJson } from '../../reporters/person-routes.js';
import { answerPerRoute } from '../../analyses/identity-center/answer-per-route.js';
import { isPersonPrincipal, resolvePersonPrincipal } from '../../questions/identity-center-principal.js';
import { answered, refusal, type ApiAnswer } from '../api-answer.js';
import { readQuery, type QueryParameters } from '../api-query.js';
import type { ServedEstate } from '../served-estate.js';

export const PATHS_PARAMETERS: QueryParameters = {
  single: ['from', 'to', 'action', 'max-hops', 'limit'],
  repeated: ['context', 'absent'],
};

/** `GET /api/paths`: `trustmap paths --format json`, with the same validation and the same codes. */
export function answerPaths(served: ServedEstate, params: URLSearchParams): ApiAnswer {
  const bag = new DiagnosticBag();
  const query = readQuery(params, PATHS_PARAMETERS, bag);
  if (bag.hasErrors) return refusal(400, bag.items);
  const fromText = query.one('from');
  // as src/cli/paths.ts: `from` may be a service principal, which is no ARN; the graph tells whether it names a principal
  const from = fromText === undefined || fromText === '' ? requireArn(fromText, '--from', 'paths', 'arn:aws:iam::333333333333:role/ci-runner', bag) : fromText;
  const to = requireArn(query.one('to'), '--to', 'paths', 'arn:aws:iam::444444444444:role/deploy', bag);
  const actionText = query.one('action');
  const actions = readActions(actionText !== undefined ? [actionText] : [], 'paths', bag, served.catalog, {}, to);
  const maxHops = readMaxHops(query.one('max-hops'), 'paths', bag);
  const limit = readLimit(query.one('limit'), bag);
  const context = readTypedContext(query.many('context'), query.many('absent'), bag, served.catalog);
  if (bag.hasErrors || from === undefined || to === undefined) return refusal(400, bag.items);
  const graph = served.graphFor(context);
  // a person (`sso:<user>`, `sso-group:<group>`): the paths from each role they sign in as, as `paths --format json` gives them
  const person = isPersonPrincipal(from) ? resolvePersonPrincipal(served.estate, from, 'paths/unknown-principal', bag) : undefined;
  const start = person ? undefined : graph.node(from);
  if (!start && !person && !bag.hasErrors) unknownPrincipal(from, 'paths', bag);
  const action = actions[0] ?? (targetTypeOf(served.estate, to) === 'role' ? 'sts:AssumeRole' : undefined);
  if (action === undefined) {
    bag.add({ code: 'paths/missing-action', severity: 'error', message: `\`--action\` is required: \`${to}\` is not a role`, help: 'for example `--action s3:GetObject`; only roles have a default action (sts:AssumeRole)' });
  }
  if (bag.hasErrors || (!start && !person) || action === undefined) return refusal(400, bag.items);
  if (person) {
    const answers = answerPerRoute(graph, person, (node) => findPaths(graph, node, to, { action, maxHops, limit }));
    return answered(renderRoutesJson(person, answers, (r) => toPathsJson(r, []), sortDiagnostics([...served.diagnostics, ...bag.items]), served.coverage));
  }
  if (!start) return refusal(400, bag.items);
  const result = findPaths(graph, start, to, { action, maxHops, limit });
  return answered(renderPathsJson(result, sortDiagnostics([...served.diagnostics, ...bag.items]), served.coverage));
}
