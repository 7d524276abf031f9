import type { Usage } from '../analyses/usage/entry-usage.js';
import { peopleJson, type PeopleJson } from './people-json.js';
import type { AccessBoundary } from '../analyses/access-map/access-boundary.js';
import type { AccessMap, AccessMapAction, AccessMapEntry } from '../analyses/access-map/access-map.js';
import type { ActionClass } from '../analyses/access-map/action-classes.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { EstateCoverage } from '../core/model/estate-coverage.js';
import type { GateId, Side, StatementRef } from '../core/decision/result.js';
import { firstPrincipal, sortedMembers, type PrincipalSet } from '../analyses/access-map/principal-set.js';
import { nodeJson, type NodeJson } from './access-hops.js';

/** An entry's principals: the first (the only one, for a set of one), the count and accounts; every member with `expand`. */
export interface PrincipalSetJson {
  readonly count: number;
  readonly accounts: readonly string[];
  readonly named: boolean;
  readonly first: NodeJson;
  readonly members?: readonly NodeJson[];
}

export interface AccessMapJsonOptions {
  /** List every member of every set (`--expand`); sets of one always list theirs. */
  readonly expand?: boolean;
}

export interface AccessMapJson {
  /** 2: entries hold principal sets (docs/access-map.md#format-version). */
  readonly formatVersion: 2;
  readonly summary: {
    readonly entries: number;
    readonly byBoundary: Readonly<Record<AccessBoundary, number>>;
    readonly blocked: number;
    readonly targetsAsked: number;
    readonly targetsTotal: number;
    readonly evaluations: number;
    /** The principals of every entry, summed: how many (principal, target) pairs reach. */
    readonly principals: number;
    readonly blockedPrincipals: number;
  };
  readonly entries: ReadonlyArray<{
    readonly kind: 'assume' | 'resource';
    readonly principals: PrincipalSetJson;
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
    /** The people who sign in as the principals through IAM Identity Center, by way in (empty when none do). */
    readonly people: readonly PeopleJson[];
    /** Whether the access was used, and the signal that says so (docs/cloudtrail.md#usage); present only with usage evidence. */
    readonly usage?: Usage;
  }>;
  readonly blocked: ReadonlyArray<{
    readonly principals: PrincipalSetJson;
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
  /** One shard of the map (`--target-accounts`): the accounts whose roles and resources it asked (docs/scale.md#shards). */
  readonly shard?: { readonly targetAccounts: readonly string[] };
}

export function toAccessMapJson(m: AccessMap, diagnostics: readonly Diagnostic[], coverage?: EstateCoverage, options: AccessMapJsonOptions = {}): AccessMapJson {
  const byBoundary: Record<AccessBoundary, number> = { public: 0, outside: 0, unknown: 0, service: 0, organization: 0 };
  for (const e of m.entries) byBoundary[e.boundary]++;
  const principals = m.entries.reduce((n, e) => n + e.principals.count, 0);
  const blockedPrincipals = m.blocked.reduce((n, b) => n + b.principals.count, 0);
  return {
    formatVersion: 2,
    summary: { entries: m.entries.length, byBoundary, blocked: m.blocked.length, targetsAsked: m.targetsAsked, targetsTotal: m.targetsTotal, evaluations: m.evaluations, principals, blockedPrincipals },
    entries: m.entries.map((e) => entryJson(e, options)),
    blocked: m.blocked.map((b) => blockedJson(b, options)),
    diagnostics,
    ...(coverage ? { coverage } : {}),
    ...(m.shard ? { shard: m.shard } : {}),
  };
}

export type AccessBlockedJson = AccessMapJson['blocked'][number];

export function blockedJson(b: AccessMap['blocked'][number], options: AccessMapJsonOptions = {}): AccessBlockedJson {
  return {
    principals: principalSetJson(b.principals, options),
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
  };
}

export type AccessEntryJson = AccessMapJson['entries'][number];

export function principalSetJson(set: PrincipalSet, options: AccessMapJsonOptions = {}): PrincipalSetJson {
  return {
    count: set.count,
    accounts: set.accounts,
    named: set.named,
    first: nodeJson(firstPrincipal(set)),
    ...(set.count === 1 || options.expand ? { members: sortedMembers(set).map(nodeJson) } : {}),
  };
}

export function entryJson(e: AccessMapEntry, options: AccessMapJsonOptions = {}): AccessEntryJson {
  return {
    kind: e.kind,
    principals: principalSetJson(e.principals, options),
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
    people: (e.people ?? []).map(peopleJson),
    ...(e.usage ? { usage: e.usage } : {}),
  };
}

export function renderAccessMapJson(m: AccessMap, diagnostics: readonly Diagnostic[], coverage?: EstateCoverage, options: AccessMapJsonOptions = {}): string {
  return `${JSON.stringify(toAccessMapJson(m, diagnostics, coverage, options), null, 2)}\n`;
}
