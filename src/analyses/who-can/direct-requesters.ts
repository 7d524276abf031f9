import { membershipOf } from '../../core/decision/organization-chain.js';
import type { Decision } from '../../core/decision/result.js';
import type { AccessGraph } from '../access-graph/access-graph.js';
import { isNearMiss } from '../access-graph/blocking.js';
import { PUBLIC_NODE, accountRootArn, findPrincipal, findProvider, outsideNode, serviceNode } from '../access-graph/graph-nodes.js';
import { isReachingDecision, type GraphNode } from '../access-graph/graph-types.js';
import { resourceReferences, type ResourceReferences } from '../access-graph/resource-references.js';
import type { TrustReference } from '../access-graph/trust-references.js';

export interface DirectRequest {
  readonly node: GraphNode;
  /** The engine's answer for the node's own request (its hops include implied KMS requests). */
  readonly final: Decision;
  /** When the request is a role assumption: the edge's notes (role chaining, external id). */
  readonly notes?: readonly string[];
}

export interface DirectRequesters {
  readonly resourceAccount?: string;
  /** Nodes whose own request is allowed, allowed under a condition, or unknown. */
  readonly reaching: readonly DirectRequest[];
  /** Near misses: a gate granted and another refused, or a Deny statement decided (isNearMiss). */
  readonly blocked: readonly DirectRequest[];
}

/**
 * Who can make the request themselves, without assuming a role first. Assuming a role is answered
 * by the graph's own edges (`edgesInto`); any other request asks the engine only about candidates:
 * principals of the resource's account whose identity policies may allow it, the principals and
 * accounts the target side names (accounts expanded through the action index), and the principals
 * of the estate's accounts outside the organization, so that a data perimeter shows what it keeps out.
 */
export function directRequesters(graph: AccessGraph, action: string, resource: string): DirectRequesters {
  if (action.toLowerCase() === 'sts:assumerole' && findPrincipal(graph.estate, resource)?.kind === 'role') return assumers(graph, resource);
  const refs = resourceReferences(graph.estate, resource, action);
  const reaching: DirectRequest[] = [];
  const blocked: DirectRequest[] = [];
  for (const node of candidates(graph, refs, action, resource)) {
    const final = graph.decide(node, action, resource);
    if (isReachingDecision(final.decision)) reaching.push({ node, final });
    else if (isNearMiss(final)) blocked.push({ node, final });
  }
  return { ...(refs.resourceAccount ? { resourceAccount: refs.resourceAccount } : {}), reaching, blocked };
}

function assumers(graph: AccessGraph, roleArn: string): DirectRequesters {
  const role = findPrincipal(graph.estate, roleArn)!;
  const reaching = graph.edgesInto(role.arn).map((e) => ({ node: graph.node(e.from)!, final: e.detail, notes: e.notes }));
  const blocked: DirectRequest[] = [];
  for (const node of outsiderProbes(graph, role.accountId)) {
    if (reaching.some((r) => r.node.id === node.id)) continue;
    const final = graph.decide(node, 'sts:AssumeRole', role.arn);
    if (final.decision === 'ExplicitDeny') blocked.push({ node, final });
  }
  return { resourceAccount: role.accountId, reaching, blocked };
}

function candidates(graph: AccessGraph, refs: ResourceReferences, action: string, resource: string): GraphNode[] {
  const out = new Map<string, GraphNode>();
  const add = (nodes: readonly GraphNode[]): void => {
    for (const n of nodes) if (!out.has(n.id)) out.set(n.id, n);
  };
  if (refs.resourceAccount) add(graph.principalsAllowing(refs.resourceAccount, action, resource));
  for (const ref of refs.references) add(nodesNamed(graph, ref, action, resource));
  if (refs.publicAcl) add([PUBLIC_NODE]);
  add(outsiderProbes(graph, refs.resourceAccount));
  return [...out.values()];
}

export function nodesNamed(graph: AccessGraph, ref: TrustReference, action: string, resource: string): GraphNode[] {
  const estate = graph.estate;
  switch (ref.kind) {
    case 'wildcard': {
      const out: GraphNode[] = [PUBLIC_NODE];
      for (const account of estate.accounts.keys()) out.push(...graph.principalsAllowing(account, action, resource));
      return out;
    }
    case 'account': {
      if (estate.accounts.get(ref.accountId)?.iamCollected) return graph.principalsAllowing(ref.accountId, action, resource);
      const root = accountRootArn(ref.partition, ref.accountId);
      return [graph.node(root) ?? outsideNode(root)];
    }
    case 'principal': {
      const n = graph.node(ref.arn);
      return n ? [n] : [];
    }
    case 'unique-id':
      return [];
    case 'service':
      return [graph.node(ref.service) ?? serviceNode(ref.service)];
    case 'federated': {
      const n = findProvider(estate, ref.provider) ? graph.node(ref.provider) : undefined;
      return n ? [n] : [];
    }
  }
}

/**
 * The principals of the estate's accounts outside the resource's organization (vendors the estate
 * describes): asked so that an RCP denying principals outside the organization shows what it keeps
 * out. Only when the organization is known and the resource's account is a member.
 */
export function outsiderProbes(graph: AccessGraph, resourceAccount: string | undefined): GraphNode[] {
  const estate = graph.estate;
  if (estate.organizationStatus !== 'collected' || resourceAccount === undefined) return [];
  if (membershipOf(estate, resourceAccount).status !== 'member') return [];
  const out: GraphNode[] = [];
  for (const account of estate.accounts.values()) {
    if (!account.iamCollected || membershipOf(estate, account.id).status === 'member') continue;
    for (const p of [...account.users.values(), ...account.roles.values()]) out.push(graph.node(p.arn)!);
  }
  return out;
}
