import type { WhatCanResult } from '../analyses/what-can/what-can.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { EstateCoverage } from '../core/model/estate-coverage.js';
import type { DecisionKind } from '../core/decision/result.js';
import { assumeHopJson, nodeJson, requestHopJson, type AssumeHopJson, type NodeJson, type RequestHopJson } from './access-hops.js';

export interface WhatCanJson {
  readonly principal: NodeJson;
  readonly maxHops: number;
  readonly sessions: ReadonlyArray<{ readonly session: NodeJson; readonly chain: readonly AssumeHopJson[] }>;
  readonly reachable: ReadonlyArray<{
    readonly resource: string;
    readonly type: string;
    readonly resourceAccount: string | null;
    readonly action: string;
    readonly decision: DecisionKind;
    readonly chain: readonly AssumeHopJson[];
    readonly request: RequestHopJson;
  }>;
  readonly diagnostics: readonly Diagnostic[];
  /** What the estate's input covers (docs/inputs.md, \"Coverage\"); present when the answer comes from a loaded estate. */
  readonly coverage?: EstateCoverage;
}

export function toWhatCanJson(r: WhatCanResult, diagnostics: readonly Diagnostic[], coverage?: EstateCoverage): WhatCanJson {
  return {
    principal: nodeJson(r.principal),
    maxHops: r.maxHops,
    sessions: r.sessions.map((s) => ({ session: nodeJson(s.node), chain: s.chain.map(assumeHopJson) })),
    reachable: r.entries.map((e) => ({
      resource: e.resource,
      type: e.type,
      resourceAccount: e.resourceAccount ?? null,
      action: e.action,
      decision: e.decision,
      chain: e.chain.map(assumeHopJson),
      request: requestHopJson(e.requester, e.final),
    })),
    diagnostics,
    ...(coverage ? { coverage } : {}),
  };
}

export function renderWhatCanJson(r: WhatCanResult, diagnostics: readonly Diagnostic[], coverage?: EstateCoverage): string {
  return `${JSON.stringify(toWhatCanJson(r, diagnostics, coverage), null, 2)}\n`;
}
