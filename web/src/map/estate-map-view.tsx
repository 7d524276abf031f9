import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { Background, Controls, MarkerType, ReactFlow, ReactFlowProvider, useReactFlow, type Edge } from '@xyflow/react';
import { useEstate } from '../estate-store';
import { navigate, type Address } from '../location';
import { BLOCKED_COLOUR, BOUNDARY_COLOURS, BOUNDARY_WORDS } from './boundary-colours';
import { AccountPanel } from './account-panel';
import { buildMapGraph, type MapBox } from './map-graph';
import { layoutMap, type Placed } from './map-layout';
import { MapActions, NODE_TYPES, type BoxNode } from './map-nodes';
import { badgesOf, FindingBadgesContext, NO_BADGES } from './finding-badges';
import type { FindingsJson } from '../api';
import { useApi } from '../use-api';

/** Findings are asked beside the map, never before it: the map draws first and the badges follow. */
const ALL_FINDINGS = new URLSearchParams();

/** `/?q=…&expand=A,B&select=A`: the organization as nested frames and the accesses that cross account boundaries. */
export function EstateMapView({ address }: { readonly address: Address }) {
  return (
    <ReactFlowProvider>
      <EstateMap address={address} />
    </ReactFlowProvider>
  );
}

function EstateMap({ address }: { readonly address: Address }) {
  const estate = useEstate();
  const flow = useReactFlow();
  const searchId = useId();
  const params = address.params;
  const expandedText = params.get('expand') ?? '';
  const expanded = useMemo(() => new Set(expandedText.split(',').filter((a) => a !== '')), [expandedText]);
  const selected = params.get('select') ?? undefined;
  const query = (params.get('q') ?? '').trim().toLowerCase();
  const [typed, setTyped] = useState(params.get('q') ?? '');
  useEffect(() => setTyped(params.get('q') ?? ''), [params]);
  const graph = useMemo(() => buildMapGraph(estate, expanded), [estate, expanded]);
  const findings = useApi<FindingsJson>('/api/findings', ALL_FINDINGS);
  const badges = useMemo(() => (findings.status === 'done' ? badgesOf(findings.value.findings) : NO_BADGES), [findings]);
  const [layout, setLayout] = useState<{ graph: typeof graph; placed: Map<string, Placed> } | undefined>(undefined);
  useEffect(() => {
    let live = true;
    performance.mark('trustmap:layout-start');
    void layoutMap(graph).then((placed) => {
      performance.mark('trustmap:layout-done');
      if (live) setLayout({ graph, placed });
    });
    return () => {
      live = false;
    };
  }, [graph]);

  const matches = useMemo(() => (query === '' ? [] : graph.boxes.filter((b) => b.kind === 'account' && b.search.includes(query))), [graph, query]);
  const matchIds = useMemo(() => new Set(matches.map((m) => m.id)), [matches]);
  const nodes = useMemo<BoxNode[]>(() => {
    if (!layout) return [];
    return layout.graph.boxes.map((b) => {
      const at = layout.placed.get(b.id) ?? { x: 0, y: 0, width: 100, height: 40 };
      return {
        id: b.id,
        type: b.kind,
        position: { x: at.x, y: at.y },
        ...(b.parent ? { parentId: b.parent, extent: 'parent' as const } : {}),
        data: { box: b, match: matchIds.has(b.id), dim: query !== '' && b.kind === 'account' && !matchIds.has(b.id) },
        style: { width: at.width, height: at.height },
        draggable: false,
        connectable: false,
        selectable: b.kind === 'account',
        focusable: b.kind === 'account',
        selected: b.kind === 'account' && b.account === selected,
        ariaLabel: ariaOf(b),
        ...(b.kind === 'frame' ? { zIndex: -1 } : {}),
      };
    });
  }, [layout, matchIds, query, selected]);
  const edges = useMemo<Edge[]>(
    () =>
      (layout?.graph.arrows ?? []).map((a) => ({
        id: a.id,
        source: a.source,
        target: a.target,
        className: a.blocked ? 'edge-blocked' : `edge-${a.boundary}${a.sure ? '' : ' edge-conditional'}`,
        style: a.blocked ? { stroke: BLOCKED_COLOUR, strokeWidth: 1.5, strokeDasharray: '2 4' } : { stroke: BOUNDARY_COLOURS[a.boundary], strokeWidth: Math.min(1.5 + Math.log2(a.count), 6), ...(a.sure ? {} : { strokeDasharray: '6 4' }) },
        markerEnd: { type: MarkerType.ArrowClosed, color: a.blocked ? BLOCKED_COLOUR : BOUNDARY_COLOURS[a.boundary] },
        ...(a.blocked ? { label: a.count > 1 ? `${a.count} blocked` : 'blocked' } : a.count > 1 || graph.large ? { label: String(a.count) } : {}),
        focusable: false,
        selectable: false,
        zIndex: 1,
        ariaLabel: `${a.count} ${a.blocked ? 'blocked ' : ''}${a.count === 1 ? 'access' : 'accesses'} ${BOUNDARY_WORDS[a.boundary]} from ${a.source} to ${a.target}`,
      })),
    [layout, graph.large],
  );

  useEffect(() => {
    if (nodes.length === 0) return;
    const frame = requestAnimationFrame(() => {
      if (document.documentElement.dataset.mapReady === 'true') return;
      document.documentElement.dataset.mapReady = 'true';
      performance.mark('trustmap:map-rendered');
    });
    return () => cancelAnimationFrame(frame);
  }, [nodes]);

  const setParams = useCallback(
    (change: Record<string, string | undefined>, replace = false) => {
      const next = new URLSearchParams(params);
      for (const [k, v] of Object.entries(change)) {
        if (v === undefined || v === '') next.delete(k);
        else next.set(k, v);
      }
      navigate('/', next, replace);
    },
    [params],
  );
  const toggle = useCallback(
    (account: string) => {
      const next = new Set(expanded);
      if (next.has(account)) next.delete(account);
      else next.add(account);
      setParams({ expand: [...next].sort().join(','), select: account });
    },
    [expanded, setParams],
  );
  const show = (b: MapBox): void => {
    setParams({ select: b.account });
    void flow.fitView({ nodes: [{ id: b.id }], duration: 300, maxZoom: 1.2 });
  };
  const actions = useMemo(() => ({ toggle }), [toggle]);

  return (
    <div className="view map-view">
      <div className="map-toolbar">
        <h1>Estate map</h1>
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setParams({ q: typed.trim() });
            if (matches[0]) show(matches[0]);
          }}
        >
          <label htmlFor={searchId}>Search accounts, principals and resources</label>
          <input id={searchId} type="search" value={typed} onChange={(e) => { setTyped(e.target.value); setParams({ q: e.target.value }, true); }} placeholder="prod, 444444444444, arn:aws:s3:::bucket" />
        </form>
        <Legend />
      </div>
      <FindingBadgesContext.Provider value={badges}>
      <MapActions.Provider value={actions}>
      <div className="map-body">
        <div className="map-canvas" aria-label="estate map" role="region" data-large={graph.large ? 'true' : 'false'}>
            <ReactFlow
              nodes={nodes}
              edges={edges}
              nodeTypes={NODE_TYPES}
              fitView
              minZoom={0.02}
              maxZoom={2}
              nodesDraggable={false}
              nodesConnectable={false}
              elementsSelectable
              onlyRenderVisibleElements={graph.large}
              onNodeClick={(_, node) => {
                const box = (node as BoxNode).data.box;
                if (box.kind === 'account') toggle(box.account!);
              }}
              proOptions={{ hideAttribution: true }}
            >
              <Background gap={24} />
              <Controls showInteractive={false} />
            </ReactFlow>
          {!layout ? <p className="loading map-loading">laying out {graph.boxes.length} boxes…</p> : null}
        </div>
        <aside className="map-panel" aria-label="details">
          {query !== '' ? (
            <section aria-label="search results">
              <h2>
                {matches.length} {matches.length === 1 ? 'account matches' : 'accounts match'} “{query}”
              </h2>
              <ul className="search-results">
                {matches.slice(0, 30).map((m) => (
                  <li key={m.id}>
                    <button type="button" onClick={() => show(m)}>
                      {m.label}
                      {m.sublabel ? ` · ${m.sublabel}` : ''}
                    </button>
                  </li>
                ))}
              </ul>
              {matches.length > 30 ? <p>and {matches.length - 30} more: type more of the name</p> : null}
            </section>
          ) : null}
          {selected ? <AccountPanel account={selected} expanded={expanded.has(selected)} /> : <MapSummary large={graph.large} />}
        </aside>
      </div>
      </MapActions.Provider>
      </FindingBadgesContext.Provider>
    </div>
  );
}

