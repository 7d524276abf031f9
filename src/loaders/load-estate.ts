import { readFileSync } from 'node:fs';
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from '../core/diagnostics.js';
import { identityCenterLinks } from '../core/model/identity-center-links.js';
import type { Estate } from '../core/model/estate.js';
import { describeCoverage, estateCoverage, type EstateCoverage } from '../core/model/estate-coverage.js';
import type { ServiceCatalog } from '../core/model/service-catalog.js';
import { isPlainObject } from '../core/policy/decode-policy-document.js';
import { loadAuthorizationDetails } from './authorization-details/load-authorization-details.js';
import { looksLikeAuthorizationDetails } from './authorization-details/read-authorization-details.js';
import { detectLayout } from './detect-layout.js';
import { emptyEstate } from './estate-draft.js';
import { parseJsonText } from './files/read-json-file.js';
import { loadIamCollect } from './iam-collect/load-iam-collect.js';
import { loadScenarioFile, type ScenarioRequest } from './scenario/index.js';
import type { HeapOptions } from './memory-guard.js';
import { loadSnapshot } from './snapshot/load-snapshot.js';
import { parseYamlLocated } from './yaml-located.js';

export type EstateKind = 'scenario' | 'snapshot' | 'authorization-details' | 'iam-collect';

export interface LoadEstateOptions {
  readonly catalog?: ServiceCatalog;
  /** Called during loads that take more than a second, about once a second. */
  readonly onProgress?: (message: string) => void;
  /** The heap a snapshot or iam-collect load must stay under (default: V8's old generation limit); past it the load stops with `load/memory-limit`. */
  readonly heap?: HeapOptions;
  /** `--require-complete`: an input that does not cover every account and service (or recorded a refused call) is unusable (`load/incomplete`). */
  readonly requireComplete?: boolean;
}

export interface LoadedEstate {
  readonly estate: Estate;
  /** Sorted by file and line. */
  readonly diagnostics: Diagnostic[];
  /** What the path held; `unknown` when it is none of the accepted inputs (then `unusable`). */
  readonly kind: EstateKind | 'unknown';
  /** A scenario's requests. */
  readonly requests?: ScenarioRequest[];
  /** True when the input could not be used at all: the estate is then empty. */
  readonly unusable?: boolean;
  /** What the input covers (docs/inputs.md, "Coverage"); absent when the input is unusable for another reason. */
  readonly coverage?: EstateCoverage;
}

export const ACCEPTED_INPUTS_HELP = [
  'trustmap reads:',
  '- a snapshot folder (`manifest.json`, `organization/`, `accounts/<id>/…`; see docs/inputs.md and scripts/collect-snapshot.sh)',
  '- an iam-collect store (the folder holding `aws/<partition>/accounts/…`)',
  '- the JSON output of `aws iam get-account-authorization-details`',
  '- a scenario file (YAML or JSON) that starts with `trustmap: scenario/v1`',
].join('\n');

/**
 * Loads an estate from whatever the path holds, telling the inputs apart by their shape
 * (docs/inputs.md). It never throws on bad input: problems are diagnostics, and an input that
 * cannot be used at all comes back `unusable` with an empty estate.
 */
export function loadEstate(path: string, options: LoadEstateOptions = {}): LoadedEstate {
  const byLayout = loadByLayout(path, options);
  if (byLayout.unusable) return byLayout;
  const loaded = withIdentityCenterLinks(byLayout);
  const coverage = estateCoverage(loaded.estate, loaded.diagnostics);
  if (coverage.iamCollected === 0) return { ...loaded, coverage, unusable: true, diagnostics: sortDiagnostics([...loaded.diagnostics, nothingCollected(path, loaded.kind, coverage)]) };
  if (coverage.complete) return { ...loaded, coverage };
  const partial = partialCoverage(path, coverage, options.requireComplete === true);
  return { ...loaded, coverage, diagnostics: sortDiagnostics([...loaded.diagnostics, partial]), ...(options.requireComplete ? { unusable: true } : {}) };
}

/** What does not fit between IAM Identity Center and the accounts' IAM, said once the whole estate is loaded. */
function withIdentityCenterLinks(loaded: LoadedEstate): LoadedEstate {
  if (!loaded.estate.identityCenter) return loaded;
  const found = identityCenterLinks(loaded.estate).diagnostics;
  return found.length === 0 ? loaded : { ...loaded, diagnostics: sortDiagnostics([...loaded.diagnostics, ...found]) };
}

/** Partial coverage is said in every answer: a warning, or with `--require-complete` an error that makes the input unusable (for CI). */
function partialCoverage(path: string, coverage: EstateCoverage, required: boolean): Diagnostic {
  return {
    code: required ? 'load/incomplete' : 'load/partial-coverage',
    severity: required ? 'error' : 'warning',
    message: `\`${path}\` covers part of the estate: ${describeCoverage(coverage)}`,
    help: required
      ? 'collect what is missing (scripts/collect-snapshot.sh names each refused call), or leave out --require-complete to answer on what was collected'
      : 'answers that need what was not collected are Unknown; --require-complete makes partial coverage an error (exit 2), for CI',
    source: { file: path, pointer: '' },
  };
}

/**
 * An input in which no account's IAM was collected (a collection run without credentials, an empty
 * folder) has nothing to analyse: answering on it would report a clean estate.
 */
