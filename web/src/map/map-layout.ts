import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { MapBox, MapGraph } from './map-graph';

export interface Placed {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const SIZES: Readonly<Record<Exclude<MapBox['kind'], 'frame'>, { width: number; height: number }>> = {
  account: { width: 210, height: 64 },
  member: { width: 250, height: 34 },
  endpoint: { width: 190, height: 48 },
};

const elk = new ELK();

/**
 * Positions for every box, relative to its parent frame as React Flow places children. A small
 * estate is laid out by ELK's layered algorithm over compound nodes, arrows included (sources to
 * the left of what they reach). In a large one each frame's accounts are set in a grid, and ELK
 * packs the grids, frames and expanded accounts (rectpacking): its arrows join frames, and
 * laying out thousands of boxes and arrows would cost seconds.
 */
export async function layoutMap(graph: MapGraph): Promise<Map<string, Placed>> {
  try {
    return await layoutWith(graph, graph.large);
  } catch {
    // ELK refuses some arrow shapes across hierarchy levels: place the boxes without the arrows then
    return layoutWith(graph, true);
  }
}

async function layoutWith(graph: MapGraph, pack: boolean): Promise<Map<string, Placed>> {
  const children = new Map<string | undefined, MapBox[]>();
  for (const b of graph.boxes) (children.get(b.parent) ?? children.set(b.parent, []).get(b.parent)!).push(b);
  const known = new Set(graph.boxes.map((b) => b.id));
  // packed: a frame's collapsed accounts go in a grid, handed to ELK as one block, so ELK places tens of boxes, not thousands
  const grids = new Map<string, { frame: string; accounts: MapBox[]; columns: number }>();
  const toElk = (b: MapBox): ElkNode => {
    const kids = children.get(b.id) ?? [];
    if (b.kind === 'frame' || kids.length > 0) {
      const inGrid = pack ? kids.filter((k) => k.kind === 'account' && !(children.get(k.id)?.length)) : [];
      const others = pack ? kids.filter((k) => !inGrid.includes(k)) : kids;
      const elkKids = others.map(toElk);
      if (inGrid.length > 0) {
        const { width, height } = SIZES.account;
        const columns = Math.max(1, Math.ceil(Math.sqrt((GRID_ASPECT * inGrid.length * (height + GAP)) / (width + GAP))));
        const rows = Math.ceil(inGrid.length / columns);
        const id = `grid:${b.id}`;
        grids.set(id, { frame: b.id, accounts: inGrid, columns });
        elkKids.unshift({ id, width: columns * (width + GAP) - GAP, height: rows * (height + GAP) - GAP });
      }
      return {
        id: b.id,
        layoutOptions: { 'elk.padding': `[top=${b.kind === 'frame' ? 44 : 56},left=14,bottom=14,right=14]`, ...(pack ? packed : {}) },
        children: elkKids,
      };
    }
    return { id: b.id, ...SIZES[b.kind as Exclude<MapBox['kind'], 'frame'>] };
  };
  const root: ElkNode = {
    id: 'map-root',
    layoutOptions: pack
      ? { ...packed, 'elk.padding': '[top=10,left=10,bottom=10,right=10]' }
      : {
          'elk.algorithm': 'layered',
          'elk.direction': 'RIGHT',
          'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
          'elk.layered.spacing.nodeNodeBetweenLayers': '70',
          'elk.spacing.nodeNode': '24',
          'elk.padding': '[top=10,left=10,bottom=10,right=10]',
        },
    children: (children.get(undefined) ?? []).map(toElk),
    edges: pack ? [] : graph.arrows.filter((a) => known.has(a.source) && known.has(a.target) && a.source !== a.target).map((a) => ({ id: a.id, sources: [a.source], targets: [a.target] })),
  };
  const laid = await elk.layout(root);
  const out = new Map<string, Placed>();
  const visit = (n: ElkNode): void => {
    for (const c of n.children ?? []) {
      const grid = grids.get(c.id);
      if (grid) {
        const { width, height } = SIZES.account;
        grid.accounts.forEach((a, i) => out.set(a.id, { x: (c.x ?? 0) + (i % grid.columns) * (width + GAP), y: (c.y ?? 0) + Math.floor(i / grid.columns) * (height + GAP), width, height }));
        continue;
      }
      out.set(c.id, { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 });
      visit(c);
    }
  };
  visit(laid);
  return out;
}

const GAP = 16;
const GRID_ASPECT = 1.8;

const packed = {
  'elk.algorithm': 'rectpacking',
  'elk.aspectRatio': '1.8',
  'elk.spacing.nodeNode': '16',
};
