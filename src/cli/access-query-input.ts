import { DiagnosticBag, sortDiagnostics, type Diagnostic } from '../core/diagnostics.js';
import type { GivenValue } from '../core/decision/request.js';
import type { ServiceCatalog } from '../core/model/service-catalog.js';
import { loadEstate, type LoadedEstate } from '../loaders/load-estate.js';
import { EXIT_UNUSABLE, type CommandIo, reportDiagnostics, reportProgress } from './command-io.js';
import type { ActionCheckOptions } from '../questions/check-action.js';
import { readTypedContext } from '../questions/read-question.js';

/** What `paths`, `who-can` and `what-can` share: the estate, `--context`, `--max-hops`, `--format`. */
export type AccessFormat = 'text' | 'json' | 'mermaid';

export interface AccessQueryFlags extends ActionCheckOptions {
  readonly context?: readonly string[];
  readonly absent?: readonly string[];
  readonly maxHops?: string;
  readonly format: AccessFormat;
}

/** The estate behind the path: a scenario, a snapshot folder, an authorization-details export or an iam-collect store (docs/inputs.md). */
export function loadEstateFor(path: string, catalog: ServiceCatalog, io: CommandIo): LoadedEstate {
  return loadEstate(path, { catalog, onProgress: (message) => reportProgress(io, message), requireComplete: io.requireComplete === true });
}

/** `--context` / `--absent` as the request context every hop is asked with, each value of the type its key takes. */
export function readQueryContext(flags: AccessQueryFlags, bag: DiagnosticBag, catalog?: ServiceCatalog): Record<string, GivenValue> {
  return readTypedContext(flags.context ?? [], flags.absent ?? [], bag, catalog);
}

export function reportUnusable(io: CommandIo, diagnostics: readonly Diagnostic[]): number {
  reportDiagnostics(io, sortDiagnostics(diagnostics));
  return EXIT_UNUSABLE;
}

export const collect = (value: string, previous: string[]): string[] => [...previous, value];
