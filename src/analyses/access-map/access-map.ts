import type { ConditionBlock, Decision, GateId, GateVerdict, Side, StatementRef } from '../../core/decision/result.js';
import type { Estate, Role } from '../../core/model/estate.js';
import { peopleBehindRoles, type PeopleBehindRole } from '../identity-center/people-behind-roles.js';
import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import type { Usage } from '../usage/entry-usage.js';
import type { AccessGraph } from '../access-graph/access-graph.js';
import { conditionsOf } from '../access-graph/access-graph.js';
import { decidingHop, isNearMiss } from '../access-graph/blocking.js';
import { PUBLIC_NODE } from '../access-graph/graph-nodes.js';
import { isReachingDecision, type AssumeEdge, type EdgeDecision, type GraphNode } from '../access-graph/graph-types.js';
import { requestsFor, type TargetType } from '../access-graph/resource-actions.js';
import { resourceReferences } from '../access-graph/resource-references.js';
import { assumeStatements, referencesOf, type TrustReference } from '../access-graph/trust-references.js';
import { nodesNamed } from '../who-can/direct-requesters.js';
import { BOUNDARY_ORDER, boundaryOf, type AccessBoundary } from './access-boundary.js';
import { ACCESS_MAP_ACTIONS, CLASS_ORDER, classOf, type ActionClass } from './action-classes.js';
import type { IamPrincipal } from '../access-graph/action-index.js';
import { PrincipalClassifier } from './principal-classes.js';
import { namedPrincipal, principalSet, type PrincipalSet } from './principal-set.js';
import { sourceAccountsOf } from './source-accounts.js';

