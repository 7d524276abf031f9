import type { AccessGraph } from './access-graph.js';
import type { AssumeEdge, GraphNode } from './graph-types.js';

/** The edges from a start node to a node, in the order they are taken. Empty: the node itself. */
export type Chain = readonly AssumeEdge[];

export interface Reach {
  readonly node: GraphNode;
  /** The shortest chain found (breadth-first), in the order its hops are taken. */
  readonly chain: Chain;
}

export interface ReachOptions {
  /** Most role assumptions in one chain. */
  readonly maxHops: number;
}

/**
 * Every role a session of `startId` can reach, with the shortest chain to each (breadth-first over
 * `edgesFrom`; a visited set makes cycles terminate). The start itself comes first, with an empty chain.
 */
export function reachableFrom(graph: AccessGraph, startId: string, options: ReachOptions): Reach[] {
  const start = graph.node(startId);
  if (!start) return [];
  const out: Reach[] = [{ node: start, chain: [] }];
  const seen = new Set([start.id]);
  let frontier: Reach[] = out.slice();
  for (let depth = 0; depth < options.maxHops && frontier.length > 0; depth++) {
    const next: Reach[] = [];
    for (const { chain, node } of frontier) {
      for (const edge of graph.edgesFrom(node.id)) {
        if (seen.has(edge.to)) continue;
        seen.add(edge.to);
        const reach = { node: graph.node(edge.to)!, chain: [...chain, edge] };
        out.push(reach);
        next.push(reach);
      }
    }
    frontier = next;
  }
  return out;
}

/**
 * Every principal that can reach a session of the role `roleArn` (or of any of several roles), with
 * the shortest chain from it (breadth-first over `edgesInto`, backwards). The roles themselves come
 * first, with empty chains; a principal is listed once, with the chain to the nearest role.
 */
export function reachersOf(graph: AccessGraph, roleArn: string | readonly string[], options: ReachOptions): Reach[] {
  const targets = (typeof roleArn === 'string' ? [roleArn] : roleArn).map((id) => graph.node(id)).filter((n): n is GraphNode => n !== undefined);
  const out: Reach[] = targets.map((node) => ({ node, chain: [] }));
  const seen = new Set(targets.map((n) => n.id));
  let frontier: Reach[] = out.slice();
  for (let depth = 0; depth < options.maxHops && frontier.length > 0; depth++) {
    const next: Reach[] = [];
    for (const { chain, node } of frontier) {
      if (node.kind !== 'role') continue;
      for (const edge of graph.edgesInto(node.id)) {
        if (seen.has(edge.from)) continue;
        seen.add(edge.from);
        const reach = { node: graph.node(edge.from)!, chain: [edge, ...chain] };
        out.push(reach);
        next.push(reach);
      }
    }
    frontier = next;
  }
  return out;
}

export interface PathSearchOptions extends ReachOptions {
  /** Stop after this many chains. */
  readonly limit: number;
}

/**
 * Every simple chain of assumptions from `startId` (no node twice, so cycles terminate), shortest
 * first, up to `maxHops` hops: the empty chain first, then one hop, and so on. Stops at `limit`.
 */
export function* chainsFrom(graph: AccessGraph, startId: string, options: PathSearchOptions): Generator<Reach> {
  const start = graph.node(startId);
  if (!start) return;
  let produced = 0;
  let frontier: Array<{ reach: Reach; visited: ReadonlySet<string> }> = [{ reach: { node: start, chain: [] }, visited: new Set([start.id]) }];
  for (let depth = 0; frontier.length > 0; depth++) {
    const next: typeof frontier = [];
    for (const item of frontier) {
      yield item.reach;
      if (++produced >= options.limit) return;
      if (depth >= options.maxHops) continue;
      for (const edge of graph.edgesFrom(item.reach.node.id)) {
        if (item.visited.has(edge.to)) continue;
        next.push({ reach: { node: graph.node(edge.to)!, chain: [...item.reach.chain, edge] }, visited: new Set([...item.visited, edge.to]) });
      }
    }
    frontier = next;
  }
}
