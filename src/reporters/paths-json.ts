import type { PathsResult } from '../analyses/paths/find-paths.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { EstateCoverage } from '../core/model/estate-coverage.js';
import type { DecisionKind } from '../core/decision/result.js';
import { pathUsage } from '../analyses/usage/path-usage.js';
import { assumeHopJson, nodeJson, requestHopJson, type AssumeHopJson, type NodeJson, type RequestHopJson } from './access-hops.js';

export interface PathsJson {
  readonly from: NodeJson;
  readonly action: string;
  readonly resource: string;
  readonly maxHops: number;
  /** Each path: the assume hops, then the request (with `notes` when it is itself a role assumption). */
  readonly paths: ReadonlyArray<{ readonly decision: DecisionKind; readonly hops: ReadonlyArray<AssumeHopJson | (RequestHopJson & { readonly notes: readonly string[] })> }>;
  /** The principal's own request; null for identity providers. */
  readonly direct: RequestHopJson | null;
  readonly truncated: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** What the estate's input covers (docs/inputs.md, \"Coverage\"); present when the answer comes from a loaded estate. */
  readonly coverage?: EstateCoverage;
}

export function toPathsJson(r: PathsResult, diagnostics: readonly Diagnostic[], coverage?: EstateCoverage): PathsJson {
  return {
    from: nodeJson(r.from),
    action: r.action,
    resource: r.resource,
    maxHops: r.maxHops,
    paths: r.paths.map((p) => {
      const usage = pathUsage(p);
      const hops = [...p.chain.map(assumeHopJson), { ...requestHopJson(p.requester, p.final), notes: p.finalNotes }];
      return { decision: p.decision, hops: usage ? hops.map((h, i) => (usage[i] ? { ...h, usage: usage[i] } : h)) : hops };
    }),
    direct: r.direct ? requestHopJson(r.from, r.direct) : null,
    truncated: r.truncated,
    diagnostics,
    ...(coverage ? { coverage } : {}),
  };
}

export function renderPathsJson(r: PathsResult, diagnostics: readonly Diagnostic[], coverage?: EstateCoverage): string {
  return `${JSON.stringify(toPathsJson(r, diagnostics, coverage), null, 2)}\n`;
}
