import type { AccessBoundary } from '../analyses/access-map/access-boundary.js';
import type { AccessMap, AccessMapAction, AccessMapEntry } from '../analyses/access-map/access-map.js';
import type { ActionClass } from '../analyses/access-map/action-classes.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { EstateCoverage } from '../core/model/estate-coverage.js';
import type { GateId, Side, StatementRef } from '../core/decision/result.js';
import { nodeJson, type NodeJson } from './access-hops.js';

export interface AccessMapJson {
  readonly summary: {
    readonly entries: number;
    readonly byBoundary: Readonly<Record<AccessBoundary, number>>;
    readonly blocked: number;
    readonly targetsAsked: number;
    readonly targetsTotal: number;
    readonly evaluations: number;
  };
  readonly entries: ReadonlyArray<{
    readonly kind: 'assume' | 'resource';
    readonly principal: NodeJson;
    readonly target: string;
    readonly targetType: string;
    readonly targetAccount: string;
    readonly boundary: AccessBoundary;
    readonly sourceAccounts: readonly string[] | 'any' | null;
    readonly decision: string;
    readonly classes: readonly ActionClass[];
    readonly actions: readonly AccessMapAction[];
    readonly grants: readonly StatementRef[];
    readonly notes: readonly string[];
  }>;
  readonly blocked: ReadonlyArray<{
    readonly principal: NodeJson;
    readonly target: string;
    readonly targetAccount: string;
    readonly boundary: AccessBoundary;
    readonly action: string;
    readonly resource: string;
    readonly decision: string;
    readonly gate: GateId | null;
    readonly side: Side | null;
    readonly account: string | null;
    readonly reason: string;
  }>;
  readonly diagnostics: readonly Diagnostic[];
  /** What the estate's input covers (docs/inputs.md, \"Coverage\"); present when the answer comes from a loaded estate. */
  readonly coverage?: EstateCoverage;
}

export function toAccessMapJson(m: AccessMap, diagnostics: readonly Diagnostic[], coverage?: EstateCoverage): AccessMapJson {
  const byBoundary: Record<AccessBoundary, number> = { public: 0, outside: 0, unknown: 0, service: 0, organization: 0 };
  for (const e of m.entries) byBoundary[e.boundary]++;
  return {
    summary: { entries: m.entries.length, byBoundary, blocked: m.blocked.length, targetsAsked: m.targetsAsked, targetsTotal: m.targetsTotal, evaluations: m.evaluations },
    entries: m.entries.map(entryJson),
    blocked: m.blocked.map((b) => ({
      principal: nodeJson(b.principal),
      target: b.target,
      targetAccount: b.targetAccount,
      boundary: b.boundary,
      action: b.action,
      resource: b.resource,
      decision: b.decision,
      gate: b.gate ?? null,
      side: b.side ?? null,
      account: b.account ?? null,
      reason: b.reason,
    })),
    diagnostics,
    ...(coverage ? { coverage } : {}),
  };
}

export type AccessEntryJson = AccessMapJson['entries'][number];

export function entryJson(e: AccessMapEntry): AccessEntryJson {
  return {
    kind: e.kind,
    principal: nodeJson(e.principal),
    target: e.target,
    targetType: e.targetType,
    targetAccount: e.targetAccount,
    boundary: e.boundary,
    sourceAccounts: e.sourceAccounts ?? null,
    decision: e.decision,
    classes: e.classes,
    actions: e.actions,
    grants: e.grants,
    notes: e.notes,
  };
}

export function renderAccessMapJson(m: AccessMap, diagnostics: readonly Diagnostic[], coverage?: EstateCoverage): string {
  return `${JSON.stringify(toAccessMapJson(m, diagnostics, coverage), null, 2)}\n`;
}
