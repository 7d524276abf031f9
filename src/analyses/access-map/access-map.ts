import type { ConditionBlock, Decision, GateId, Side, StatementRef } from '../../core/decision/result.js';
import type { Role } from '../../core/model/estate.js';
import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import type { AccessGraph } from '../access-graph/access-graph.js';
import { conditionsOf } from '../access-graph/access-graph.js';
import { decidingHop, isNearMiss } from '../access-graph/blocking.js';
import { PUBLIC_NODE } from '../access-graph/graph-nodes.js';
import { isReachingDecision, type EdgeDecision, type GraphNode } from '../access-graph/graph-types.js';
import { requestsFor, type TargetType } from '../access-graph/resource-actions.js';
import { resourceReferences } from '../access-graph/resource-references.js';
import { assumeStatements, referencesOf, type TrustReference } from '../access-graph/trust-references.js';
import { nodesNamed } from '../who-can/direct-requesters.js';
import { BOUNDARY_ORDER, boundaryOf, type AccessBoundary } from './access-boundary.js';
import { ACCESS_MAP_ACTIONS, CLASS_ORDER, classOf, type ActionClass } from './action-classes.js';
import { sourceAccountsOf } from './source-accounts.js';

export interface AccessMapOptions {
  /** Classes come from the catalog's access levels; without one every class is `unknown`. */
  readonly catalog?: ServiceCatalog;
  /** Ask these actions of every resource instead of ACCESS_MAP_ACTIONS (roles are always asked sts:AssumeRole). */
  readonly actions?: readonly string[];
  /** Called after each target with (targets done, targets to do). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** One action of an entry, as the engine answered it. */
export interface AccessMapAction {
  readonly action: string;
  /** The ARN asked: the target, or an object scope of a bucket (`bucket/*`). */
  readonly resource: string;
  readonly class: ActionClass;
  readonly decision: EdgeDecision;
  /** Conditional: the condition (DNF) under which it is allowed; Unknown: the conditions the gates that could tell set. */
  readonly conditions: readonly ConditionBlock[];
  readonly missing: readonly string[];
}

/** A principal of one account that reaches a role or resource of another. */
export interface AccessMapEntry {
  readonly kind: 'assume' | 'resource';
  readonly principal: GraphNode;
  readonly target: string;
  readonly targetType: TargetType;
  readonly targetAccount: string;
  readonly boundary: AccessBoundary;
  /** Service principals: the accounts their source conditions pin them to; `any` when some way in names none. */
  readonly sourceAccounts?: readonly string[] | 'any';
  /** The surest of its actions: what the principal can do at least once (Allow, then Conditional, then Unknown). */
  readonly decision: EdgeDecision;
  readonly classes: readonly ActionClass[];
  readonly actions: readonly AccessMapAction[];
  /** The target-side statements that let the principal in (trust, resource or key policy, grants, ACLs). */
  readonly grants: readonly StatementRef[];
  /** Role assumptions: the edge's notes (role chaining, external id, unknown permissions). */
  readonly notes: readonly string[];
}

/** The target side names the principal, and the request is still refused: what keeps it out. */
export interface AccessMapBlocked {
  readonly principal: GraphNode;
  readonly target: string;
  readonly targetAccount: string;
  readonly boundary: AccessBoundary;
  readonly action: string;
  readonly resource: string;
  readonly decision: 'ExplicitDeny' | 'ImplicitDeny';
  readonly gate?: GateId;
  readonly side?: Side;
  /** The account of the refusing gate (the key owner's for an implied kms:Decrypt). */
  readonly account?: string;
  readonly reason: string;
}

export interface AccessMap {
  readonly entries: readonly AccessMapEntry[];
  readonly blocked: readonly AccessMapBlocked[];
  /** Targets whose trust or resource policy names a principal outside their account: the ones asked. */
  readonly targetsAsked: number;
  readonly targetsTotal: number;
  readonly evaluations: number;
}

const SURENESS: Readonly<Record<EdgeDecision, number>> = { Allow: 0, Conditional: 1, Unknown: 2 };

/**
 * `access-map`: every access across an account boundary in the estate (docs/access-map.md).
 *
 * Across accounts the target side must name the caller (docs/aws-authorization.md#cross-account-two-evaluations, #cross-account-assume-role): a role's trust policy,
 * a resource, bucket or key policy, a KMS grant or an S3 ACL. So only targets whose policies name
 * something outside their own account are asked, and only about the principals they name
 * (accounts expanded through the action index, as `who-can` does). Each (principal, target,
 * action) is decided by the full engine, both sides and the guardrails, implied KMS hops included.
 */
export function buildAccessMap(graph: AccessGraph, options: AccessMapOptions = {}): AccessMap {
  const estate = graph.estate;
  const targets = collectTargets(graph);
  const entries: AccessMapEntry[] = [];
  const blocked: AccessMapBlocked[] = [];
  const before = graph.evaluationCount;
  let done = 0;
  for (const target of targets) {
    if (target.kind === 'role') entries.push(...roleEntries(graph, target.role));
    else {
      const found = resourceAccess(graph, target.arn, target.type, target.accountId, options);
      entries.push(...found.entries);
      blocked.push(...found.blocked);
    }
    options.onProgress?.(++done, targets.length);
  }
  return {
    entries: entries.sort(compareEntries),
    blocked: blocked.sort(compareBlocked),
    targetsAsked: targets.length,
    targetsTotal: countTargets(graph),
    evaluations: graph.evaluationCount - before,
  };

  function roleEntries(g: AccessGraph, role: Role): AccessMapEntry[] {
    const out: AccessMapEntry[] = [];
    for (const edge of g.edgesInto(role.arn)) {
      const principal = g.node(edge.from)!;
      // Services in trust policies are the findings' concern (docs/aws-authorization.md#service-principal-trust, confused deputy): the
      // map lists the principals of other accounts, and services only where a resource names them.
      if (principal.kind === 'service' || !isForeign(principal, role.accountId)) continue;
      const conditions = [...edge.residual];
      out.push({
        kind: 'assume',
        principal,
        target: role.arn,
        targetType: 'role',
        targetAccount: role.accountId,
        boundary: boundaryOf(estate, principal, role.accountId),
        decision: edge.decision,
        classes: [classOf(options.catalog, edge.action)],
        actions: [{ action: edge.action, resource: role.arn, class: classOf(options.catalog, edge.action), decision: edge.decision, conditions, missing: edge.missing }],
        grants: targetGrants(edge.detail),
        notes: edge.notes,
      });
    }
    return out;
  }
}

type Target = { kind: 'role'; role: Role } | { kind: 'resource'; arn: string; type: TargetType; accountId: string };

/** Roles and resources whose policies name something outside their own account, in estate order. */
function collectTargets(graph: AccessGraph): Target[] {
  const estate = graph.estate;
  const out: Target[] = [];
  for (const account of estate.accounts.values()) {
    for (const role of account.roles.values()) {
      const refs = assumeStatements(role).flatMap((s) => referencesOf(s));
      if (refs.some((r) => r.kind !== 'service' && namesOutside(r, role.accountId))) out.push({ kind: 'role', role });
    }
  }
  for (const resource of estate.resources.values()) {
    if (ACCESS_MAP_ACTIONS[resource.type].length === 0 && resource.type !== 'other') continue;
    const refs = resourceReferences(estate, resource.arn, undefined);
    if (refs.publicAcl || refs.references.some((r) => namesOutside(r, resource.accountId))) {
      out.push({ kind: 'resource', arn: resource.arn, type: resource.type, accountId: resource.accountId });
    }
  }
  return out;
}

function countTargets(graph: AccessGraph): number {
  let n = graph.estate.resources.size;
  for (const account of graph.estate.accounts.values()) n += account.roles.size;
  return n;
}

/** A reference that may stand for a principal of another account (services: their source may be anywhere). */
function namesOutside(ref: TrustReference, accountId: string): boolean {
  switch (ref.kind) {
    case 'wildcard':
    case 'unique-id':
    case 'service':
      return true;
    case 'account':
    case 'principal':
      return ref.accountId !== accountId;
    case 'federated':
      return false;
  }
}

function isForeign(node: GraphNode, accountId: string): boolean {
  if (node.kind === 'public' || node.kind === 'service') return true;
  if (node.kind === 'provider') return false;
  return node.accountId !== accountId;
}

/** A service principal is cross-account access when its conditions leave the source open or pin it to another account. */
function pinnedElsewhere(sources: readonly string[] | 'any', accountId: string): boolean {
  return sources === 'any' || sources.some((a) => a !== accountId);
}

function resourceAccess(
  graph: AccessGraph,
  arn: string,
  type: TargetType,
  accountId: string,
  options: AccessMapOptions,
): { entries: AccessMapEntry[]; blocked: AccessMapBlocked[] } {
  const estate = graph.estate;
  const actions = options.actions && options.actions.length > 0 ? options.actions : ACCESS_MAP_ACTIONS[type];
  const byPrincipal = new Map<string, { principal: GraphNode; actions: AccessMapAction[]; grants: Map<string, StatementRef> }>();
  const blocked: AccessMapBlocked[] = [];
  for (const request of requestsFor(estate, arn, actions)) {
    const refs = resourceReferences(estate, request.resource, request.action);
    const candidates = new Map<string, GraphNode>();
    for (const ref of refs.references) {
      if (!namesOutside(ref, accountId)) continue;
      for (const n of nodesNamed(graph, ref, request.action, request.resource)) if (isForeign(n, accountId)) candidates.set(n.id, n);
    }
    if (refs.publicAcl) candidates.set(PUBLIC_NODE.id, PUBLIC_NODE);
    for (const node of candidates.values()) {
      const d = graph.decide(node, request.action, request.resource);
      if (isReachingDecision(d.decision)) {
        let slot = byPrincipal.get(node.id);
        if (!slot) byPrincipal.set(node.id, (slot = { principal: node, actions: [], grants: new Map() }));
        slot.actions.push({
          action: request.action,
          resource: request.resource,
          class: classOf(options.catalog, request.action),
          decision: d.decision,
          conditions: conditionsOf(d),
          missing: d.missing,
        });
        for (const s of targetGrants(d)) slot.grants.set(`${s.policy}#${s.index}`, s);
      } else if (isNearMiss(d)) blocked.push(blockedEntry(estate, node, arn, accountId, request, d));
    }
  }
  const entries: AccessMapEntry[] = [];
  for (const { principal, actions: found, grants } of byPrincipal.values()) {
    const sourceAccounts = principal.kind === 'service' ? sourceAccountsOf(found.flatMap((a) => a.conditions), found.some((a) => a.conditions.length === 0)) : undefined;
    if (sourceAccounts !== undefined && !pinnedElsewhere(sourceAccounts, accountId)) continue;
    entries.push({
      kind: 'resource',
      principal,
      target: arn,
      targetType: type,
      targetAccount: accountId,
      boundary: boundaryOf(estate, principal, accountId),
      ...(sourceAccounts !== undefined ? { sourceAccounts } : {}),
      decision: found.reduce<EdgeDecision>((best, a) => (SURENESS[a.decision] < SURENESS[best] ? a.decision : best), 'Unknown'),
      classes: CLASS_ORDER.filter((c) => found.some((a) => a.class === c)),
      actions: found,
      grants: [...grants.values()],
      notes: [],
    });
  }
  return { entries, blocked };
}

function blockedEntry(
  estate: AccessGraph['estate'],
  node: GraphNode,
  target: string,
  targetAccount: string,
  request: { action: string; resource: string },
  d: Decision,
): AccessMapBlocked {
  const hop = decidingHop(d);
  const gate = hop.gates.find((g) => g.verdict === 'deny') ?? hop.gates.find((g) => g.gate === hop.decidedBy) ?? hop.gates.find((g) => g.verdict === 'no-match');
  return {
    principal: node,
    target,
    targetAccount,
    boundary: boundaryOf(estate, node, targetAccount),
    action: request.action,
    resource: request.resource,
    decision: d.decision as 'ExplicitDeny' | 'ImplicitDeny',
    ...(gate ? { gate: gate.gate, side: gate.side, account: gate.account, reason: gate.reason } : { reason: `${hop.action} on ${hop.resource}: ${hop.decision}` }),
  };
}

const TARGET_GATES: ReadonlySet<GateId> = new Set(['trust', 'resource', 'key-policy', 'grant', 's3-acl']);

/** The statements of the target side's granting gates of the main hop. */
function targetGrants(d: Decision): StatementRef[] {
  const main = d.hops[0];
  if (!main) return [];
  const out: StatementRef[] = [];
  for (const g of main.gates) {
    if (!TARGET_GATES.has(g.gate) || (g.verdict !== 'allow' && g.verdict !== 'conditional')) continue;
    for (const s of g.statements) if (s.effect === 'Allow') out.push(s);
  }
  return out;
}

function compareEntries(a: AccessMapEntry, b: AccessMapEntry): number {
  return (
    BOUNDARY_ORDER.indexOf(a.boundary) - BOUNDARY_ORDER.indexOf(b.boundary) ||
    compareText(a.targetAccount, b.targetAccount) ||
    compareText(a.target, b.target) ||
    SURENESS[a.decision] - SURENESS[b.decision] ||
    compareText(a.principal.id, b.principal.id)
  );
}

function compareBlocked(a: AccessMapBlocked, b: AccessMapBlocked): number {
  return (
    BOUNDARY_ORDER.indexOf(a.boundary) - BOUNDARY_ORDER.indexOf(b.boundary) ||
    compareText(a.target, b.target) ||
    compareText(a.principal.id, b.principal.id) ||
    compareText(a.action, b.action) ||
    compareText(a.resource, b.resource)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
