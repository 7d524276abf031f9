import { parseArn } from '../core/arn/arn.js';
import type { DiagnosticCode } from '../core/diagnostic-codes.js';
import type { DiagnosticBag } from '../core/diagnostics.js';
import type { ServiceCatalog } from '../core/model/service-catalog.js';
import { checkAction, type ActionCheckOptions } from './check-action.js';
import { ACTION, addProblems } from './read-question.js';

/** The flags that `paths`, `who-can` and `what-can` share, read for the CLI and the API alike. */
export const DEFAULT_MAX_HOPS = 5;

/**
 * Each shared flag's codes, per command that reads it: the codes are written out in full, so a
 * command can only pass a flag reader its own name when the registry has the code it would emit.
 */
const INVALID_MAX_HOPS = {
  paths: 'paths/invalid-max-hops',
  'who-can': 'who-can/invalid-max-hops',
  'what-can': 'what-can/invalid-max-hops',
} as const satisfies Record<string, DiagnosticCode>;

const INVALID_ACTION = {
  paths: 'paths/invalid-action',
  'who-can': 'who-can/invalid-action',
  'what-can': 'what-can/invalid-action',
  'access-map': 'access-map/invalid-action',
} as const satisfies Record<string, DiagnosticCode>;

const MISSING_FLAG = {
  paths: 'paths/missing-flag',
  'who-can': 'who-can/missing-flag',
} as const satisfies Record<string, DiagnosticCode>;

const INVALID_ARN = {
  paths: 'paths/invalid-arn',
  'who-can': 'who-can/invalid-arn',
} as const satisfies Record<string, DiagnosticCode>;

const UNKNOWN_PRINCIPAL = {
  paths: 'paths/unknown-principal',
  'what-can': 'what-can/unknown-principal',
} as const satisfies Record<string, DiagnosticCode>;

/** `--max-hops N`: a whole number from 0 to 10. */
export function readMaxHops(value: string | undefined, command: keyof typeof INVALID_MAX_HOPS, bag: DiagnosticBag): number {
  if (value === undefined) return DEFAULT_MAX_HOPS;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 10) {
    bag.add({ code: INVALID_MAX_HOPS[command], severity: 'error', message: `\`--max-hops ${value}\` is not a number of hops from 0 to 10`, help: 'write `--max-hops 3`; 0 asks about direct access only' });
    return DEFAULT_MAX_HOPS;
  }
  return n;
}

/**
 * `--action` values: `service:Action` each, no wildcards, known to the service reference data, and
 * taking `resource` when the question names one.
 */
export function readActions(values: readonly string[], command: keyof typeof INVALID_ACTION, bag: DiagnosticBag, catalog?: ServiceCatalog, options: ActionCheckOptions = {}, resource?: string): string[] {
  for (const a of values) {
    if (!ACTION.test(a)) bag.add({ code: INVALID_ACTION[command], severity: 'error', message: `\`${a}\` is not an action`, help: 'write it as `service:Action`, as in `s3:GetObject`; wildcards are not accepted' });
    else if (catalog) addProblems(bag, checkAction(a, resource, catalog, options));
  }
  return values.filter((a) => ACTION.test(a));
}

export function requireArn(value: string | undefined, flag: string, command: keyof typeof MISSING_FLAG & keyof typeof INVALID_ARN, example: string, bag: DiagnosticBag): string | undefined {
  if (value === undefined || value === '') {
    bag.add({ code: MISSING_FLAG[command], severity: 'error', message: `\`${flag}\` is required`, help: `for example \`${flag} ${example}\`` });
    return undefined;
  }
  if (!parseArn(value)) {
    bag.add({ code: INVALID_ARN[command], severity: 'error', message: `\`${value}\` is not an ARN`, help: `write the full ARN, as in \`${example}\`` });
    return undefined;
  }
  return value;
}

export function unknownPrincipal(value: string, command: keyof typeof UNKNOWN_PRINCIPAL, bag: DiagnosticBag): void {
  bag.add({
    code: UNKNOWN_PRINCIPAL[command],
    severity: 'error',
    message: `\`${value}\` is not a principal of the estate`,
    help: 'give a user, role or role-session ARN of an account the estate describes, an identity provider ARN, a service principal, or a principal ARN of an account outside the estate',
  });
}

export function readLimit(value: string | undefined, bag: DiagnosticBag): number {
  if (value === undefined) return 50;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    bag.add({ code: 'paths/invalid-limit', severity: 'error', message: `\`--limit ${value}\` is not a positive number`, help: 'write `--limit 10`' });
    return 50;
  }
  return Number(value);
}

/**
 * `who-can --limit N --offset N`: a page of the answer. `--limit` is a whole number from 1 (absent:
 * no limit), `--offset` a whole number from 0 (absent: 0).
 */
export function readWhoCanPage(limit: string | undefined, offset: string | undefined, bag: DiagnosticBag): { limit?: number; offset?: number } {
  const page: { limit?: number; offset?: number } = {};
  if (limit !== undefined) {
    if (!/^\d+$/.test(limit) || !Number.isSafeInteger(Number(limit)) || Number(limit) < 1) {
      bag.add({ code: 'who-can/invalid-limit', severity: 'error', message: `\`--limit ${limit}\` is not a whole number of 1 or more`, help: 'write `--limit 50`; without `--limit` every row is listed' });
    } else page.limit = Number(limit);
  }
  if (offset !== undefined) {
    if (!/^\d+$/.test(offset) || !Number.isSafeInteger(Number(offset))) {
      bag.add({ code: 'who-can/invalid-offset', severity: 'error', message: `\`--offset ${offset}\` is not a whole number of 0 or more`, help: 'write `--offset 50` to skip the first 50 rows' });
    } else page.offset = Number(offset);
  }
  return page;
}
