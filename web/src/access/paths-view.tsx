import { useEffect, useMemo, useState } from 'react';
import type { PathsJson } from '../api';
import { DiagnosticsList } from '../common/diagnostics-list';
import { TypeaheadInput } from '../common/typeahead-input';
import { Verdict } from '../common/verdict';
import { useEstate } from '../estate-store';
import { followLink, hrefOf, navigate, type Address } from '../location';
import { useApi } from '../use-api';
import { PathPicture, type AssumeHopJson, type RequestHopJson } from './path-picture';

/** `/paths?from=…&to=…&action=…&path=N`: every way from a principal to a request, the chosen one drawn across the accounts. */
export function PathsView({ address }: { readonly address: Address }) {
  const estate = useEstate();
  const p = address.params;
  const [from, setFrom] = useState(p.get('from') ?? '');
  const [to, setTo] = useState(p.get('to') ?? '');
  const [action, setAction] = useState(p.get('action') ?? '');
  useEffect(() => {
    setFrom(p.get('from') ?? '');
    setTo(p.get('to') ?? '');
    setAction(p.get('action') ?? '');
  }, [p]);
  const query = useMemo(() => {
    if (!p.has('from') && !p.has('to')) return undefined;
    const q = new URLSearchParams();
    for (const key of ['from', 'to', 'action', 'max-hops', 'limit', 'context', 'absent']) for (const v of p.getAll(key)) q.append(key, v);
    return q;
  }, [p]);
  const state = useApi<PathsJson | PersonPathsJson>('/api/paths', query);
  const principals = useMemo(() => estate.inventory.principals.map((x) => x.arn), [estate]);
  const targets = useMemo(() => [...estate.inventory.resources.map((r) => r.arn), ...estate.inventory.principals.filter((x) => x.kind === 'role').map((x) => x.arn)].sort(), [estate]);
  const chosen = Number(p.get('path') ?? '0');
  const submit = (e: React.FormEvent): void => {
    e.preventDefault();
    navigate('/paths', { from: from.trim(), to: to.trim(), action: action.trim() });
  };
  return (
    <div className="view paths-view">
      <h1>Paths</h1>
      <form className="query-form" onSubmit={submit} aria-label="paths from a principal to a request">
        <TypeaheadInput label="From (principal)" name="from" value={from} onChange={setFrom} options={principals} required placeholder="arn:aws:iam::333333333333:role/ci-runner" />
        <TypeaheadInput label="To (resource or role)" name="to" value={to} onChange={setTo} options={targets} required placeholder="arn:aws:iam::444444444444:role/deploy" />
        <TypeaheadInput label="Action (empty: sts:AssumeRole for a role)" name="action" value={action} onChange={setAction} options={estate.inventory.actions} placeholder="s3:GetObject" />
        <div className="form-actions">
          <button type="submit">Find paths</button>
        </div>
      </form>
      <div aria-live="polite" aria-busy={state.status === 'loading'}>
        {state.status === 'loading' ? <p className="loading">asking the engine…</p> : null}
        {state.status === 'failed' ? <DiagnosticsList diagnostics={state.error.diagnostics} title="The question cannot be answered" /> : null}
        {state.status === 'done' ? 'routes' in state.value ? <PersonPaths r={state.value} chosen={chosen} params={p} /> : <PathsResult r={state.value} chosen={chosen} params={p} /> : null}
      </div>
    </div>
  );
}

/** A person's answer (`from=sso:<user>`): the paths from each role they sign in as through IAM Identity Center. */
interface PersonPathsJson {
  readonly principal: { readonly kind: string; readonly identityStoreId: string; readonly userName?: string; readonly group?: string };
  readonly routes: ReadonlyArray<{ readonly via: 'group' | 'direct'; readonly group: string | null; readonly permissionSet: string; readonly account: string; readonly role: string | null; readonly answer: PathsJson | null }>;
  readonly diagnostics: PathsJson['diagnostics'];
}

