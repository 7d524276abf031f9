import { peopleJson, type PeopleJson } from './people-json.js';
import type { WhoCanResult } from '../analyses/who-can/who-can.js';
import { pageWhoCan, type WhoCanPaging } from '../analyses/who-can/page-who-can.js';
import type { AccessGroup } from '../analyses/who-can/access-group.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { EstateCoverage } from '../core/model/estate-coverage.js';
import type { DecisionKind } from '../core/decision/result.js';
import { assumeHopJson, nodeJson, requestHopJson, type AssumeHopJson, type NodeJson, type RequestHopJson } from './access-hops.js';

export interface WhoCanJson {
  readonly resource: string;
  readonly type: string;
  readonly resourceAccount: string | null;
  readonly requests: ReadonlyArray<{ readonly action: string; readonly resource: string }>;
  readonly maxHops: number;
  readonly principals: ReadonlyArray<{
    readonly principal: NodeJson;
    readonly group: AccessGroup;
    readonly action: string;
    readonly resource: string;
    readonly decision: DecisionKind;
    readonly chain: readonly AssumeHopJson[];
    readonly request: RequestHopJson;
  }>;
  readonly blocked: ReadonlyArray<{ readonly principal: NodeJson; readonly group: AccessGroup; readonly action: string; readonly resource: string; readonly request: RequestHopJson }>;
  /** People who get in through IAM Identity Center, one row per way in (not paged). */
  readonly people: ReadonlyArray<
    PeopleJson & { readonly access: ReadonlyArray<{ readonly action: string; readonly resource: string; readonly decision: DecisionKind; readonly chain: readonly AssumeHopJson[] }> }
  >;
  /** How many principals and blocked rows the whole answer has, whatever the page shows. */
  readonly total: { readonly principals: number; readonly blocked: number };
  /** The page shown of each list (`--offset`, `--limit`); `limit` is null when every row from `offset` is shown. */
  readonly page: { readonly offset: number; readonly limit: number | null };
  readonly diagnostics: readonly Diagnostic[];
  /** What the estate's input covers (docs/inputs.md, \"Coverage\"); present when the answer comes from a loaded estate. */
  readonly coverage?: EstateCoverage;
}

/** `r` is the answer as shown (already paged); `paging` says how it was paged (default: not paged). */
export function toWhoCanJson(r: WhoCanResult, diagnostics: readonly Diagnostic[], coverage?: EstateCoverage, paging: WhoCanPaging = pageWhoCan(r)): WhoCanJson {
  return {
    resource: r.resource,
    type: r.type,
    resourceAccount: r.resourceAccount ?? null,
    requests: r.requests,
    maxHops: r.maxHops,
    principals: r.entries.map((e) => ({
      principal: nodeJson(e.principal),
      group: e.group,
      action: e.action,
      resource: e.resource,
      decision: e.decision,
      chain: e.chain.map(assumeHopJson),
      request: requestHopJson(e.requester, e.final),
    })),
    blocked: r.blocked.map((b) => ({ principal: nodeJson(b.principal), group: b.group, action: b.action, resource: b.resource, request: requestHopJson(b.principal, b.final) })),
    people: r.people.map((p) => ({
      ...peopleJson(p),
      access: p.entries.map((e) => ({ action: e.action, resource: e.resource, decision: e.decision, chain: e.chain.map(assumeHopJson) })),
    })),
    total: { principals: paging.total.principals, blocked: paging.total.blocked },
    page: { offset: paging.page.offset, limit: paging.page.limit },
    diagnostics,
    ...(coverage ? { coverage } : {}),
  };
}

export function renderWhoCanJson(r: WhoCanResult, diagnostics: readonly Diagnostic[], coverage?: EstateCoverage, paging?: WhoCanPaging): string {
  return `${JSON.stringify(toWhoCanJson(r, diagnostics, coverage, paging), null, 2)}\n`;
}
