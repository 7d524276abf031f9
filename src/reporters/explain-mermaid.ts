import type { Explanation } from '../analyses/explain/explanation.js';
import { explainGraph, type GraphCluster, type GraphNode } from './explain-graph.js';

const MISSING_STYLE = 'fill:#fde2e2,stroke:#c62828,color:#8e0000';
const MISSING_EDGE = 'stroke:#c62828,color:#c62828';

/**
 * `trustmap explain --format mermaid`: a Mermaid flowchart. Each account is a subgraph holding
 * its principals, resources and gates; a KMS key is a subgraph of its own; edges go from the
 * caller to each hop's resource; the missing piece is drawn in red (class `missing`).
 */
export function renderExplainMermaid(e: Explanation): string {
  const g = explainGraph(e);
  const lines = ['flowchart LR', `  %% ${g.title}`];
  for (const c of g.clusters) lines.push(...clusterLines(c, 1));
  g.edges.forEach((edge) => lines.push(`  ${edge.from} ${edge.implied ? '-.->' : '-->'}|"${escape(edge.label)}"| ${edge.to}`));
  lines.push(`  classDef missing ${MISSING_STYLE}`);
  const missing = g.clusters.flatMap(allNodes).filter((n) => n.missing);
  if (missing.length > 0) lines.push(`  class ${missing.map((n) => n.id).join(',')} missing`);
  g.edges.forEach((edge, i) => {
    if (edge.missing) lines.push(`  linkStyle ${i} ${MISSING_EDGE}`);
  });
  return `${lines.join('\n')}\n`;
}

function clusterLines(c: GraphCluster, depth: number): string[] {
  const pad = '  '.repeat(depth);
  return [
    `${pad}subgraph ${c.id}["${escape(c.label.join('\n'))}"]`,
    `${pad}  direction TB`,
    ...c.nodes.map((n) => `${pad}  ${node(n)}`),
    ...c.clusters.flatMap((sub) => clusterLines(sub, depth + 1)),
    `${pad}end`,
  ];
}

function node(n: GraphNode): string {
  const text = `"${escape(n.label.join('\n'))}"`;
  switch (n.shape) {
    case 'principal':
      return `${n.id}([${text}])`;
    case 'resource':
      return `${n.id}[${text}]`;
    case 'key':
      return `${n.id}[(${text})]`;
    case 'gate':
      return `${n.id}{{${text}}}`;
  }
}

function allNodes(c: GraphCluster): GraphNode[] {
  return [...c.nodes, ...c.clusters.flatMap(allNodes)];
}

/** Mermaid labels in quotes: `"` must be an entity, and a line break is `<br/>`. */
function escape(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/\n/g, '<br/>');
}
