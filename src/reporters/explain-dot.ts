import type { Explanation } from '../analyses/explain/explanation.js';
import { explainGraph, type GraphCluster, type GraphNode } from './explain-graph.js';

const RED = '#c62828';
const MISSING_FILL = '#fde2e2';

const SHAPES: Record<GraphNode['shape'], string> = { principal: 'ellipse', resource: 'box', key: 'cylinder', gate: 'hexagon' };

/**
 * `trustmap explain --format dot`: a Graphviz digraph. Each account is a cluster holding its
 * principals, resources and gates; a KMS key is a cluster of its own; edges go from the caller to
 * each hop's resource; the missing piece is filled red and denied hops are red edges.
 */
export function renderExplainDot(e: Explanation): string {
  const g = explainGraph(e);
  const lines = [
    'digraph explain {',
    `  graph [rankdir=LR, fontname="Helvetica", labelloc=t, label=${quote(g.title)}];`,
    '  node [fontname="Helvetica", shape=box];',
    '  edge [fontname="Helvetica"];',
  ];
  for (const c of g.clusters) lines.push(...clusterLines(c, 1));
  for (const edge of g.edges) {
    const attrs = [`label=${quote(edge.label)}`];
    if (edge.implied) attrs.push('style=dashed');
    if (edge.missing) attrs.push(`color="${RED}"`, `fontcolor="${RED}"`);
    lines.push(`  ${edge.from} -> ${edge.to} [${attrs.join(', ')}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function clusterLines(c: GraphCluster, depth: number): string[] {
  const pad = '  '.repeat(depth);
  return [
    `${pad}subgraph cluster_${c.id} {`,
    `${pad}  label=${quote(c.label.join('\n'))};`,
    ...c.nodes.map((n) => `${pad}  ${node(n)}`),
    ...c.clusters.flatMap((sub) => clusterLines(sub, depth + 1)),
    `${pad}}`,
  ];
}

function node(n: GraphNode): string {
  const attrs = [`label=${quote(n.label.join('\n'))}`, `shape=${SHAPES[n.shape]}`];
  if (n.missing) attrs.push('style=filled', `fillcolor="${MISSING_FILL}"`, `color="${RED}"`);
  return `${n.id} [${attrs.join(', ')}];`;
}

/** A DOT string: backslashes and quotes escaped, line breaks as `\n`. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
