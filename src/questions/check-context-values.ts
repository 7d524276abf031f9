import { isIP } from 'node:net';
import { parseArn } from '../core/arn/arn.js';
import type { GivenValue } from '../core/decision/request.js';
import type { ServiceCatalog } from '../core/model/service-catalog.js';
import type { QuestionProblem } from './question-problem.js';

/**
 * Each request context value must be of the type the service reference data gives its key: an IP
 * address for `aws:SourceIp`, a date for `aws:CurrentTime`, `true`/`false` for a Bool, a number, an
 * ARN. Keys the data does not know are left to the engine (which warns where a policy reads one).
 */
export function checkContextValues(context: Readonly<Record<string, GivenValue>>, catalog: ServiceCatalog): QuestionProblem[] {
  const problems: QuestionProblem[] = [];
  for (const [key, given] of Object.entries(context)) {
    if (given === null) continue;
    const type = catalog.conditionKeyType(key);
    if (type === undefined) continue;
    const base = type.startsWith('ArrayOf') ? type.slice('ArrayOf'.length) : type;
    const check = VALUE_CHECKS[base];
    if (!check) continue;
    for (const value of typeof given === 'string' ? [given] : given) {
      if (check.test(value)) continue;
      problems.push({ code: 'question/invalid-context-value', severity: 'error', message: `\`${key}=${value}\`: \`${key}\` takes ${check.what}, and \`${value}\` is not one`, help: `for example \`${key}=${check.example}\`` });
    }
  }
  return problems;
}

interface ValueCheck {
  readonly what: string;
  readonly example: string;
  test(value: string): boolean;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const VALUE_CHECKS: Readonly<Record<string, ValueCheck>> = {
  IPAddress: { what: 'an IP address (type IPAddress)', example: '203.0.113.7', test: (v) => isIP(v) !== 0 },
  Date: { what: 'a date (type Date: ISO 8601, or seconds since 1970)', example: '2026-12-07T12:00:00Z', test: (v) => (ISO_DATE.test(v) && !Number.isNaN(Date.parse(v))) || /^\d+$/.test(v) },
  Bool: { what: '`true` or `false` (type Bool)', example: 'true', test: (v) => /^(true|false)$/i.test(v) },
  Numeric: { what: 'a number (type Numeric)', example: '3600', test: (v) => /^-?\d+(\.\d+)?$/.test(v) },
  ARN: { what: 'an ARN (type ARN)', example: 'arn:aws:s3:::example-bucket', test: (v) => parseArn(v) !== undefined },
};
