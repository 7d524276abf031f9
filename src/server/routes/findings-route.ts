import { refusal, type ApiAnswer } from '../api-answer.js';
import type { ServedEstate } from '../served-estate.js';

/**
 * `GET /api/findings`: to answer the JSON of `trustmap findings --format json` once that command and
 * its reporter exist; until then the answer says so rather than an empty list.
 */
export function answerFindings(_served: ServedEstate, params: URLSearchParams): ApiAnswer {
  void params;
  return refusal(501, [{ code: 'server/findings-unavailable', severity: 'error', message: 'this version of `trustmap serve` does not serve findings yet', help: 'the other endpoints answer; /api/findings will answer as `trustmap findings --format json`' }]);
}