function nothingCollected(path: string, kind: LoadedEstate['kind'], coverage: EstateCoverage): Diagnostic {
  const refused = coverage.refusedCalls.filter((r) => r.file.endsWith('get-account-authorization-details.json'));
  const what =
    coverage.accounts === 0
      ? `it holds no account`
      : `none of its ${coverage.accounts.toLocaleString('en-US')} account${coverage.accounts === 1 ? '' : 's'} has its IAM (\`get-account-authorization-details\`)${refused.length > 0 ? `: ${refused.length} refused (${refused[0]!.file}: ${refused[0]!.code}${refused.length > 1 ? ', …' : ''})` : ''}`;
  return {
    code: 'load/nothing-collected',
    severity: 'error',
    message: `nothing to analyse in \`${path}\` (${kind}): ${what}`,
    help: 'collect again with credentials that may call `iam:GetAccountAuthorizationDetails` in each account (scripts/collect-snapshot.sh exits non-zero when it is refused); an empty collection is never a clean estate',
    source: { file: path, pointer: '' },
  };
}

function loadByLayout(path: string, options: LoadEstateOptions): LoadedEstate {
  const layout = detectLayout(path);
  const catalog = options.catalog ? { catalog: options.catalog } : {};
  const progress = options.onProgress ? { onProgress: options.onProgress } : {};
  switch (layout.kind) {
    case 'missing':
      return unusable('unknown', [{ code: 'load/not-found', severity: 'error', message: `no such file or folder \`${path}\``, help: ACCEPTED_INPUTS_HELP, source: { file: path, pointer: '' } }]);
    case 'unknown':
      return unknownLayout(path, layout.why);
    case 'snapshot': {
      const loaded = loadSnapshot(layout.dir, { ...catalog, ...progress, ...(options.heap ? { heap: options.heap } : {}), display: path });
      return { estate: loaded.estate, diagnostics: [...loaded.diagnostics], kind: 'snapshot', ...(loaded.unusable ? { unusable: true } : {}) };
    }
    case 'iam-collect': {
      const loaded = loadIamCollect(layout.dir, { ...catalog, ...progress, ...(options.heap ? { heap: options.heap } : {}), display: layout.dir });
      return { estate: loaded.estate, diagnostics: [...loaded.diagnostics], kind: 'iam-collect', ...(loaded.unusable ? { unusable: true } : {}) };
    }
    case 'yaml-file':
      return loadYamlFile(layout.file, options);
    case 'json-file':
      return loadJsonFile(layout.file, options);
  }
}

/** A YAML file is a scenario when its first key is `trustmap`; broken YAML goes to the scenario loader, which reports it. */
function loadYamlFile(file: string, options: LoadEstateOptions): LoadedEstate {
  const text = readText(file);
  if (typeof text !== 'string') return text;
  const parsed = parseYamlLocated(text, file);
  if (parsed.ok && firstKey(parsed.value) !== 'trustmap') return unknownLayout(file, `\`${file}\` is YAML but does not start with \`trustmap: scenario/v1\``);
  return scenario(file, options);
}

function loadJsonFile(file: string, options: LoadEstateOptions): LoadedEstate {
  const text = readText(file);
  if (typeof text !== 'string') return text;
  const bag = new DiagnosticBag();
  // Until it is parsed, what the file is cannot be told, so broken JSON is `load/invalid-json`. It
  // is read as an export, so what parsing found (repeated keys) comes under the export's own codes
  // (`gaad/duplicate-key`); a scenario is parsed again by its own loader, which reports for itself.
  const read = parseJsonText(text, file, 'gaad', bag, 'load/invalid-json');
  if (read.kind !== 'parsed') return unusable('unknown', bag.items);
  const value = read.doc.root.value;
  if (firstKey(value) === 'trustmap') return scenario(file, options);
  if (looksLikeAuthorizationDetails(value)) {
    const loaded = loadAuthorizationDetails(read.doc, options.catalog);
    return { estate: loaded.estate, diagnostics: [...loaded.diagnostics], kind: 'authorization-details', ...(loaded.unusable ? { unusable: true } : {}) };
  }
  return unknownLayout(file, `\`${file}\` is JSON but neither a scenario (first key \`trustmap\`) nor \`get-account-authorization-details\` output (\`UserDetailList\`, \`RoleDetailList\`…)`);
}

function scenario(file: string, options: LoadEstateOptions): LoadedEstate {
  const loaded = loadScenarioFile(file, options.catalog ? { catalog: options.catalog } : {});
  return {
    estate: loaded.estate,
    diagnostics: [...loaded.diagnostics],
    kind: 'scenario',
    requests: [...loaded.requests],
    ...(loaded.unusable ? { unusable: true } : {}),
  };
}

function readText(file: string): string | LoadedEstate {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return unusable('unknown', [{ code: 'load/unreadable', severity: 'error', message: `cannot read \`${file}\`: ${reason}`, source: { file, pointer: '' } }]);
  }
}

function firstKey(value: unknown): string | undefined {
  return isPlainObject(value) ? Object.keys(value)[0] : undefined;
}

function unknownLayout(path: string, why: string): LoadedEstate {
  return unusable('unknown', [{ code: 'load/unknown-layout', severity: 'error', message: why, help: ACCEPTED_INPUTS_HELP, source: { file: path, pointer: '' } }]);
}

function unusable(kind: LoadedEstate['kind'], diagnostics: readonly Diagnostic[]): LoadedEstate {
  return { estate: emptyEstate(), diagnostics: sortDiagnostics(diagnostics), kind, unusable: true };
}