export interface AccessMapOptions {
  /** Classes come from the catalog's access levels; without one every class is `unknown`. */
  readonly catalog?: ServiceCatalog;
  /** Ask these actions of every resource instead of ACCESS_MAP_ACTIONS (roles are always asked sts:AssumeRole). */
  readonly actions?: readonly string[];
  /** Called after each target with (targets done, targets to do). */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * One shard: only the roles and resources of these accounts are asked (docs/scale.md#shards).
   * The map is a pure function of the estate and its target accounts, so shards over a partition
   * of the accounts merge (`trustmap merge`) into the map of one run.
   */
  readonly targetAccounts?: ReadonlySet<string>;
  /** Called with each target's entries and blocked requests as they are found (`--format jsonl`). */
  readonly onTarget?: (found: { readonly entries: readonly AccessMapEntry[]; readonly blocked: readonly AccessMapBlocked[] }) => void;
  /** False: entries go to `onTarget` only, and the map returned holds none (memory of one target at a time). */
  readonly keep?: boolean;
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

/** A principal of one account, or a set of principals, that reaches a role or resource of another. */
export interface AccessMapEntry {
  readonly kind: 'assume' | 'resource';
  readonly principals: PrincipalSet;
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
  /** The people who sign in as the entry's principals through IAM Identity Center, by way in; absent when none do. */
  readonly people?: readonly PeopleBehindRole[];
  /** Whether the access was used, and what that rests on (CloudTrail, or the role's `RoleLastUsed`); absent without usage evidence. */
  readonly usage?: Usage;
}

/** The target side names the principals, and the request is still refused: what keeps them out. */
export interface AccessMapBlocked {
  readonly principals: PrincipalSet;
  readonly target: string;
  readonly targetAccount: string;
  readonly boundary: AccessBoundary;
  readonly action: string;
  readonly resource: string;
  readonly decision: 'ExplicitDeny' | 'ImplicitDeny';
  readonly gate?: GateId;
  readonly side?: Side;
  /** The account of the refusing gate (the key owner's for an implied kms:Decrypt); absent for a caller-side gate of a set that spans accounts. */
  readonly account?: string;
  readonly reason: string;
}

export interface AccessMap {
  /** The form of the map: 2 since entries hold principal sets (docs/access-map.md#format-version). */
  readonly formatVersion: 2;
  readonly entries: readonly AccessMapEntry[];
  readonly blocked: readonly AccessMapBlocked[];
  /** Targets whose trust or resource policy names a principal outside their account: the ones asked. */
  readonly targetsAsked: number;
  readonly targetsTotal: number;
  readonly evaluations: number;
  /** Set for one shard of the map: the accounts whose roles and resources it asked. */
  readonly shard?: { readonly targetAccounts: readonly string[] };
}

interface SortableEntry {
  readonly boundary: AccessBoundary;
  readonly targetAccount: string;
  readonly target: string;
  readonly decision: string;
  readonly principals: { readonly count: number; readonly first: { readonly id: string } };
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
  const inShard = options.targetAccounts ? (account: string) => options.targetAccounts!.has(account) : () => true;
  const targets = collectTargets(graph).filter((t) => inShard(t.kind === 'role' ? t.role.accountId : t.accountId));
  const classifier = new PrincipalClassifier(graph.estate, graph.actions);
  const nodes = new ChunkNodes(graph);
  const keep = options.keep !== false;
  const entries: AccessMapEntry[] = [];
  const blocked: AccessMapBlocked[] = [];
  const before = graph.evaluationCount;
  let done = 0;
  for (const target of targets) {
    const found =
      target.kind === 'role'
        ? { entries: roleEntries(graph, target.role, options), blocked: [] as AccessMapBlocked[] }
        : resourceAccess(graph, classifier, nodes, target.arn, target.type, target.accountId, options);
    const withPeopleFound = { entries: withPeople(graph.estate, found.entries), blocked: found.blocked };
    options.onTarget?.(withPeopleFound);
    if (keep) {
      entries.push(...withPeopleFound.entries);
      blocked.push(...withPeopleFound.blocked);
    }
    options.onProgress?.(++done, targets.length);
  }
  return {
    formatVersion: 2,
    entries: entries.sort(compareEntries),
    blocked: blocked.sort(compareBlocked),
    targetsAsked: targets.length,
    targetsTotal: countTargets(graph, inShard),
    evaluations: graph.evaluationCount - before,
    ...(options.targetAccounts ? { shard: { targetAccounts: [...options.targetAccounts].sort() } } : {}),
  };
}

/** Entries whose principals include IAM Identity Center roles name the people behind them. */
function withPeople(estate: Estate, entries: AccessMapEntry[]): AccessMapEntry[] {
  if (!estate.identityCenter) return entries;
  return entries.map((e) => {
    const roles = new Set<string>();
    for (const m of e.principals.members) if (m.kind === 'role') roles.add(m.id);
    const people = peopleBehindRoles(estate, roles);
    return people.length > 0 ? { ...e, people } : e;
  });
}

/**
 * Who can assume a role from another account: the graph's edges into it. Principals the trust
 * policy names by ARN are entries of their own; those it names through their account or `*` are
 * grouped when the engine answered them alike.
 */
function roleEntries(graph: AccessGraph, role: Role, options: AccessMapOptions): AccessMapEntry[] {
  const estate = graph.estate;
  const namedArns = new Set<string>();
  for (const statement of assumeStatements(role)) for (const ref of referencesOf(statement)) if (ref.kind === 'principal' || ref.kind === 'unique-id') namedArns.add(ref.kind === 'principal' ? ref.arn : ref.id);
  const groups = new Map<string, { edge: AssumeEdge; members: GraphNode[] }>();
  const out: AccessMapEntry[] = [];
  for (const edge of graph.edgesInto(role.arn)) {
    const principal = graph.node(edge.from)!;
    // Services in trust policies are the findings' concern (docs/aws-authorization.md#service-principal-trust, confused deputy): the
    // map lists the principals of other accounts, and services only where a resource names them.
    if (principal.kind === 'service' || !isForeign(principal, role.accountId)) continue;
    const boundary = boundaryOf(estate, principal, role.accountId);
    const named = (principal.kind !== 'user' && principal.kind !== 'role') || namedArns.has(principal.id) || namedArns.has(principal.id.replace(/:role\/.*\//, ':role/'));
    if (named) {
      out.push(roleEntry(role, edge, namedPrincipal(principal), boundary, options));
      continue;
    }
    const key = [boundary, edge.action, edge.decision, JSON.stringify(edge.residual), edge.missing.join('\u0000'), edge.notes.join('\u0000'), grantsKey(targetGrants(edge.detail))].join('\u0001');
    const group = groups.get(key);
    if (group) group.members.push(principal);
    else groups.set(key, { edge, members: [principal] });
  }
  for (const { edge, members } of groups.values()) {
    const principal = members[0]!;
    out.push(roleEntry(role, edge, principalSet(members), boundaryOf(estate, principal, role.accountId), options));
  }
  return out;
}

function roleEntry(role: Role, edge: AssumeEdge, principals: PrincipalSet, boundary: AccessBoundary, options: AccessMapOptions): AccessMapEntry {
  const actionClass = classOf(options.catalog, edge.action);
  return {
    kind: 'assume',
    principals,
    target: role.arn,
    targetType: 'role',
    targetAccount: role.accountId,
    boundary,
    decision: edge.decision,
    classes: [actionClass],
    actions: [{ action: edge.action, resource: role.arn, class: actionClass, decision: edge.decision, conditions: [...edge.residual], missing: edge.missing }],
    grants: targetGrants(edge.detail),
    notes: edge.notes,
  };
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

function countTargets(graph: AccessGraph, inShard: (account: string) => boolean): number {
  let n = 0;
  for (const resource of graph.estate.resources.values()) if (inShard(resource.accountId)) n++;
  for (const account of graph.estate.accounts.values()) if (inShard(account.id)) n += account.roles.size;
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

/**
 * One answer of the engine for one request of a target, shared by every principal it was given
 * for: what the map keeps of it, so that the Decision itself can go at once.
 */
interface Outcome {
  readonly request: { action: string; resource: string };
  readonly grants: readonly StatementRef[];
  readonly action: AccessMapAction;
}

/** A near miss before merging: the refusal, and its principals as the arrays they came in. */
interface PendingBlocked {
  readonly blocked: Omit<AccessMapBlocked, 'principals'>;
  readonly named: boolean;
  readonly chunks: GraphNode[][];
}

/**
 * Every principal from outside the resource's account that reaches it, and every near miss. The
 * principals the target side names are asked one by one; those it names through their account or
 * `*` are asked in classes (principal-classes.ts), one engine evaluation per class. Each principal's
 * answers to every action asked are then joined, and principals with the same answers form one entry.
 * A principal's answers are a path in a small trie of outcome numbers, so that tens of thousands of
 * principals cost a map step each per request, not a string.
 */
function resourceAccess(
  graph: AccessGraph,
  classifier: PrincipalClassifier,
  nodes: ChunkNodes,
  arn: string,
  type: TargetType,
  accountId: string,
  options: AccessMapOptions,
): { entries: AccessMapEntry[]; blocked: AccessMapBlocked[] } {
  const estate = graph.estate;
  const actions = options.actions && options.actions.length > 0 ? options.actions : ACCESS_MAP_ACTIONS[type];
  const outcomes: Outcome[] = [];
  const outcomeIds = new Map<string, number>();
  const namedAnswers = new Map<GraphNode, number[]>();
  const trie = new OutcomeTrie();
  const answers = new Map<IamPrincipal, number>();
  const pending: PendingBlocked[] = [];
  for (const request of requestsFor(estate, arn, actions)) {
    const refs = resourceReferences(estate, request.resource, request.action);
    const individuals = new Map<string, GraphNode>();
    const expanded = new Set<string>();
    for (const ref of refs.references) {
      if (!namesOutside(ref, accountId)) continue;
      if (ref.kind === 'wildcard') {
        individuals.set(PUBLIC_NODE.id, PUBLIC_NODE);
        for (const account of estate.accounts.values()) if (account.iamCollected && account.id !== accountId) expanded.add(account.id);
      } else if (ref.kind === 'account' && estate.accounts.get(ref.accountId)?.iamCollected) expanded.add(ref.accountId);
      else for (const n of nodesNamed(graph, ref, request.action, request.resource)) if (isForeign(n, accountId)) individuals.set(n.id, n);
    }
    if (refs.publicAcl) individuals.set(PUBLIC_NODE.id, PUBLIC_NODE);
    // Classes the engine answered alike share one outcome, so that their principals form one set.
    const outcomeOf = (d: Decision): number => {
      const conditions = conditionsOf(d);
      const grants = targetGrants(d);
      const key = [request.action, request.resource, d.decision, JSON.stringify(conditions), d.missing.join('\u0001'), grantsKey(grants)].join('\u0000');
      const known = outcomeIds.get(key);
      if (known !== undefined) return known;
      outcomes.push({
        request,
        grants,
        action: { action: request.action, resource: request.resource, class: classOf(options.catalog, request.action), decision: d.decision as EdgeDecision, conditions, missing: d.missing },
      });
      outcomeIds.set(key, outcomes.length - 1);
      return outcomes.length - 1;
    };
    for (const node of individuals.values()) {
      const d = graph.decide(node, request.action, request.resource);
      if (isReachingDecision(d.decision)) {
        const n = outcomeOf(d);
        const list = namedAnswers.get(node);
        if (list) list.push(n);
        else namedAnswers.set(node, [n]);
      } else if (isNearMiss(d)) pending.push(pendingBlocked(estate, [[node]], true, arn, accountId, request, d));
    }
    for (const c of classifier.classes(expanded, request.action, request.resource, new Set(individuals.keys()))) {
      const representative = graph.principalNode(c.representative);
      const d = graph.decideOnce(representative, request.action, request.resource);
      if (isReachingDecision(d.decision)) {
        const n = outcomeOf(d);
        for (const chunk of c.chunks) {
          let lastFrom = -1;
          let lastTo = -1;
          for (const p of chunk) {
            const from = answers.get(p) ?? 0;
            if (from !== lastFrom) {
              lastFrom = from;
              lastTo = trie.step(from, n);
            }
            answers.set(p, lastTo);
          }
        }
      } else if (isNearMiss(d)) {
        const chunks = c.chunks.map((chunk) => nodes.of(chunk));
        for (const part of splitForReason(graph, representative, chunks, d, request)) pending.push(pendingBlocked(estate, part.chunks, false, arn, accountId, request, part.decision));
      }
    }
  }
  const entries: AccessMapEntry[] = [];
  const entryOf = (found: readonly Outcome[], principals: PrincipalSet): void => {
    const principal = principals.first;
    const grants = new Map<string, StatementRef>();
    for (const o of found) for (const s of o.grants) grants.set(`${s.policy}#${s.index}`, s);
    const acts = found.map((o) => o.action);
    const sourceAccounts = principal.kind === 'service' ? sourceAccountsOf(acts.flatMap((a) => a.conditions), acts.some((a) => a.conditions.length === 0)) : undefined;
    if (sourceAccounts !== undefined && !pinnedElsewhere(sourceAccounts, accountId)) return;
    entries.push({
      kind: 'resource',
      principals,
      target: arn,
      targetType: type,
      targetAccount: accountId,
      boundary: boundaryOf(estate, principal, accountId),
      ...(sourceAccounts !== undefined ? { sourceAccounts } : {}),
      decision: acts.reduce<EdgeDecision>((best, a) => (SURENESS[a.decision] < SURENESS[best] ? a.decision : best), 'Unknown'),
      classes: CLASS_ORDER.filter((c) => acts.some((a) => a.class === c)),
      actions: acts,
      grants: [...grants.values()],
      notes: [],
    });
  };
  for (const [node, found] of namedAnswers) entryOf(found.map((n) => outcomes[n]!), namedPrincipal(node));
  // Principals with the same answers and the same boundary (their account's, seen from the target) form one set.
  const groups = new Map<string, GraphNode[]>();
  const boundaries = new Map<string, AccessBoundary>();
  for (const [p, path] of answers) {
    let boundary = boundaries.get(p.accountId);
    if (boundary === undefined) boundaries.set(p.accountId, (boundary = boundaryOf(estate, nodes.one(p), accountId)));
    const key = `${path} ${boundary}`;
    const list = groups.get(key);
    if (list) list.push(nodes.one(p));
    else groups.set(key, [nodes.one(p)]);
  }
  for (const [key, members] of groups) entryOf(trie.path(Number(key.slice(0, key.indexOf(' ')))).map((n) => outcomes[n]!), principalSet(nodes.shared(members)));
  return { entries, blocked: mergeBlocked(pending, nodes) };
}

/**
 * Sequences of outcome numbers, each one a node: `step(from, outcome)` is the sequence `from`
 * followed by `outcome`, the same node each time. Node 0 is the empty sequence.
 */
class OutcomeTrie {
  private readonly next = new Map<number, number>();
  private readonly parents: number[] = [0];
  private readonly last: number[] = [-1];

  step(from: number, outcome: number): number {
    const key = from * 65_536 + outcome;
    let to = this.next.get(key);
    if (to === undefined) {
      to = this.parents.length;
      this.parents.push(from);
      this.last.push(outcome);
      this.next.set(key, to);
    }
    return to;
  }

  path(node: number): number[] {
    const out: number[] = [];
    for (let n = node; n !== 0; n = this.parents[n]!) out.push(this.last[n]!);
    return out.reverse();
  }
}

/**
 * The graph's nodes of principals: one per principal, one array per class chunk, made once; and
 * member lists kept once however many targets share them (the same organization-wide set reaches
 * every organization-wide bucket).
 */
class ChunkNodes {
  private readonly byPrincipal = new Map<IamPrincipal, GraphNode>();
  private readonly numbers = new Map<GraphNode, number>();
  private readonly byChunk = new WeakMap<readonly IamPrincipal[], GraphNode[]>();
  private readonly lists = new Map<string, GraphNode[][]>();

  constructor(private readonly graph: AccessGraph) {}

  one(p: IamPrincipal): GraphNode {
    let node = this.byPrincipal.get(p);
    if (!node) {
      this.byPrincipal.set(p, (node = this.graph.principalNode(p)));
      this.numbers.set(node, this.numbers.size);
    }
    return node;
  }

  /** The list itself, or an equal one (the same members in the same order) made before. */
  shared(members: GraphNode[]): GraphNode[] {
    if (members.length < 16) return members;
    let h1 = 0;
    let h2 = 0;
    for (const m of members) {
      const n = this.numbers.get(m) ?? 0;
      h1 = (Math.imul(h1, 31) + n) | 0;
      h2 = (h2 + n * 7919) % 2_147_483_647;
    }
    const key = `${members.length}:${h1}:${h2}`;
    const known = this.lists.get(key);
    if (known) {
      for (const list of known) if (list.every((m, i) => m === members[i])) return list;
      known.push(members);
    } else this.lists.set(key, [members]);
    return members;
  }

  of(chunk: readonly IamPrincipal[]): GraphNode[] {
    let list = this.byChunk.get(chunk);
    if (!list) this.byChunk.set(chunk, (list = chunk.map((p) => this.one(p))));
    return list;
  }
}

/**
 * A refusal an SCP attached to the account itself decided names that account in its reason
 * (`the SCPs at account 1234…`): a class that spans accounts is asked again once per account, so
 * that each account's refusal is its own. Other reasons read the same for every member.
 */
function splitForReason(
  graph: AccessGraph,
  representative: GraphNode,
  chunks: GraphNode[][],
  d: Decision,
  request: { action: string; resource: string },
): Array<{ chunks: GraphNode[][]; decision: Decision }> {
  const gate = refusingGate(d);
  if (!gate || gate.gate !== 'scp' || !/^\d{12}$/.test(gate.targetId ?? '')) return [{ chunks, decision: d }];
  const byAccount = new Map<string | undefined, GraphNode[][]>();
  for (const chunk of chunks) {
    for (const m of chunk) {
      const list = byAccount.get(m.accountId);
      if (list) list[0]!.push(m);
      else byAccount.set(m.accountId, [[m]]);
    }
  }
  if (byAccount.size === 1) return [{ chunks, decision: d }];
  return [...byAccount.values()].map((parts) => ({
    chunks: parts,
    decision: parts[0]!.includes(representative) ? d : graph.decideOnce(parts[0]![0]!, request.action, request.resource),
  }));
}

/** Principals refused alike (the same request, gate and reason) form one blocked entry. */
function mergeBlocked(list: readonly PendingBlocked[], nodes: ChunkNodes): AccessMapBlocked[] {
  const out = new Map<string, { blocked: Omit<AccessMapBlocked, 'principals'>; named: boolean; chunks: GraphNode[][] }>();
  for (const p of list) {
    const b = p.blocked;
    const key = p.named
      ? `named\u0000${p.chunks[0]![0]!.id}\u0000${b.action}\u0000${b.resource}`
      : [b.boundary, b.action, b.resource, b.decision, b.gate ?? '', b.side ?? '', b.account ?? '', b.reason].join('\u0000');
    const known = out.get(key);
    if (!known) out.set(key, { blocked: b, named: p.named, chunks: [...p.chunks] });
    else known.chunks.push(...p.chunks);
  }
  return [...out.values()].map(({ blocked, named, chunks }) => {
    const members = chunks.length === 1 ? chunks[0]! : chunks.flat();
    const principals = named ? namedPrincipal(members[0]!) : principalSet(nodes.shared(members));
    // A caller-side gate's account is the caller's: a set across accounts has no one account to name.
    const { account, ...rest } = blocked;
    return { ...rest, principals, ...(account !== undefined && !(blocked.side === 'caller' && principals.accounts.length > 1) ? { account } : {}) };
  });
}

function refusingGate(d: Decision): GateVerdict | undefined {
  const hop = decidingHop(d);
  return hop.gates.find((g) => g.verdict === 'deny') ?? hop.gates.find((g) => g.gate === hop.decidedBy) ?? hop.gates.find((g) => g.verdict === 'no-match');
}

function pendingBlocked(
  estate: AccessGraph['estate'],
  chunks: GraphNode[][],
  named: boolean,
  target: string,
  targetAccount: string,
  request: { action: string; resource: string },
  d: Decision,
): PendingBlocked {
  const hop = decidingHop(d);
  const gate = refusingGate(d);
  return {
    named,
    chunks,
    blocked: {
      target,
      targetAccount,
      boundary: boundaryOf(estate, chunks[0]![0]!, targetAccount),
      action: request.action,
      resource: request.resource,
      decision: d.decision as 'ExplicitDeny' | 'ImplicitDeny',
      ...(gate ? { gate: gate.gate, side: gate.side, account: gate.account, reason: gate.reason } : { reason: `${hop.action} on ${hop.resource}: ${hop.decision}` }),
    },
  };
}

function grantsKey(grants: readonly StatementRef[]): string {
  return grants.map((s) => `${s.policy}#${s.index}`).join(',');
}

const TARGET_GATES: ReadonlySet<GateId> = new Set(['trust', 'resource', 'access-point', 'key-policy', 'grant', 's3-acl']);

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

/** The order of entries: by boundary, target account and target, surest first, bigger sets first. The JSON entries of shards sort the same way. */
export function compareEntries(a: SortableEntry, b: SortableEntry): number {
  return (
    BOUNDARY_ORDER.indexOf(a.boundary) - BOUNDARY_ORDER.indexOf(b.boundary) ||
    compareText(a.targetAccount, b.targetAccount) ||
    compareText(a.target, b.target) ||
    SURENESS[a.decision as EdgeDecision] - SURENESS[b.decision as EdgeDecision] ||
    b.principals.count - a.principals.count ||
    compareText(a.principals.first.id, b.principals.first.id)
  );
}

export function compareBlocked(a: Pick<AccessMapBlocked, 'boundary' | 'target' | 'action' | 'resource'> & { readonly principals: { readonly first: { readonly id: string } } }, b: typeof a): number {
  return (
    BOUNDARY_ORDER.indexOf(a.boundary) - BOUNDARY_ORDER.indexOf(b.boundary) ||
    compareText(a.target, b.target) ||
    compareText(a.principals.first.id, b.principals.first.id) ||
    compareText(a.action, b.action) ||
    compareText(a.resource, b.resource)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
