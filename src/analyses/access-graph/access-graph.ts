import { parseArn } from '../../core/arn/arn.js';
import { evaluateRequest } from '../../core/decision/evaluate-request.js';
import type { AuthorizationRequest, GivenValue } from '../../core/decision/request.js';
import { isServicePrincipal } from '../../core/decision/resolve-caller.js';
import type { ConditionBlock, Decision } from '../../core/decision/result.js';
import type { Estate, Role, User } from '../../core/model/estate.js';
import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import { EstateActionIndex } from './action-index.js';
import { edgeNotes, isChained } from './edge-notes.js';
import { withStandInWords } from './stand-in-words.js';
import {
  PUBLIC_ID,
  PUBLIC_NODE,
  accountRootArn,
  findPrincipal,
  findProvider,
  isDescribedAccount,
  outsideNode,
  principalNode,
  providerNode,
  serviceNode,
} from './graph-nodes.js';
import { isReachingDecision, type AssumeAction, type AssumeEdge, type GraphNode } from './graph-types.js';
import { TrustIndex } from './trust-index.js';
import { assumeStatements, referencesOf, type TrustReference } from './trust-references.js';

export interface AccessGraphOptions {
  readonly catalog?: ServiceCatalog;
  /** Context given to every request the graph asks the engine (`--context`); other keys stay unknown. */
  readonly context?: Readonly<Record<string, GivenValue>>;
}

const ASSUME = 'sts:assumerole';

/**
 * The access graph of an estate, built lazily (docs/access-graph.md). Nothing is computed up
 * front: the trust index and each account's action index are built on first use, and each edge is
 * evaluated by the full engine once, when a query first needs it, then memoized.
 */
export class AccessGraph {
  readonly actions: EstateActionIndex;
  private trustIndex: TrustIndex | undefined;
  private uniqueIds: Map<string, User | Role> | undefined;
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges = new Map<string, AssumeEdge | null>();
  private readonly outgoing = new Map<string, readonly AssumeEdge[]>();
  private readonly incoming = new Map<string, readonly AssumeEdge[]>();
  private readonly decisions = new Map<string, Decision>();
  private evaluations = 0;

  constructor(
    readonly estate: Estate,
    private readonly options: AccessGraphOptions = {},
  ) {
    this.actions = new EstateActionIndex(estate);
  }

  /**
   * The node a principal string names: a user or role ARN (a role-session ARN names its role), an
   * identity provider, a service principal, `*` / `anonymous`, or an ARN outside the estate.
   */
  node(id: string): GraphNode | undefined {
    const known = this.nodes.get(id);
    if (known) return known;
    const made = this.makeNode(id);
    if (made) this.nodes.set(made.id, made);
    return made;
  }

  /** Every place a session can start: users, roles, providers, then the services and outsiders trust policies name. O(estate). */
  startNodes(): GraphNode[] {
    const out = new Map<string, GraphNode>();
    for (const account of this.estate.accounts.values()) {
      for (const p of [...account.users.values(), ...account.roles.values()]) out.set(p.arn, this.remember(principalNode(this.estate, p)));
      for (const provider of account.identityProviders) out.set(provider.arn, this.remember(providerNode(this.estate, account.id, provider)));
    }
    for (const account of this.estate.accounts.values()) {
      for (const role of account.roles.values()) {
        for (const statement of assumeStatements(role)) {
          for (const ref of referencesOf(statement)) {
            for (const n of this.nodesOf(ref, role)) if (!out.has(n.id)) out.set(n.id, n);
          }
        }
      }
    }
    return [...out.values()];
  }

  /** The roles a session of `id` can assume, each edge evaluated by the engine. Memoized. */
  edgesFrom(id: string): readonly AssumeEdge[] {
    const source = this.node(id);
    if (!source) return [];
    let list = this.outgoing.get(source.id);
    if (!list) {
      list = this.candidateTargets(source)
        .filter((role) => role.arn !== source.id && this.mayTry(source, role))
        .map((role) => this.edge(source, role))
        .filter((e): e is AssumeEdge => e !== undefined);
      this.outgoing.set(source.id, list);
    }
    return list;
  }

  /** Who can assume the role `roleArn`: the principals its trust policy names, accounts expanded lazily. Memoized. */
  edgesInto(roleArn: string): readonly AssumeEdge[] {
    const role = findPrincipal(this.estate, roleArn);
    if (!role || role.kind !== 'role') return [];
    let list = this.incoming.get(role.arn);
    if (!list) {
      const sources = new Map<string, GraphNode>();
      for (const statement of assumeStatements(role)) {
        for (const ref of referencesOf(statement)) for (const n of this.nodesOf(ref, role)) sources.set(n.id, n);
      }
      sources.delete(role.arn);
      list = [...sources.values()].map((s) => this.edge(s, role)).filter((e): e is AssumeEdge => e !== undefined);
      this.incoming.set(role.arn, list);
    }
    return list;
  }

