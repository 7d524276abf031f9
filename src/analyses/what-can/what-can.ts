import type { Decision } from '../../core/decision/result.js';
import type { IamPrincipal } from '../access-graph/action-index.js';
import type { AccessGraph } from '../access-graph/access-graph.js';
import { findPrincipal } from '../access-graph/graph-nodes.js';
import { isReachingDecision, weakestDecision, type AssumeEdge, type EdgeDecision, type GraphNode } from '../access-graph/graph-types.js';
import { reachableFrom, type Reach } from '../access-graph/reachability.js';
import { DEFAULT_ACTIONS, isObjectAction, type TargetType } from '../access-graph/resource-actions.js';
import { referencesName } from '../access-graph/resource-references.js';
import { compareText } from '../who-can/who-can.js';
import { RequestIndex, askedRequest, type AskedRequest } from './request-index.js';

export interface WhatCanOptions {
  /** Actions to ask of every resource; default: the set for each resource's type (DEFAULT_ACTIONS). */
  readonly actions?: readonly string[];
  /** Most role assumptions in a chain (default 5). */
  readonly maxHops?: number;
}

/** One action the principal can do on one resource, with the chain it takes. */
export interface WhatCanEntry {
  readonly resource: string;
  readonly type: TargetType;
  readonly resourceAccount?: string;
  readonly action: string;
  readonly decision: EdgeDecision;
  /** Role assumptions from the principal to the requester; empty when the principal asks itself. */
  readonly chain: readonly AssumeEdge[];
  /** Who makes the final request: the principal itself or the last role of the chain. */
  readonly requester: GraphNode;
  readonly final: Decision;
}

export interface WhatCanResult {
  readonly principal: GraphNode;
  /** Every role session the principal can reach, with the shortest chain (itself first). */
  readonly sessions: readonly Reach[];
  readonly entries: readonly WhatCanEntry[];
  readonly maxHops: number;
}

/**
 * `what-can`: every resource of the estate (and every role) the principal can reach, for each
 * action of the type's set, across accounts, with the chain used. The sessions come first
 * (breadth-first over `edgesFrom`, so shorter chains first); each session then asks the engine only
 * about requests of its own account or whose target side names it, its account or anyone, and only
 * where a cheap necessary condition holds (docs/aws-authorization.md#cross-account-both-sides: across accounts both sides must grant). Per
 * (resource, action) the surest answer is kept, then the shortest chain; a request already allowed
 * is not asked again.
 */
export function whatCan(graph: AccessGraph, principal: GraphNode, options: WhatCanOptions = {}): WhatCanResult {
  const maxHops = options.maxHops ?? 5;
  const asked = options.actions && options.actions.length > 0 ? options.actions : undefined;
  const sessions = reachableFrom(graph, principal.id, { maxHops });
  const best = new Map<string, WhatCanEntry>();
  const keep = (key: string, entry: WhatCanEntry): void => {
    const known = best.get(key);
    if (!known || isBetter(entry, known)) best.set(key, entry);
  };
  if (!asked || asked.some((a) => a.toLowerCase() === 'sts:assumerole')) {
    for (const s of sessions.slice(1)) keep(`sts:AssumeRole\u0000${s.node.id}`, roleEntry(graph, s));
  }
  const index = requestIndexOf(graph, asked);
  const settled = new Set<AskedRequest>();
  for (const s of sessions) {
    const identity = s.node.kind === 'user' || s.node.kind === 'role' ? findPrincipal(graph.estate, s.node.id) : undefined;
    const lists = index.candidatesFor(s.node, identity?.id);
    if (identity) lists.push(identityScopes(graph, identity, asked));
    const seen = new Set<AskedRequest>();
    for (const list of lists) {
      for (const request of list) {
        if (settled.has(request) || seen.has(request)) continue;
        seen.add(request);
        const entry = ask(graph, s, identity, request);
        if (!entry) continue;
        if (entry.decision === 'Allow') settled.add(request);
        keep(request.key, entry);
      }
    }
  }
  const entries = [...best.values()].sort(
    (a, b) => compareText(a.resourceAccount ?? '', b.resourceAccount ?? '') || compareText(a.resource, b.resource) || compareText(a.action, b.action),
  );
  return { principal, sessions, entries, maxHops };
}

