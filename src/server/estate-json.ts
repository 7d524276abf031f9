import { ACCESS_MAP_ACTIONS } from '../analyses/access-map/action-classes.js';
import { DEFAULT_ACTIONS } from '../analyses/access-graph/resource-actions.js';
import { estateOverview, type EstateOverview } from '../analyses/report/estate-overview.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { EstateCoverage } from '../core/model/estate-coverage.js';
import type { Estate, ResourceType } from '../core/model/estate.js';
import { toAccessMapJson, type AccessMapJson } from '../reporters/access-map-json.js';
import type { ServedEstate } from './served-estate.js';

/**
 * `GET /api/estate`: the JSON of `trustmap report --format json` (source, overview with the
 * organization tree, access map, findings, diagnostics), built from the same functions, with
 * `inventory` added: the principals, resources and actions the page offers as it is typed.
 */
export interface EstateJson {
  readonly source: string;
  readonly sourceKind: string;
  readonly overview: EstateOverview;
  readonly accessMap: AccessMapJson;
  readonly findings: null;
  readonly diagnostics: readonly Diagnostic[];
  /** What the estate's input covers (docs/inputs.md, "Coverage"): the page's header states it. */
  readonly coverage: EstateCoverage | null;
  readonly inventory: EstateInventoryJson;
}

export interface EstateInventoryJson {
  /** Users and roles of every account whose IAM the estate holds, then identity providers; by ARN. */
  readonly principals: ReadonlyArray<{ readonly arn: string; readonly kind: 'user' | 'role' | 'provider'; readonly account: string; readonly name: string }>;
  readonly resources: ReadonlyArray<{ readonly arn: string; readonly type: ResourceType; readonly account: string; readonly kmsKeyArn: string | null }>;
  /** The accounts' names, by id (accounts outside the organization too). */
  readonly accounts: ReadonlyArray<{ readonly id: string; readonly name: string | null; readonly iamCollected: boolean }>;
  /** The actions `who-can` and `access-map` ask by default: a starting list, any `service:Action` is accepted. */
  readonly actions: readonly string[];
}

export function toEstateJson(served: ServedEstate): EstateJson {
  return {
    source: served.source,
    sourceKind: served.kind,
    overview: estateOverview(served.estate),
    accessMap: toAccessMapJson(served.accessMap, []),
    findings: null,
    diagnostics: served.diagnostics,
    coverage: served.coverage ?? null,
    inventory: inventoryOf(served.estate),
  };
}

export function renderEstateJson(served: ServedEstate): string {
  return `${JSON.stringify(toEstateJson(served), null, 2)}\n`;
}

function inventoryOf(estate: Estate): EstateInventoryJson {
  const principals: Array<EstateInventoryJson['principals'][number]> = [];
  const accounts: Array<EstateInventoryJson['accounts'][number]> = [];
  for (const account of estate.accounts.values()) {
    accounts.push({ id: account.id, name: account.name ?? null, iamCollected: account.iamCollected });
    for (const p of [...account.users.values(), ...account.roles.values()]) principals.push({ arn: p.arn, kind: p.kind, account: account.id, name: p.name });
    for (const provider of account.identityProviders) principals.push({ arn: provider.arn, kind: 'provider', account: account.id, name: provider.arn.slice(provider.arn.indexOf('provider/') + 'provider/'.length) });
  }
  const resources = [...estate.resources.values()].map((r) => ({ arn: r.arn, type: r.type, account: r.accountId, kmsKeyArn: r.kmsKeyArn ?? null }));
  const actions = new Set<string>(['sts:AssumeRole']);
  for (const list of [...Object.values(ACCESS_MAP_ACTIONS), ...Object.values(DEFAULT_ACTIONS)]) for (const a of list) actions.add(a);
  return {
    principals: principals.sort((a, b) => compare(a.arn, b.arn)),
    resources: resources.sort((a, b) => compare(a.arn, b.arn)),
    accounts: accounts.sort((a, b) => compare(a.id, b.id)),
    actions: [...actions].sort(compare),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
