import type { Decision } from '../../core/decision/result.js';
import type { Policy } from '../../core/policy/policy-types.js';
import type { AccessGraph } from '../access-graph/access-graph.js';
import { weakestDecision, type AssumeEdge, type EdgeDecision, type GraphNode } from '../access-graph/graph-types.js';
import { reachersOf } from '../access-graph/reachability.js';
import { DEFAULT_ACTIONS, requestsFor, targetTypeOf, type TargetType } from '../access-graph/resource-actions.js';
import { GROUP_ORDER, groupOf, type AccessGroup } from './access-group.js';
import { directRequesters } from './direct-requesters.js';
import { peopleWhoCan, type PeopleAccess } from './people-who-can.js';

export interface WhoCanOptions {
  /** Actions to ask; default: the set for the resource's type (DEFAULT_ACTIONS). */
  readonly actions?: readonly string[];
  /** Most role assumptions in a chain (default 5). */
  readonly maxHops?: number;
}

/** One principal that can do one action on the resource, directly or through a chain of roles. */
export interface WhoCanEntry {
  readonly principal: GraphNode;
  readonly group: AccessGroup;
  readonly action: string;
  readonly resource: string;
  /** The weakest of the chain's hops and the final request: Allow, Conditional or Unknown. */
  readonly decision: EdgeDecision;
  /** Role assumptions from the principal to the role that makes the request; empty when direct. */
  readonly chain: readonly AssumeEdge[];
  /** Who makes the final request: the principal itself, or the last role of the chain. */
  readonly requester: GraphNode;
  /** The engine's answer for the final request (its hops include the implied KMS requests). */
  readonly final: Decision;
}

/** A principal some gate granted, or a Deny statement refused: shown so a reader sees what keeps it out. */
export interface WhoCanBlocked {
  readonly principal: GraphNode;
  readonly group: AccessGroup;
  readonly action: string;
  readonly resource: string;
  readonly final: Decision;
}

export interface WhoCanResult {
  readonly resource: string;
  readonly type: TargetType;
  readonly resourceAccount?: string;
  /** The (action, resource) pairs asked: buckets ask their object scopes. */
  readonly requests: ReadonlyArray<{ readonly action: string; readonly resource: string }>;
  readonly entries: readonly WhoCanEntry[];
  readonly blocked: readonly WhoCanBlocked[];
  /** People who get in through IAM Identity Center, grouped by how (empty without Identity Center). */
  readonly people: readonly PeopleAccess[];
  readonly maxHops: number;
}

/**
 * `who-can`: every principal that can do the actions on the resource — directly, as a service the
 * resource policy names, anonymously, or through chains of role assumptions — and the near misses.
 * Only candidates are asked: principals the target side names, and principals whose identity
 * policies may allow the action (the action index of the resource's account and named accounts).
 */
export function whoCan(graph: AccessGraph, resourceArn: string, options: WhoCanOptions = {}): WhoCanResult {
  const estate = graph.estate;
  const type = targetTypeOf(estate, resourceArn);
  const maxHops = options.maxHops ?? 5;
  const actions = options.actions && options.actions.length > 0 ? options.actions : DEFAULT_ACTIONS[type];
  const requests = requestsFor(estate, resourceArn, actions, scopePolicies(graph, resourceArn, type, actions));
  const entries: WhoCanEntry[] = [];
  const blocked: WhoCanBlocked[] = [];
  let resourceAccount: string | undefined;
  for (const request of requests) {
    const direct = directRequesters(graph, request.action, request.resource);
    resourceAccount ??= direct.resourceAccount;
    const reaching: WhoCanEntry[] = direct.reaching.map(({ node, final }) => ({
      principal: node,
      group: groupOf(estate, node, direct.resourceAccount),
      ...request,
      action: final.action,
      decision: final.decision as EdgeDecision,
      chain: [],
      requester: node,
      final,
    }));
    for (const { node, final } of direct.blocked) blocked.push({ principal: node, group: groupOf(estate, node, direct.resourceAccount), ...request, final });
    entries.push(...reaching, ...chainedEntries(graph, reaching, direct.resourceAccount, maxHops));
  }
  return {
    resource: resourceArn,
    type,
    ...(resourceAccount ? { resourceAccount } : {}),
    requests,
    entries: entries.sort(compareEntries),
    people: peopleWhoCan(estate, entries),
    blocked: blocked.sort((a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group) || compareText(a.principal.label, b.principal.label)),
    maxHops,
  };
}

/** Principals that reach a directly allowed role through role assumptions: one entry each, shortest chain. */
function chainedEntries(graph: AccessGraph, direct: readonly WhoCanEntry[], resourceAccount: string | undefined, maxHops: number): WhoCanEntry[] {
  const byRole = new Map<string, WhoCanEntry>();
  for (const e of direct) if (e.principal.kind === 'role') byRole.set(e.principal.id, e);
  if (byRole.size === 0 || maxHops === 0) return [];
  const directIds = new Set(direct.map((e) => e.principal.id));
  const out: WhoCanEntry[] = [];
  for (const reach of reachersOf(graph, [...byRole.keys()].sort(), { maxHops })) {
    if (reach.chain.length === 0 || directIds.has(reach.node.id)) continue;
    const last = byRole.get(reach.chain[reach.chain.length - 1]!.to)!;
    out.push({
      principal: reach.node,
      group: groupOf(graph.estate, reach.node, resourceAccount),
      action: last.action,
      resource: last.resource,
      decision: weakestDecision([...reach.chain.map((e) => e.decision), last.decision]),
      chain: reach.chain,
      requester: last.principal,
      final: last.final,
    });
  }
  return out;
}

/** Identity policies that may name objects of the bucket, so that their object prefixes become scopes too. */
function scopePolicies(graph: AccessGraph, arn: string, type: TargetType, actions: readonly string[]): Policy[] {
  if (type !== 'bucket') return [];
  const account = graph.estate.resources.get(arn)?.accountId;
  if (!account) return [];
  const out = new Set<Policy>();
  for (const action of actions) {
    for (const p of graph.actions.principalsAllowing(account, action.toLowerCase(), undefined)) for (const policy of p.policies) out.add(policy);
  }
  return [...out];
}

const DECISION_ORDER: Readonly<Record<EdgeDecision, number>> = { Allow: 0, Conditional: 1, Unknown: 2 };

function compareEntries(a: WhoCanEntry, b: WhoCanEntry): number {
  return (
    GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group) ||
    a.chain.length - b.chain.length ||
    DECISION_ORDER[a.decision] - DECISION_ORDER[b.decision] ||
    compareText(a.principal.label, b.principal.label) ||
    compareText(a.action, b.action) ||
    compareText(a.resource, b.resource)
  );
}

/** Code-unit order: stable across locales, and cheap on thousands of entries. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
