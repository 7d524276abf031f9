import { explainRequest } from '../../analyses/explain/explain-request.js';
import { checkPrincipalKnown, readQuestion } from '../../questions/read-question.js';
import { DiagnosticBag, sortDiagnostics } from '../../core/diagnostics.js';
import { renderExplainJson } from '../../reporters/explain-json.js';
import { answered, refusal, type ApiAnswer } from '../api-answer.js';
import { readQuery, type QueryParameters } from '../api-query.js';
import type { ServedEstate } from '../served-estate.js';

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
  const question = readQuestion(
    {
      principal: query.one('principal'),
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
  checkPrincipalKnown(served.estate, question, bag);
  if (bag.hasErrors) return refusal(400, bag.items);
  const explanation = explainRequest(served.estate, question, { catalog: served.catalog });
  return answered(renderExplainJson(explanation, sortDiagnostics([...served.diagnostics, ...bag.items]), served.coverage));
}
