import { useContext, useMemo } from 'react';
import { Verdict } from '../common/verdict';
import { accountTitle, useEstate } from '../estate-store';
import { followLink, hrefOf } from '../location';
import { BOUNDARY_WORDS } from './boundary-colours';
import { MapActions } from './map-nodes';
import { explainPrincipal, setAccounts, setLabel } from './principal-set';

const SHOWN = 40;

/** The selected account: where it sits, its guardrails, and the accesses into and out of it, each one a link to explain. */
export function AccountPanel({ account, expanded }: { readonly account: string; readonly expanded: boolean }) {
  const estate = useEstate();
  const actions = useContext(MapActions);
  const place = useMemo(() => {
    const tree = estate.overview.tree;
    const at = tree.findIndex((l) => l.id === account);
    if (at < 0) return [];
    const path = [tree[at]!];
    for (let i = at - 1, depth = tree[at]!.depth; i >= 0 && depth > 0; i--) {
      if (tree[i]!.depth === depth - 1) {
        path.unshift(tree[i]!);
        depth--;
      }
    }
    return path;
  }, [estate, account]);
  const entries = estate.accessMap.entries;
  const outgoing = useMemo(() => entries.filter((e) => setAccounts(e.principals).includes(account) && e.targetAccount !== account), [entries, account]);
  const incoming = useMemo(() => entries.filter((e) => e.targetAccount === account), [entries, account]);
  const blocked = useMemo(() => estate.accessMap.blocked.filter((b) => b.targetAccount === account || setAccounts(b.principals).includes(account)), [estate, account]);
  const accountLabel = (id: string): string => accountTitle(estate, id);
  return (
    <section aria-label={`account ${accountTitle(estate, account)}`} className="account-panel">
      <h2>{accountTitle(estate, account)}</h2>
      <button type="button" aria-expanded={expanded} onClick={() => actions.toggle(account)}>
        {expanded ? 'Collapse' : 'Expand'} on the map
      </button>
      {place.length > 0 ? (
        <ol className="org-path" aria-label="place in the organization">
          {place.map((l) => (
            <li key={l.id}>
              {l.kind === 'root' ? 'root' : l.name}
              {l.scps && l.scps.length > 0 ? <span className="guardrail"> SCP {l.scps.join(', ')}</span> : null}
              {l.rcps && l.rcps.length > 0 ? <span className="guardrail"> RCP {l.rcps.join(', ')}</span> : null}
            </li>
          ))}
        </ol>
      ) : (
        <p>not in the organization</p>
      )}
      <AccessList title={`Out of this account (${outgoing.length})`} list={outgoing} accountLabel={accountLabel} />
      <AccessList title={`Into this account (${incoming.length})`} list={incoming} accountLabel={accountLabel} />
      {blocked.length > 0 ? (
        <>
          <h3>Blocked ({blocked.length})</h3>
          <ul className="access-list">
            {blocked.slice(0, SHOWN).map((b, i) => (
              <li key={i}>
                {setLabel(b.principals, accountLabel)} → <code>{b.resource}</code> <code>{b.action}</code> <Verdict value={b.decision} /> by {b.gate ?? '-'} ({b.side ?? '-'}) ·{' '}
                <a href={hrefOf('/explain', { principal: b.principals.first.id, action: b.action, resource: b.resource })} onClick={followLink}>
                  explain
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function AccessList({ title, list, accountLabel }: { readonly title: string; readonly list: ReturnType<typeof useEstate>['accessMap']['entries']; readonly accountLabel: (id: string) => string }) {
  if (list.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul className="access-list">
        {list.slice(0, SHOWN).map((e, i) => {
          const first = e.actions[0];
          const principal = explainPrincipal(e.principals);
          return (
            <li key={i} className={`boundary-${e.boundary}`}>
              <span className="boundary-word">{BOUNDARY_WORDS[e.boundary]}</span> {setLabel(e.principals, accountLabel)} → <code>{e.target}</code> <Verdict value={e.decision} /> {e.classes.join(', ')}
              <br />
              {first && principal ? (
                <a href={hrefOf('/explain', { principal, action: first.action, resource: first.resource })} onClick={followLink}>
                  explain {first.action}
                </a>
              ) : null}
              {' · '}
              <a href={hrefOf('/who-can', { resource: e.target })} onClick={followLink}>
                who can reach it
              </a>
            </li>
          );
        })}
      </ul>
      {list.length > SHOWN ? <p>and {list.length - SHOWN} more</p> : null}
    </>
  );
}
