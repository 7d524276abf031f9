import { parseArn } from '../core/arn/arn.js';
import type { DiagnosticBag } from '../core/diagnostics.js';
import type { ServiceCatalog } from '../core/model/service-catalog.js';
import { checkAction, type ActionCheckOptions } from './check-action.js';
import { ACTION, addProblems } from './read-question.js';

/** The flags that `paths`, `who-can` and `what-can` share, read for the CLI and the API alike. */
export const DEFAULT_MAX_HOPS = 5;

/** `--max-hops N`: a whole number from 0 to 10. */
export function readMaxHops(value: string | undefined, command: string, bag: DiagnosticBag): number {
  if (value === undefined) return DEFAULT_MAX_HOPS;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 10) {
    bag.add({ code: `${command}/invalid-max-hops`, severity: 'error', message: `\`--max-hops ${value}\` is not a number of hops from 0 to 10`, help: 'write `--max-hops 3`; 0 asks about direct access only' });
    return DEFAULT_MAX_HOPS;
  }
  return n;
}

/**
 * `--action` values: `service:Action` each, no wildcards, known to the service reference data, and
 * taking `resource` when the question names one.
 */
export function readActions(values: readonly string[], command: string, bag: DiagnosticBag, catalog?: ServiceCatalog, options: ActionCheckOptions = {}, resource?: string): string[] {
  for (const a of values) {
    if (!ACTION.test(a)) bag.add({ code: `${command}/invalid-action`, severity: 'error', message: `\`${a}\` is not an action`, help: 'write it as `service:Action`, as in `s3:GetObject`; wildcards are not accepted' });
    else if (catalog) addProblems(bag, checkAction(a, resource, catalog, options));
  }
  return values.filter((a) => ACTION.test(a));
}

export function requireArn(value: string | undefined, flag: string, command: string, example: string, bag: DiagnosticBag): string | undefined {
  if (value === undefined || value === '') {
    bag.add({ code: `${command}/missing-flag`, severity: 'error', message: `\`${flag}\` is required`, help: `for example \`${flag} ${example}\`` });
    return undefined;
  }
  if (!parseArn(value)) {
    bag.add({ code: `${command}/invalid-arn`, severity: 'error', message: `\`${value}\` is not an ARN`, help: `write the full ARN, as in \`${example}\`` });
    return undefined;
  }
  return value;
}

export function unknownPrincipal(value: string, command: string, bag: DiagnosticBag): void {
  bag.add({
    code: `${command}/unknown-principal`,
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
