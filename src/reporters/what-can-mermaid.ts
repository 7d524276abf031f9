import type { GraphNode } from '../analyses/access-graph/graph-types.js';
import type { WhatCanResult } from '../analyses/what-can/what-can.js';
import { AccessFlowchart } from './access-mermaid.js';
import { shapeOf } from './paths-mermaid.js';

/** `trustmap what-can --format mermaid`: the principal, the roles it reaches, and the resources each reaches; dashed edges hold only under a condition or are unknown. */
export function renderWhatCanMermaid(r: WhatCanResult, node: (id: string) => GraphNode | undefined): string {
  const chart = new AccessFlowchart(`what ${r.principal.label} can reach`);
  const idOf = (id: string): string => chart.node(id, node(id)?.label ?? id, shapeOf(node(id)));
  idOf(r.principal.id);
  for (const s of r.sessions) for (const e of s.chain) chart.edge(idOf(e.from), idOf(e.to), `${e.action}: ${e.decision}`, e.decision === 'Allow');
  for (const e of r.entries) {
    if (e.type === 'role') continue;
    const target = chart.node(`resource:${e.resource}`, e.resource, 'resource');
    chart.edge(idOf(e.requester.id), target, `${e.action}: ${e.final.decision}`, e.final.decision === 'Allow');
  }
  return chart.render();
}
