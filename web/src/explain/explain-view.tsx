import type { ExplainJson } from '../api';
import { DiagnosticsList } from '../common/diagnostics-list';
import { Verdict } from '../common/verdict';
import type { Address } from '../location';
import { useApi } from '../use-api';
import { BoundaryPicture } from './boundary-picture';
import { DecisionBanner } from './decision-banner';
import { ExplainForm } from './explain-form';
import { FixList } from './fix-list';

/** `/explain?principal=…&action=…&resource=…&context=k=v&absent=k`: one decision, on both sides. */
/** A person asked about (`sso:<user>`): every route they sign in by, and which one the page draws. */
function PersonRoutes({ person, session }: { readonly person: NonNullable<ExplainJson['person']>; readonly session: string }) {
  return (
    <section aria-label="routes" className="person-routes">
      <h2>
        {person.label} signs in through IAM Identity Center by {person.routes.length} {person.routes.length === 1 ? 'route' : 'routes'}
      </h2>
      <ul>
        {person.routes.map((r, i) => (
          <li key={i}>
            {r.via === 'group' ? `group ${r.group}` : 'assigned directly'} → permission set <code>{r.permissionSet}</code> in {r.account}:{' '}
            {r.decision ? <Verdict value={r.decision} /> : 'no provisioned role in the account'}
            {r.session === session ? ' (drawn below: the most permissive)' : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ExplainView({ address }: { readonly address: Address }) {
  const asked = address.params.has('principal') || address.params.has('action') || address.params.has('resource');
  const state = useApi<ExplainJson>('/api/explain', asked ? address.params : undefined);
  return (
    <div className="view explain-view">
      <h1>Explain a request</h1>
      <ExplainForm address={address} />
      <div aria-live="polite" aria-busy={state.status === 'loading'}>
        {state.status === 'loading' ? <p className="loading">asking the engine…</p> : null}
        {state.status === 'failed' ? <DiagnosticsList diagnostics={state.error.diagnostics} title="The request cannot be explained" /> : null}
        {state.status === 'done' ? (
          <div className="explain-result" data-decision={state.value.decision}>
            {state.value.person ? <PersonRoutes person={state.value.person} session={state.value.request.principal} /> : null}
            <DecisionBanner e={state.value} />
            <FixList e={state.value} />
            <BoundaryPicture e={state.value} />
            {state.value.notes.length > 0 ? (
              <section aria-labelledby="notes-heading">
                <h2 id="notes-heading">Notes</h2>
                <ul>{state.value.notes.map((n) => <li key={n}>{n}</li>)}</ul>
              </section>
            ) : null}
            <DiagnosticsList diagnostics={state.value.diagnostics} title="Diagnostics of the estate" />
          </div>
        ) : null}
      </div>
    </div>
  );
}
