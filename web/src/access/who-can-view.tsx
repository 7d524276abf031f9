import { useEffect, useMemo, useState } from 'react';
import type { WhoCanJson } from '../api';
import { DiagnosticsList } from '../common/diagnostics-list';
import { TypeaheadInput } from '../common/typeahead-input';
import { Verdict } from '../common/verdict';
import { useEstate } from '../estate-store';
import { followLink, hrefOf, navigate, type Address } from '../location';
import { useApi } from '../use-api';
import { PathPicture } from './path-picture';

const GROUP_TITLES: Readonly<Record<string, string>> = {
  'same-account': 'same account',
  organization: 'other accounts of the organization',
  outside: 'outside the organization',
  unknown: 'organization not known',
  public: 'public',
  service: 'AWS services',
};

/** `/who-can?resource=…&action=…&entry=N`: every principal that reaches the resource, grouped by boundary; the chosen one's path drawn. */
export function WhoCanView({ address }: { readonly address: Address }) {
  const estate = useEstate();
  const p = address.params;
  const [resource, setResource] = useState(p.get('resource') ?? '');
  const [actions, setActions] = useState(p.getAll('action').join(', '));
  useEffect(() => {
    setResource(p.get('resource') ?? '');
    setActions(p.getAll('action').join(', '));
  }, [p]);
  const query = useMemo(() => {
    if (!p.has('resource')) return undefined;
    const q = new URLSearchParams();
    for (const key of ['resource', 'action', 'max-hops', 'context', 'absent']) for (const v of p.getAll(key)) q.append(key, v);
    return q;
  }, [p]);
  const state = useApi<WhoCanJson>('/api/who-can', query);
  const targets = useMemo(() => [...estate.inventory.resources.map((r) => r.arn), ...estate.inventory.principals.filter((x) => x.kind === 'role').map((x) => x.arn)].sort(), [estate]);
  const chosen = Number(p.get('entry') ?? '-1');
  const submit = (e: React.FormEvent): void => {
    e.preventDefault();
    navigate('/who-can', { resource: resource.trim(), action: actions.split(/[,\s]+/).filter((a) => a !== '') });
  };
  return (
    <div className="view who-can-view">
      <h1>Who can reach this</h1>
      <form className="query-form" onSubmit={submit} aria-label="who can reach a resource or role">
        <TypeaheadInput label="Resource or role" name="resource" value={resource} onChange={setResource} options={targets} required placeholder="arn:aws:s3:::bucket/key" />
        <TypeaheadInput label="Actions (comma-separated; empty asks the defaults for the type)" name="action" value={actions} onChange={setActions} options={estate.inventory.actions} placeholder="s3:GetObject" />
        <div className="form-actions">
          <button type="submit">Ask</button>
        </div>
      </form>
      <div aria-live="polite" aria-busy={state.status === 'loading'}>
        {state.status === 'loading' ? <p className="loading">asking the engine…</p> : null}
        {state.status === 'failed' ? <DiagnosticsList diagnostics={state.error.diagnostics} title="The question cannot be answered" /> : null}
        {state.status === 'done' ? <WhoCanResult r={state.value} chosen={chosen} params={p} /> : null}
      </div>
    </div>
  );
}

