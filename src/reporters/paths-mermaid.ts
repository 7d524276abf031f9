import type { GraphNode } from '../analyses/access-graph/graph-types.js';
import type { PathsResult } from '../analyses/paths/find-paths.js';
import { AccessFlowchart } from './access-mermaid.js';

/** `trustmap paths --format mermaid`: every path's hops as one flowchart; dashed hops hold only under a condition or are unknown. */
export function renderPathsMermaid(r: PathsResult, node: (id: string) => GraphNode | undefined): string {
  const chart = new AccessFlowchart(`paths from ${r.from.label} to ${r.action} on ${r.resource}`);
  const idOf = (id: string): string => {
    const n = node(id);
    return chart.node(id, n?.label ?? id, shapeOf(n));
  };
  // A role target is a node of the graph; any other target is drawn as a resource.
  const targetNode = node(r.resource);
  const target = targetNode ? idOf(targetNode.id) : chart.node(`resource:${r.resource}`, r.resource, 'resource');
  idOf(r.from.id);
  for (const p of r.paths) {
    for (const e of p.chain) chart.edge(idOf(e.from), idOf(e.to), `${e.action}: ${e.decision}`, e.decision === 'Allow');
    chart.edge(idOf(p.requester.id), target, `${p.final.action}: ${p.final.decision}`, p.final.decision === 'Allow');
  }
  return chart.render();
}

export function shapeOf(n: GraphNode | undefined): 'principal' | 'role' | 'outside' {
  if (!n) return 'outside';
  if (n.kind === 'role') return 'role';
  return n.permissionsUnknown || n.kind === 'public' ? 'outside' : 'principal';
}
