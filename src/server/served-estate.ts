import { AccessGraph } from '../analyses/access-graph/access-graph.js';
import { buildAccessMap, type AccessMap } from '../analyses/access-map/access-map.js';
import { findingsReport, type FindingsReport } from '../analyses/findings/findings-report.js';
import { loadServiceCatalog } from '../catalog/iam-data-catalog.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { EstateCoverage } from '../core/model/estate-coverage.js';
import type { GivenValue } from '../core/decision/request.js';
import type { Estate } from '../core/model/estate.js';
import type { ServiceCatalog } from '../core/model/service-catalog.js';
import { loadEstate, type EstateKind } from '../loaders/load-estate.js';

/**
 * The estate `serve` answers about: loaded once at start, with what every request shares (the
 * catalog, the access graph without context, the access map). The engine is synchronous and the
 * estate never changes while serving, so nothing here needs locking.
 */
export interface ServedEstate {
  /** The path as the user gave it. */
  readonly source: string;
  readonly kind: EstateKind;
  readonly estate: Estate;
  readonly catalog: ServiceCatalog;
  /** The load's diagnostics, sorted; every API answer carries them, as the CLI prints them. */
  readonly diagnostics: readonly Diagnostic[];
  /** What the estate's input covers; every API answer carries it, as the CLI's JSON does. */
  readonly coverage?: EstateCoverage;
  readonly accessMap: AccessMap;
  /** The access graph asked with this request context (`--context`), built on first use and kept. */
  graphFor(context: Readonly<Record<string, GivenValue>>): AccessGraph;
  /** `serve --known-accounts`: vendor names by account id, for the findings. */
  readonly knownAccounts: ReadonlyMap<string, string>;
  /** The findings of every rule over the context-free graph and access map, computed on first use and kept. */
  findings(): FindingsReport;
}

export type LoadServedEstateResult = { readonly ok: true; readonly served: ServedEstate } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Graphs kept for distinct request contexts beyond the context-free one: each memoizes its edges. */
const GRAPHS_KEPT = 8;

export function loadServedEstate(
  path: string,
  onProgress: (message: string) => void = () => {},
  catalog: ServiceCatalog = loadServiceCatalog(),
  knownAccounts: ReadonlyMap<string, string> = new Map(),
  requireComplete = false,
): LoadServedEstateResult {
  const loaded = loadEstate(path, { catalog, onProgress, requireComplete });
  if (loaded.unusable || loaded.kind === 'unknown') return { ok: false, diagnostics: loaded.diagnostics };
  const base = new AccessGraph(loaded.estate, { catalog });
  onProgress('building the access map');
  const accessMap = buildAccessMap(base, { catalog, onProgress: mapProgress(onProgress) });
  const graphs = new Map<string, AccessGraph>();
  let findings: FindingsReport | undefined;
  return {
    ok: true,
    served: {
      source: path,
      kind: loaded.kind,
      estate: loaded.estate,
      catalog,
      diagnostics: loaded.diagnostics,
      ...(loaded.coverage ? { coverage: loaded.coverage } : {}),
      accessMap,
      knownAccounts,
      findings() {
        findings ??= findingsReport(loaded.estate, { catalog, knownAccounts, graph: base, accessMap });
        return findings;
      },
      graphFor(context) {
        if (Object.keys(context).length === 0) return base;
        const key = contextKey(context);
        const known = graphs.get(key);
        if (known) {
          // most recently used last, so the oldest is dropped first
          graphs.delete(key);
          graphs.set(key, known);
          return known;
        }
        const graph = new AccessGraph(loaded.estate, { catalog, context });
        graphs.set(key, graph);
        if (graphs.size > GRAPHS_KEPT) graphs.delete(graphs.keys().next().value!);
        return graph;
      },
    },
  };
}

function contextKey(context: Readonly<Record<string, GivenValue>>): string {
  return JSON.stringify(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v]).sort(([a], [b]) => String(a).localeCompare(String(b))));
}

/** At most one line every two seconds, as `access-map` prints it. */
function mapProgress(onProgress: (message: string) => void): (done: number, total: number) => void {
  const start = Date.now();
  let last = start;
  return (done, total) => {
    const now = Date.now();
    if (now - last < 2000 || done === total) return;
    last = now;
    onProgress(`access map: ${done}/${total} roles and resources asked (${((now - start) / 1000).toFixed(0)} s)`);
  };
}
