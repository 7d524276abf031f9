import { createContext, useContext } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { Badge } from './finding-badges';
import type { MapBox } from './map-graph';

export type BoxNode = Node<{ box: MapBox; match: boolean; dim: boolean }>;

/** What a box can ask of the map: expanding or collapsing an account. */
export const MapActions = createContext<{ toggle(account: string): void }>({ toggle: () => {} });

function Ends() {
  return (
    <>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </>
  );
}

export function FrameBox({ data }: NodeProps<BoxNode>) {
  const b = data.box;
  return (
    <div className="map-frame">
      <div className="map-frame-title">
        {b.label}
        {b.sublabel ? <span className="map-frame-guardrails"> · {b.sublabel}</span> : null}
        {b.inside ? <span className="map-frame-inside"> · {b.inside} accesses between its accounts</span> : null}
      </div>
      <Ends />
    </div>
  );
}

export function AccountBox({ data, selected }: NodeProps<BoxNode>) {
  const b = data.box;
  const actions = useContext(MapActions);
  return (
    <div className={`map-account${data.match ? ' match' : ''}${data.dim ? ' dim' : ''}${selected ? ' selected' : ''}${b.expanded ? ' expanded' : ''}`}>
      <div className="map-account-title">
        <span className="map-account-name">{b.label}</span>
        {b.sublabel ? <span className="map-account-id"> {b.sublabel}</span> : null}
        <Badge of={b.id} />
      </div>
      <div className="map-account-counts">
        {b.outgoing ?? 0} out · {b.incoming ?? 0} in
        <button
          type="button"
          className="map-expand nodrag"
          aria-expanded={b.expanded === true}
          aria-label={`${b.expanded ? 'collapse' : 'expand'} account ${b.label}${b.sublabel ? ` ${b.sublabel}` : ''}`}
          onClick={(e) => {
            e.stopPropagation();
            actions.toggle(b.account!);
          }}
        >
          {b.expanded ? '−' : '+'}
        </button>
      </div>
      <Ends />
    </div>
  );
}

export function MemberBox({ data }: NodeProps<BoxNode>) {
  return (
    <div className={`map-member${data.match ? ' match' : ''}`} title={data.box.search}>
      {data.box.label}
      <Badge of={data.box.id} />
      <Ends />
    </div>
  );
}

export function EndpointBox({ data }: NodeProps<BoxNode>) {
  const b = data.box;
  return (
    <div className={`map-endpoint${b.id === 'endpoint:public' ? ' public' : ''}`}>
      {b.label}
      {b.sublabel ? <div className="map-endpoint-sub">{b.sublabel}</div> : null}
      <Ends />
    </div>
  );
}

export const NODE_TYPES = { frame: FrameBox, account: AccountBox, member: MemberBox, endpoint: EndpointBox };