function PersonPaths({ r, chosen, params }: { readonly r: PersonPathsJson; readonly chosen: number; readonly params: URLSearchParams }) {
  const who = r.principal.userName ?? `group ${r.principal.group ?? ''}`;
  const forRoute = (i: number): URLSearchParams => {
    const q = new URLSearchParams(params);
    q.set('route', String(i));
    return q;
  };
  return (
    <div className="person-paths">
      <p>
        {who} signs in through IAM Identity Center ({r.principal.identityStoreId}) by {r.routes.length} {r.routes.length === 1 ? 'route' : 'routes'}
        {r.routes.length === 0 ? ': none, no permission set is assigned' : ''}
      </p>
      {r.routes.map((route, i) => {
        const title = `${route.permissionSet} in ${route.account}${route.group ? `, through group ${route.group}` : ''}`;
        return (
          <section key={i} className="person-route" aria-label={`route ${i + 1}: ${title}`}>
            <h2>{title}</h2>
            {route.answer ? <PathsResult r={route.answer} chosen={params.get('route') === String(i) ? chosen : 0} params={forRoute(i)} /> : <p>no provisioned role in the account (identity-center/assignment-role-missing)</p>}
          </section>
        );
      })}
      <DiagnosticsList diagnostics={r.diagnostics} title="Diagnostics of the estate" />
    </div>
  );
}

function PathsResult({ r, chosen, params }: { readonly r: PathsJson; readonly chosen: number; readonly params: URLSearchParams }) {
  const split = (hops: PathsJson['paths'][number]['hops']): { chain: AssumeHopJson[]; request: RequestHopJson } => ({
    chain: hops.filter((h): h is AssumeHopJson => h.kind === 'assume'),
    request: hops.find((h): h is RequestHopJson & { notes: readonly string[] } => h.kind === 'request')!,
  });
  const path = r.paths[chosen];
  const hrefFor = (i: number): string => {
    const q = new URLSearchParams(params);
    q.set('path', String(i));
    return hrefOf('/paths', q);
  };
  return (
    <div className="paths-result">
      <p>
        {r.paths.length === 0 ? 'no path' : `${r.paths.length} ${r.paths.length === 1 ? 'path' : 'paths'}`} from {r.from.label} to <code>{r.action}</code> on <code>{r.resource}</code>
        {r.truncated ? ' (more exist: raise the limit)' : ''}
      </p>
      {path ? <PathPicture start={{ id: r.from.id, account: r.from.account }} {...split(path.hops)} label={`path ${chosen + 1}: ${path.decision}, ${path.hops.length} ${path.hops.length === 1 ? 'hop' : 'hops'}`} /> : null}
      <ol className="entry-list">
        {r.paths.map((pp, i) => (
          <li key={i} className={i === chosen ? 'chosen' : undefined}>
            <a href={hrefFor(i)} onClick={followLink} aria-current={i === chosen ? 'true' : undefined}>
              path {i + 1}
            </a>{' '}
            <Verdict value={pp.decision} />, {pp.hops.length} {pp.hops.length === 1 ? 'hop' : 'hops'}: {pp.hops.map((h) => (h.kind === 'assume' ? short(h.to) : short(h.resource))).join(' → ')}
          </li>
        ))}
      </ol>
      {r.paths.length === 0 && r.direct ? (
        <p>
          Its own request: <Verdict value={r.direct.decision} /> decided by {r.direct.decidedBy ?? '-'} ({r.direct.side ?? '-'}) ·{' '}
          <a href={hrefOf('/explain', { principal: r.from.id, action: r.action, resource: r.resource })} onClick={followLink}>
            explain
          </a>
        </p>
      ) : null}
      <DiagnosticsList diagnostics={r.diagnostics} title="Diagnostics of the estate" />
    </div>
  );
}

function short(arn: string): string {
  const parts = arn.split(':');
  return parts.length >= 6 ? `${parts[4] ? `${parts[4]}/` : ''}${parts.slice(5).join(':')}` : arn;
}