function ariaOf(b: MapBox): string {
  if (b.kind === 'account') return `account ${b.label}${b.sublabel ? ` ${b.sublabel}` : ''}: ${b.outgoing ?? 0} accesses out, ${b.incoming ?? 0} in; its button ${b.expanded ? 'collapses' : 'expands'} it`;
  return b.label;
}

function Legend() {
  return (
    <ul className="map-legend" aria-label="arrow colours">
      {(Object.keys(BOUNDARY_COLOURS) as Array<keyof typeof BOUNDARY_COLOURS>).map((k) => (
        <li key={k}>
          <span className="legend-swatch" style={{ background: BOUNDARY_COLOURS[k] }} aria-hidden="true" /> {BOUNDARY_WORDS[k]}
        </li>
      ))}
      <li>
        <span className="legend-dash" aria-hidden="true" /> conditional or unknown
      </li>
      <li>
        <span className="legend-dot" aria-hidden="true" /> blocked (shown for an expanded account)
      </li>
    </ul>
  );
}

function MapSummary({ large }: { readonly large: boolean }) {
  const estate = useEstate();
  const s = estate.accessMap.summary;
  const o = estate.overview;
  return (
    <section aria-label="the estate at a glance">
      <h2>{estate.source}</h2>
      <p>
        {o.accounts} accounts, {o.organizationalUnits} OUs, {o.roles} roles, {o.users} users; {s.entries} cross-account accesses ({s.byBoundary.public} public, {s.byBoundary.outside} outside the organization), {s.blocked} blocked.
      </p>
      <p>{large ? 'Arrows join the OUs their accounts sit in. Click an account, or find it with the search box, to draw its own accesses and its principals and resources.' : 'Click an account, or find it with the search box, to draw its principals and resources.'}</p>
    </section>
  );
}