function WhoCanResult({ r, chosen, params }: { readonly r: WhoCanJson; readonly chosen: number; readonly params: URLSearchParams }) {
  const groups = [...new Set(r.principals.map((e) => e.group))];
  const entry = r.principals[chosen];
  const entryHref = (i: number): string => {
    const q = new URLSearchParams(params);
    q.set('entry', String(i));
    return hrefOf('/who-can', q);
  };
  return (
    <div className="who-can-result">
      <p>
        {r.principals.length} {r.principals.length === 1 ? 'way' : 'ways'} in to <code>{r.resource}</code> ({r.type}
        {r.resourceAccount ? `, account ${r.resourceAccount}` : ''}), asked {r.requests.map((q) => q.action).join(', ')}
      </p>
      {entry ? <PathPicture start={{ id: entry.principal.id, account: entry.principal.account }} chain={entry.chain} request={entry.request} label={`${entry.principal.label}: ${entry.action} ${entry.decision}`} /> : null}
      {groups.length === 0 ? <p>nobody</p> : null}
      {groups.map((g) => (
        <section key={g} aria-label={GROUP_TITLES[g] ?? g}>
          <h2>{GROUP_TITLES[g] ?? g}</h2>
          <ul className="entry-list">
            {r.principals.map((e, i) =>
              e.group !== g ? null : (
                <li key={i} className={i === chosen ? 'chosen' : undefined}>
                  <a href={entryHref(i)} onClick={followLink} aria-current={i === chosen ? 'true' : undefined}>
                    {e.principal.label}
                  </a>{' '}
                  <code>{e.action}</code> <Verdict value={e.decision} /> {e.chain.length === 0 ? 'directly' : `via ${e.chain.length} role ${e.chain.length === 1 ? 'assumption' : 'assumptions'}`}
                  {explainable(e.request.principal) ? (
                    <>
                      {' · '}
                      <a href={hrefOf('/explain', { principal: e.request.principal, action: e.request.action, resource: e.request.resource })} onClick={followLink}>
                        explain
                      </a>
                    </>
                  ) : null}
                </li>
              ),
            )}
          </ul>
        </section>
      ))}
      <PeopleSection r={r} />
      {r.blocked.length > 0 ? (
        <section aria-label="blocked">
          <h2>Blocked (a gate granted, another refused)</h2>
          <ul className="entry-list">
            {r.blocked.map((b, i) => (
              <li key={i}>
                {b.principal.label} <code>{b.action}</code> <Verdict value={b.request.decision} /> decided by {b.request.decidedBy ?? '-'} ({b.request.side ?? '-'})
                {explainable(b.request.principal) ? (
                  <>
                    {' · '}
                    <a href={hrefOf('/explain', { principal: b.request.principal, action: b.request.action, resource: b.request.resource })} onClick={followLink}>
                      explain
                    </a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <DiagnosticsList diagnostics={r.diagnostics} title="Diagnostics of the estate" />
    </div>
  );
}

/** The people behind IAM Identity Center roles, by way in: a group's assignment or assigned directly. */
function PeopleSection({ r }: { readonly r: WhoCanJson }) {
  if (r.people.length === 0) return null;
  const stores = [...new Set(r.people.map((p) => p.identityStoreId))];
  return (
    <section aria-label="people">
      <h2>People, through IAM Identity Center ({stores.join(', ')})</h2>
      <ul className="entry-list">
        {r.people.map((p, i) => (
          <li key={i}>
            {p.via === 'group' ? `group ${p.group}` : 'assigned directly'} → permission set <code>{p.permissionSet}</code> in {p.account}:{' '}
            {p.users.map((u, j) => (
              <span key={u.id}>
                {j > 0 ? ', ' : ''}
                <a href={hrefOf('/explain', { principal: sessionOf(p.role, u.userName), action: p.access[0]?.action ?? '', resource: p.access[0]?.resource ?? r.resource })} onClick={followLink} title={u.displayName ?? u.userName}>
                  {u.userName}
                </a>
              </span>
            ))}
            {' · '}
            {p.access.map((a, k) => (
              <span key={k}>
                {k > 0 ? ', ' : ''}
                <code>{a.action}</code> <Verdict value={a.decision} />
              </span>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The session a user signs in as: `arn:aws:sts::<account>:assumed-role/<role name>/<user name>`. */
function sessionOf(roleArn: string, userName: string): string {
  const [, partition = 'aws', , , account = ''] = roleArn.split(':');
  const name = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  return `arn:${partition}:sts::${account}:assumed-role/${name}/${userName}`;
}

/** Users and roles of the estate can be explained; `*`, services and outsiders are principals explain takes too when they are ARNs or service names. */
function explainable(principal: string): boolean {
  return principal.startsWith('arn:') || principal.endsWith('.amazonaws.com');
}
