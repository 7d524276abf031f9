import type { GraphNode } from '../analyses/access-graph/graph-types.js';
import type { WhoCanResult } from '../analyses/who-can/who-can.js';
import { AccessFlowchart } from './access-mermaid.js';
import { shapeOf } from './paths-mermaid.js';

/** `trustmap who-can --format mermaid`: every principal's chain into the resource; dashed edges hold only under a condition or are unknown. */
export function renderWhoCanMermaid(r: WhoCanResult, node: (id: string) => GraphNode | undefined): string {
  const chart = new AccessFlowchart(`who can act on ${r.resource}`);
  const idOf = (id: string): string => chart.node(id, node(id)?.label ?? id, shapeOf(node(id)));
  for (const e of r.entries) {
    for (const edge of e.chain) chart.edge(idOf(edge.from), idOf(edge.to), `${edge.action}: ${edge.decision}`, edge.decision === 'Allow');
    const target = chart.node(`resource:${e.resource}`, e.resource, 'resource');
    chart.edge(idOf(e.requester.id), target, `${e.action}: ${e.final.decision}`, e.final.decision === 'Allow');
  }
  return chart.render();
}
