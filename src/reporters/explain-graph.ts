import type { AccountBoundary, Explanation } from '../analyses/explain/explanation.js';
import { boundaryTitle, foldedGates, levelName, organizationWords, principalWords, shortArn } from './explain-words.js';

/**
 * The picture both graph reporters (Mermaid, DOT) draw: each account a cluster holding its
 * principals, resources and gates, a KMS key in a cluster of its own inside its account, and an
 * edge from the caller to the resource of every hop. The missing piece (a blocking gate, a denied
 * hop) is marked.
 */
export interface ExplainGraph {
  readonly title: string;
  readonly clusters: readonly GraphCluster[];
  readonly edges: readonly GraphEdge[];
}

export interface GraphCluster {
  readonly id: string;
  readonly label: readonly string[];
  readonly nodes: readonly GraphNode[];
  readonly clusters: readonly GraphCluster[];
}

export type NodeShape = 'principal' | 'resource' | 'key' | 'gate';

export interface GraphNode {
  readonly id: string;
  readonly label: readonly string[];
  readonly shape: NodeShape;
  readonly missing: boolean;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** An implied hop (KMS for encrypted data, sts:TagSession). */
  readonly implied: boolean;
  /** The hop is denied. */
  readonly missing: boolean;
}

const KEY_GATES = new Set(['key-state', 'key-policy', 'grant']);

export function explainGraph(e: Explanation): ExplainGraph {
  const resourceNode = new Map<number, string>();
  const clusters = e.boundaries.map((b, k) => cluster(b, k, resourceNode));
  const callerIndex = e.boundaries.findIndex((b) => b.parts.includes('caller'));
  const from = `b${callerIndex}_p0`;
  const edges = e.hops.flatMap((h): GraphEdge[] => {
    const to = resourceNode.get(h.hop);
    if (to === undefined) return [];
    return [{ from, to, label: `${h.action} · ${h.decision}`, implied: h.hop > 0, missing: h.decision === 'ExplicitDeny' || h.decision === 'ImplicitDeny' }];
  });
  return { title: `${e.request.principal} → ${e.request.action} → ${e.request.resource}: ${e.decision.decision}`, clusters, edges };
}

function cluster(b: AccountBoundary, k: number, resourceNode: Map<number, string>): GraphCluster {
  const id = `b${k}`;
  const nodes: GraphNode[] = b.principals.map((p, i) => ({ id: `${id}_p${i}`, label: [principalWords(p)], shape: 'principal', missing: false }));
  const keys: GraphCluster[] = [];
  const keyHops = new Set<number>();
  b.resources.forEach((r, i) => {
    const nodeId = `${id}_r${i}`;
    for (const h of r.hops) resourceNode.set(h, nodeId);
    if (r.type !== 'key') {
      nodes.push({ id: nodeId, label: [r.type, shortArn(r.arn)], shape: 'resource', missing: false });
      return;
    }
    for (const h of r.hops) keyHops.add(h);
    const gates = foldedGates(b.gates.filter((g) => KEY_GATES.has(g.gate) && r.hops.includes(g.hop)));
    keys.push({
      id: `${id}_key${i}`,
      label: ['KMS key'],
      nodes: [
        { id: nodeId, label: ['key', shortArn(r.arn)], shape: 'key', missing: false },
        ...gates.map((g): GraphNode => ({ id: `${id}_key${i}_g_${slug(g.gate)}`, label: [`${g.mark} ${g.gate}`], shape: 'gate', missing: g.blocking })),
      ],
      clusters: [],
    });
  });
  const rest = b.gates.filter((g) => !(KEY_GATES.has(g.gate) && keyHops.has(g.hop)));
  for (const g of foldedGates(rest)) {
    const levels = [...new Set(rest.filter((x) => x.gate === g.gate && x.targetId !== undefined).map((x) => levelName(x)!))];
    nodes.push({ id: `${id}_g_${slug(g.gate)}`, label: [`${g.mark} ${g.gate}`, ...(levels.length > 0 ? [levels.join(' › ')] : [])], shape: 'gate', missing: g.blocking });
  }
  return { id, label: b.account !== undefined ? [boundaryTitle(b), organizationWords(b.organization)] : [boundaryTitle(b)], nodes, clusters: keys };
}

function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9]/g, '_');
}
