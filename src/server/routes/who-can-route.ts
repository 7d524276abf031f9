import { DEFAULT_ACTIONS, targetTypeOf } from '../../analyses/access-graph/resource-actions.js';
import { whoCan } from '../../analyses/who-can/who-can.js';
import { pageWhoCan } from '../../analyses/who-can/page-who-can.js';
import { readActions, readMaxHops, readWhoCanPage, requireArn } from '../../questions/access-query-flags.js';
import { readTypedContext } from '../../questions/read-question.js';
import { DiagnosticBag, sortDiagnostics } from '../../core/diagnostics.js';
import { renderWhoCanJson } from '../../reporters/who-can-json.js';
import { answered, refusal, type ApiAnswer } from '../api-answer.js';
import { readQuery, type QueryParameters } from '../api-query.js';
import type { ServedEstate } from '../served-estate.js';

export const WHO_CAN_PARAMETERS: QueryParameters = {
  single: ['resource', 'max-hops', 'limit', 'offset'],
  repeated: ['action', 'context', 'absent'],
};

/** `GET /api/who-can`: `trustmap who-can --format json`, with the same validation and the same codes. */
export function answerWhoCan(served: ServedEstate, params: URLSearchParams): ApiAnswer {
  const bag = new DiagnosticBag();
  const query = readQuery(params, WHO_CAN_PARAMETERS, bag);
  if (bag.hasErrors) return refusal(400, bag.items);
  const resource = requireArn(query.one('resource'), '--resource', 'who-can', 'arn:aws:s3:::example-prod-data-lake/reports/summary.parquet', bag);
  const actions = readActions(query.many('action'), 'who-can', bag, served.catalog, {}, resource);
  const maxHops = readMaxHops(query.one('max-hops'), 'who-can', bag);
  const page = readWhoCanPage(query.one('limit'), query.one('offset'), bag);
  const context = readTypedContext(query.many('context'), query.many('absent'), bag, served.catalog);
  if (bag.hasErrors || resource === undefined) return refusal(400, bag.items);
  // as src/cli/who-can.ts: no default actions for this type means the question needs one
  if (actions.length === 0 && DEFAULT_ACTIONS[targetTypeOf(served.estate, resource)].length === 0) {
    bag.add({ code: 'who-can/missing-action', severity: 'error', message: `\`--action\` is required: trustmap has no default actions for \`${resource}\``, help: 'for example `--action ec2:StartInstances`; defaults exist for buckets, objects, queues, topics, functions, keys, secrets and roles' });
    return refusal(400, bag.items);
  }
  const paged = pageWhoCan(whoCan(served.graphFor(context), resource, { actions, maxHops }), page);
  return answered(renderWhoCanJson(paged.result, sortDiagnostics([...served.diagnostics, ...bag.items]), served.coverage, paged));
}
