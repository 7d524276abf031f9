import { explainRequest } from '../../analyses/explain/explain-request.js';
import { checkPrincipalKnown, readQuestion } from '../../questions/read-question.js';
import { DiagnosticBag, sortDiagnostics } from '../../core/diagnostics.js';
import { renderExplainJson, toExplainJson, type ExplainJson } from '../../reporters/explain-json.js';
import { explainPerson } from '../../analyses/explain/explain-person.js';
import { isPersonPrincipal, personLabel, routeJson } from '../../questions/identity-center-principal.js';
import type { AuthorizationRequest } from '../../core/decision/request.js';
import { answered, refusal, type ApiAnswer } from '../api-answer.js';
import { readQuery, type QueryParameters } from '../api-query.js';
import type { ServedEstate } from '../served-estate.js';

/**
 * A person (`sso:<user>`): the most permissive of the sessions they sign in as, in the usual
 * explain document, with every route and its answer under `person` (docs/web.md).
 */
function answerPerson(served: ServedEstate, text: string, question: AuthorizationRequest, bag: DiagnosticBag): ApiAnswer {
  const answer = explainPerson(served.estate, text, question, served.catalog, bag);
  if (!answer || bag.hasErrors) return refusal(400, bag.items);
  if (!answer.best?.explanation) {
    return refusal(400, [...bag.items, { code: 'explain/unknown-principal', severity: 'error', message: `${personLabel(answer.person)} signs in to no role the estate holds`, help: 'assign a permission set (docs/cli.md, "People as principals"), or collect the accounts it is provisioned in' }]);
  }
  const json: ExplainJson = {
    ...toExplainJson(answer.best.explanation, sortDiagnostics([...served.diagnostics, ...bag.items]), served.coverage),
    person: {
      label: personLabel(answer.person),
      routes: answer.routes.map((r) => ({ ...routeJson(r.route), session: r.session ?? null, decision: r.decision?.decision ?? null })),
    },
  };
  return answered(`${JSON.stringify(json, null, 2)}\n`);
}

/** `--session-policy FILE` is left out on purpose: a page must not make the server read a file by name. */
export const EXPLAIN_PARAMETERS: QueryParameters = {
  single: ['principal', 'action', 'resource', 'session-issuer'],
  repeated: ['context', 'absent', 'session-tag'],
};

/** `GET /api/explain`: `trustmap explain --format json`, its parameters read by the same question readers as the CLI's flags. */
export function answerExplain(served: ServedEstate, params: URLSearchParams): ApiAnswer {
  const bag = new DiagnosticBag();
  const query = readQuery(params, EXPLAIN_PARAMETERS, bag);
  if (bag.hasErrors) return refusal(400, bag.items);
  const asked = query.one('principal');
  const person = isPersonPrincipal(asked) ? asked : undefined;
  const question = readQuestion(
    {
      principal: person ? 'anonymous' : asked,
      action: query.one('action'),
      resource: query.one('resource'),
      context: query.many('context'),
      absent: query.many('absent'),
      sessionTag: query.many('session-tag'),
      sessionIssuer: query.one('session-issuer'),
    },
    served.catalog,
    bag,
  );
  if (!question || bag.hasErrors) return refusal(400, bag.items);
  if (person !== undefined) return answerPerson(served, person, question, bag);
  checkPrincipalKnown(served.estate, question, bag);
  if (bag.hasErrors) return refusal(400, bag.items);
  const explanation = explainRequest(served.estate, question, { catalog: served.catalog });
  return answered(renderExplainJson(explanation, sortDiagnostics([...served.diagnostics, ...bag.items]), served.coverage));
}