  /** The node of a user or role of the estate (one per principal, kept). */
  principalNode(p: User | Role): GraphNode {
    return this.nodes.get(p.arn) ?? this.remember(principalNode(this.estate, p));
  }

  /** Principals of an account whose identity policies may allow `action` on the resource (the action index). */
  principalsAllowing(accountId: string, action: string, resourceArn: string): GraphNode[] {
    return this.actions.principalsAllowing(accountId, action.toLowerCase(), resourceArn).map((p) => this.nodes.get(p.arn) ?? this.remember(principalNode(this.estate, p)));
  }

  /** The engine's answer for a request made by a session of the node. Memoized per (node, action, resource). */
  decide(node: GraphNode, action: string, resource: string): Decision {
    const key = `${node.id}\u0000${action}\u0000${resource}`;
    let d = this.decisions.get(key);
    if (!d) {
      d = this.decideOnce(node, action, resource);
      this.decisions.set(key, d);
    }
    return d;
  }

  /**
   * The engine's answer, not kept: for a caller that reads what it needs at once and asks each
   * request one time (the access map over an organization would otherwise keep every answer).
   */
  decideOnce(node: GraphNode, action: string, resource: string): Decision {
    const known = this.decisions.get(`${node.id}\u0000${action}\u0000${resource}`);
    if (known) return known;
    const request: AuthorizationRequest = {
      principal: this.enginePrincipal(node, action),
      action,
      resource,
      ...(this.options.context ? { context: this.options.context } : {}),
    };
    let d = evaluateRequest(this.estate, request, { ...(this.options.catalog ? { catalog: this.options.catalog } : {}) });
    const standsFor = standInOf(node);
    if (standsFor !== undefined && request.principal !== node.id && request.principal !== 'anonymous') d = withStandInWords(d, standsFor);
    this.evaluations++;
    return d;
  }

  /** How many requests the engine was asked so far (each once): what the pruning saved shows here. */
  get evaluationCount(): number {
    return this.evaluations;
  }

  /** The principal string the engine is asked about for a node. */
  enginePrincipal(node: GraphNode, action: string): string {
    if (node.kind === 'public') return action.toLowerCase().startsWith('sts:assumerole') ? representativeOf('aws', UNKNOWN_ACCOUNT) : 'anonymous';
    if (node.kind === 'outside' && node.id.endsWith(':root') && node.accountId) return representativeOf(parseArn(node.id)?.partition ?? 'aws', node.accountId);
    return node.id;
  }

  private edge(source: GraphNode, role: Role): AssumeEdge | undefined {
    const key = `${source.id}\u0000${role.arn}`;
    const cached = this.edges.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const action = assumeActionOf(source, this.estate);
    const d = this.decide(source, action, role.arn);
    const made: AssumeEdge | null = isReachingDecision(d.decision)
      ? {
          from: source.id,
          to: role.arn,
          action,
          decision: d.decision,
          residual: conditionsOf(d),
          missing: d.missing,
          chained: isChained(source),
          notes: edgeNotes(this.estate, source, role),
          detail: d,
        }
      : null;
    this.edges.set(key, made);
    return made ?? undefined;
  }

  /** Roles whose trust policy names the source, its account, or anyone. */
  private candidateTargets(source: GraphNode): Role[] {
    this.trustIndex ??= new TrustIndex(this.estate);
    return this.trustIndex.rolesNaming(forwardKeys(this.estate, source));
  }

  /** Cheap necessary condition before the engine: across accounts, the caller's identity policies must name sts:AssumeRole on the role (docs/aws-authorization.md#cross-account-assume-role). */
  private mayTry(source: GraphNode, role: Role): boolean {
    if (source.kind !== 'user' && source.kind !== 'role') return true;
    if (source.accountId === role.accountId) return true;
    const principal = findPrincipal(this.estate, source.id);
    return principal !== undefined && this.actions.mayAllow(principal, ASSUME, role.arn);
  }

