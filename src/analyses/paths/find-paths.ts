import type { Decision } from '../../core/decision/result.js';
import type { AccessGraph } from '../access-graph/access-graph.js';
import { weakestDecision, type AssumeEdge, type EdgeDecision, type GraphNode } from '../access-graph/graph-types.js';
import { directRequesters, type DirectRequest } from '../who-can/direct-requesters.js';

export interface PathsOptions {
  readonly action: string;
  /** Most role assumptions before the final request (default 5). */
  readonly maxHops?: number;
  /** Most paths listed (default 50). */
  readonly limit?: number;
}

/** One way the principal reaches the request: role assumptions, then the request itself. */
export interface AccessPath {
  readonly chain: readonly AssumeEdge[];
  /** Who makes the final request: the principal itself, or the last role of the chain. */
  readonly requester: GraphNode;
  /** The final request's answer; its hops include the implied KMS requests. */
  readonly final: Decision;
  /** The weakest of the chain's hops and the final request. */
  readonly decision: EdgeDecision;
  /** When the final request is a role assumption: its notes (role chaining, external id). */
  readonly finalNotes: readonly string[];
}

export interface PathsResult {
  readonly from: GraphNode;
  readonly action: string;
  readonly resource: string;
  readonly paths: readonly AccessPath[];
  /**
   * The principal's own request, made directly: the reason there is no path when there is none.
   * Undefined for identity providers, which only ever call AssumeRoleWith*.
   */
  readonly direct?: Decision;
  /** More paths exist than `limit`. */
  readonly truncated: boolean;
  readonly maxHops: number;
}

/**
 * `paths`: every way `from` reaches `action` on `resource`, shortest first. The requesters are
 * found first (who can make the request themselves, directly), then how far each node is from one
 * (breadth-first backwards over `edgesInto`); the forward search then only follows edges to nodes
 * close enough to a requester to arrive within `maxHops`, so its cost follows the answer's size,
 * not the estate's. Chains never visit a node twice, so cycles terminate.
 */
export function findPaths(graph: AccessGraph, from: GraphNode, resource: string, options: PathsOptions): PathsResult {
  const maxHops = options.maxHops ?? 5;
  const limit = options.limit ?? 50;
  const requesters = new Map<string, DirectRequest>();
  for (const r of directRequesters(graph, options.action, resource).reaching) requesters.set(r.node.id, r);
  const { distance, edgesOut } = distancesToRequesters(graph, requesters, maxHops);
  const direct = requesters.get(from.id)?.final ?? (from.kind === 'provider' ? undefined : graph.decide(from, options.action, resource));
  const paths: AccessPath[] = [];
  let truncated = false;
  let frontier: Array<{ node: GraphNode; chain: readonly AssumeEdge[]; visited: ReadonlySet<string> }> =
    distance.has(from.id) ? [{ node: from, chain: [], visited: new Set([from.id, resource]) }] : [];
  for (let depth = 0; frontier.length > 0 && !truncated; depth++) {
    const next: typeof frontier = [];
    for (const { node, chain, visited } of frontier) {
      const requester = requesters.get(node.id);
      if (requester) {
        if (paths.length >= limit) {
          truncated = true;
          break;
        }
        const decision = weakestDecision([...chain.map((e) => e.decision), requester.final.decision as EdgeDecision]);
        paths.push({ chain, requester: node, final: requester.final, decision, finalNotes: requester.notes ?? [] });
      }
      if (depth >= maxHops) continue;
      for (const edge of edgesOut.get(node.id) ?? []) {
        const d = distance.get(edge.to);
        if (d === undefined || d > maxHops - depth - 1 || visited.has(edge.to)) continue;
        next.push({ node: graph.node(edge.to)!, chain: [...chain, edge], visited: new Set([...visited, edge.to]) });
      }
    }
    frontier = next;
  }
  return { from, action: options.action, resource, paths, ...(direct ? { direct } : {}), truncated, maxHops };
}

/**
 * Hops from each node to the nearest requester, backwards over `edgesInto`, at most `maxHops`, and
 * the edges seen on the way by source: the only edges a path can use, so the forward search asks
 * the engine about nothing else (a CI role trusted by a thousand deploy roles costs one edge, not a thousand).
 */
function distancesToRequesters(graph: AccessGraph, requesters: ReadonlyMap<string, DirectRequest>, maxHops: number): { distance: Map<string, number>; edgesOut: Map<string, AssumeEdge[]> } {
  const distance = new Map<string, number>();
  const edgesOut = new Map<string, AssumeEdge[]>();
  let frontier: GraphNode[] = [];
  for (const { node } of requesters.values()) {
    distance.set(node.id, 0);
    frontier.push(node);
  }
  for (let depth = 1; depth <= maxHops && frontier.length > 0; depth++) {
    const next: GraphNode[] = [];
    for (const node of frontier) {
      if (node.kind !== 'role') continue;
      for (const edge of graph.edgesInto(node.id)) {
        const out = edgesOut.get(edge.from);
        if (out) out.push(edge);
        else edgesOut.set(edge.from, [edge]);
        if (distance.has(edge.from)) continue;
        distance.set(edge.from, depth);
        next.push(graph.node(edge.from)!);
      }
    }
    frontier = next;
  }
  return { distance, edgesOut };
}
