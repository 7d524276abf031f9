import { parseArn } from '../core/arn/arn.js';
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from '../core/diagnostics.js';
import type { GivenValue } from '../core/decision/request.js';
import type { ServiceCatalog } from '../core/model/service-catalog.js';
import { loadEstate, type LoadedEstate } from '../loaders/load-estate.js';
import { EXIT_UNUSABLE, type CommandIo, reportDiagnostics, reportProgress } from './command-io.js';
import { readContext } from './explain.js';

/** What `paths`, `who-can` and `what-can` share: the estate, `--context`, `--max-hops`, `--format`. */
export type AccessFormat = 'text' | 'json' | 'mermaid';

export interface AccessQueryFlags {
  readonly context?: readonly string[];
  readonly absent?: readonly string[];
  readonly maxHops?: string;
  readonly format: AccessFormat;
}

export const DEFAULT_MAX_HOPS = 5;

/** The estate behind the path: a scenario, a snapshot folder, an authorization-details export or an iam-collect store (docs/inputs.md). */
export function loadEstateFor(path: string, catalog: ServiceCatalog, io: CommandIo): LoadedEstate {
  return loadEstate(path, { catalog, onProgress: (message) => reportProgress(io, message) });
}

/** `--context` / `--absent` as the request context every hop is asked with. */
export function readQueryContext(flags: AccessQueryFlags, bag: DiagnosticBag): Record<string, GivenValue> {
  return readContext(flags.context ?? [], flags.absent ?? [], bag);
}

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

const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9-]+$/;

/** `--action` values: `service:Action` each, no wildcards. */
export function readActions(values: readonly string[], command: string, bag: DiagnosticBag): string[] {
  for (const a of values) {
    if (!ACTION.test(a)) bag.add({ code: `${command}/invalid-action`, severity: 'error', message: `\`${a}\` is not an action`, help: 'write it as `service:Action`, as in `s3:GetObject`; wildcards are not accepted' });
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

export function reportUnusable(io: CommandIo, diagnostics: readonly Diagnostic[]): number {
  reportDiagnostics(io, sortDiagnostics(diagnostics));
  return EXIT_UNUSABLE;
}

export const collect = (value: string, previous: string[]): string[] => [...previous, value];