/** The session's answer to one request, when a cheap necessary condition lets it through and the engine does. */
function ask(graph: AccessGraph, s: Reach, identity: IamPrincipal | undefined, request: AskedRequest): WhatCanEntry | undefined {
  const targetMay = referencesName(request.refs, s.node, identity?.id);
  const sameAccount = s.node.accountId !== undefined && s.node.accountId === request.refs.resourceAccount;
  if (!sameAccount && !targetMay) return undefined;
  const identityMay = identity !== undefined && graph.actions.mayAllow(identity, request.actionLower, request.resource);
  if (sameAccount ? !identityMay && !targetMay : identity !== undefined && !identityMay) return undefined;
  const final = graph.decide(s.node, request.action, request.resource);
  if (!isReachingDecision(final.decision)) return undefined;
  return {
    resource: request.resource,
    type: request.type,
    ...(request.refs.resourceAccount ? { resourceAccount: request.refs.resourceAccount } : {}),
    action: request.action,
    decision: weakestDecision([...s.chain.map((e) => e.decision), final.decision]),
    chain: s.chain,
    requester: s.node,
    final,
  };
}

const requestIndexes = new WeakMap<AccessGraph, Map<string, RequestIndex>>();

/** The request index of a graph for an action set, built once. */
function requestIndexOf(graph: AccessGraph, asked: readonly string[] | undefined): RequestIndex {
  let byActions = requestIndexes.get(graph);
  if (!byActions) requestIndexes.set(graph, (byActions = new Map()));
  const key = asked ? asked.join(',') : '';
  let index = byActions.get(key);
  if (!index) byActions.set(key, (index = new RequestIndex(graph.estate, asked)));
  return index;
}

/** A reachable role is itself something the principal can do: assume it, the chain's last edge being the request. */
function roleEntry(graph: AccessGraph, s: Reach): WhatCanEntry {
  const last = s.chain[s.chain.length - 1]!;
  return {
    resource: s.node.id,
    type: 'role',
    ...(s.node.accountId ? { resourceAccount: s.node.accountId } : {}),
    action: last.action,
    decision: weakestDecision(s.chain.map((e) => e.decision)),
    chain: s.chain.slice(0, -1),
    requester: graph.node(last.from)!,
    final: last.detail,
  };
}

/**
 * Object scopes only the session's identity policies name (`bucket/reports/*` where the bucket
 * policy names only `bucket/*`): asked of this session too, so that a prefix grant is not missed.
 */
function identityScopes(graph: AccessGraph, identity: IamPrincipal, asked: readonly string[] | undefined): AskedRequest[] {
  const out: AskedRequest[] = [];
  const actions = (asked ?? DEFAULT_ACTIONS.bucket).filter(isObjectAction);
  for (const statement of graph.actions.allowStatementsOf(identity)) {
    for (const pattern of resourcePatternsOf(statement.raw)) {
      const slash = pattern.indexOf('/');
      if (!pattern.startsWith('arn:') || !pattern.includes(':s3:::') || slash < 0 || pattern.includes('${')) continue;
      if (graph.estate.resources.get(pattern.slice(0, slash))?.type !== 'bucket') continue;
      for (const action of actions) out.push(askedRequest(graph.estate, action, pattern, 'object'));
    }
  }
  return out;
}

function resourcePatternsOf(raw: unknown): string[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const r = (raw as { Resource?: unknown }).Resource;
  if (typeof r === 'string') return [r];
  return Array.isArray(r) ? r.filter((x): x is string => typeof x === 'string') : [];
}

const SURENESS: Readonly<Record<EdgeDecision, number>> = { Allow: 0, Conditional: 1, Unknown: 2 };

function isBetter(a: WhatCanEntry, b: WhatCanEntry): boolean {
  return SURENESS[a.decision] < SURENESS[b.decision] || (a.decision === b.decision && a.chain.length < b.chain.length);
}
