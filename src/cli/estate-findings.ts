import type { AccessGraph } from '../analyses/access-graph/access-graph.js';
import type { AccessMap } from '../analyses/access-map/access-map.js';
import type { Finding } from '../analyses/findings/finding.js';
import { runFindings } from '../analyses/findings/run-findings.js';
import { readKnownAccountsFor } from './known-accounts-file.js';
import type { DiagnosticBag } from '../core/diagnostics.js';
import type { Estate } from '../core/model/estate.js';
import type { ServiceCatalog } from '../core/model/service-catalog.js';

export interface EstateFindingsOptions {
  readonly catalog: ServiceCatalog;
  readonly graph: AccessGraph;
  readonly accessMap: AccessMap;
  /** `--known-accounts FILE`: vendor names by account id. */
  readonly knownAccounts?: string;
}

/** The findings of an estate for commands that build on them (`diff`, `report`), reusing their graph and access map. */
export function estateFindings(estate: Estate, options: EstateFindingsOptions, bag: DiagnosticBag): readonly Finding[] {
  const known = options.knownAccounts !== undefined ? readKnownAccountsFor(options.knownAccounts, bag) : undefined;
  return runFindings(estate, { catalog: options.catalog, graph: options.graph, accessMap: options.accessMap, ...(known ? { knownAccounts: known } : {}) }).findings;
}