  /** The source nodes one trust reference stands for; account references expand to the principals allowed to call AssumeRole on the role. */
  private nodesOf(ref: TrustReference, role: Role): GraphNode[] {
    switch (ref.kind) {
      case 'wildcard': {
        const out: GraphNode[] = [PUBLIC_NODE];
        for (const account of this.estate.accounts.keys()) out.push(...this.principalsAllowing(account, ASSUME, role.arn));
        return out;
      }
      case 'account':
        return isDescribedAccount(this.estate, ref.accountId)
          ? this.principalsAllowing(ref.accountId, ASSUME, role.arn)
          : [this.remember(outsideNode(accountRootArn(ref.partition, ref.accountId)))];
      case 'principal': {
        if (!isDescribedAccount(this.estate, ref.accountId)) return [this.remember(outsideNode(ref.arn))];
        const p = findPrincipal(this.estate, ref.arn);
        return p ? [this.remember(principalNode(this.estate, p))] : [];
      }
      case 'unique-id': {
        const p = this.byUniqueId(ref.id);
        return p ? [this.remember(principalNode(this.estate, p))] : [];
      }
      case 'service':
        return [this.remember(serviceNode(ref.service))];
      case 'federated': {
        const found = findProvider(this.estate, ref.provider);
        return found ? [this.remember(providerNode(this.estate, found.accountId, found.provider))] : [];
      }
    }
  }

  private byUniqueId(id: string): User | Role | undefined {
    if (!this.uniqueIds) {
      this.uniqueIds = new Map();
      for (const account of this.estate.accounts.values()) {
        for (const p of [...account.users.values(), ...account.roles.values()]) if (p.id) this.uniqueIds.set(p.id, p);
      }
    }
    return this.uniqueIds.get(id);
  }

  private makeNode(id: string): GraphNode | undefined {
    if (id === PUBLIC_ID || id === 'anonymous') return PUBLIC_NODE;
    if (isServicePrincipal(id)) return serviceNode(id.toLowerCase());
    const provider = findProvider(this.estate, id);
    if (provider) return providerNode(this.estate, provider.accountId, provider.provider);
    const principal = findPrincipal(this.estate, id);
    if (principal) return principalNode(this.estate, principal);
    const arn = parseArn(id);
    if (!arn || isDescribedAccount(this.estate, arn.account)) return undefined;
    if (arn.service === 'iam' || arn.service === 'sts') return outsideNode(id);
    return undefined;
  }

  private remember(node: GraphNode): GraphNode {
    const known = this.nodes.get(node.id);
    if (known) return known;
    this.nodes.set(node.id, node);
    return node;
  }
}

/** An account that no estate describes: the stand-in for "any AWS principal". */
const UNKNOWN_ACCOUNT = '000000000000';

/** Who the stand-in session of a node stands for, in words. */
function standInOf(node: GraphNode): string | undefined {
  if (node.kind === 'public') return 'any principal of any AWS account';
  if (node.kind === 'outside' && node.id.endsWith(':root')) return `any principal of account ${node.accountId ?? '?'} (not in the estate)`;
  return undefined;
}

/** A role session standing for "some principal of the account", for edges from accounts outside the estate. */
function representativeOf(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:role/*`;
}

function assumeActionOf(source: GraphNode, estate: Estate): AssumeAction {
  if (source.kind !== 'provider') return 'sts:AssumeRole';
  return findProvider(estate, source.id)?.provider.kind === 'saml' ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity';
}

function forwardKeys(estate: Estate, source: GraphNode): string[] {
  switch (source.kind) {
    case 'user':
    case 'role': {
      const p = findPrincipal(estate, source.id);
      const keys = [`arn:${source.id}`, `account:${source.accountId}`, '*'];
      if (p?.id) keys.push(`id:${p.id}`);
      if (p?.kind === 'role') keys.push(`arn:${source.id.replace(/:role\/.*\//, ':role/')}`);
      return keys;
    }
    case 'provider':
      return [`federated:${source.id}`];
    case 'service':
      return [`service:${source.id}`];
    case 'outside':
      return source.id.endsWith(':root') ? [`account:${source.accountId}`, '*'] : [`arn:${source.id}`, `account:${source.accountId}`, '*'];
    case 'public':
      return ['*'];
  }
}

/**
 * The conditions an edge carries: a Conditional decision's residual, or for an Unknown one the
 * residuals of the gates that only allow under a condition (the trust policy's sts:ExternalId when
 * the caller's own policies are unknown).
 */
export function conditionsOf(d: Decision): readonly ConditionBlock[] {
  if (d.decision === 'Conditional') return d.residual;
  if (d.decision !== 'Unknown') return [];
  const out: ConditionBlock[] = [];
  for (const hop of d.hops) for (const g of hop.gates) if (g.verdict === 'conditional' && g.residual) out.push(...g.residual);
  return out;
}
