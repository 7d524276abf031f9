import type { ExplainJson } from '../api';
import { DiagnosticsList } from '../common/diagnostics-list';
import type { Address } from '../location';
import { useApi } from '../use-api';
import { BoundaryPicture } from './boundary-picture';
import { DecisionBanner } from './decision-banner';
import { ExplainForm } from './explain-form';
import { FixList } from './fix-list';

/** `/explain?principal=…&action=…&resource=…&context=k=v&absent=k`: one decision, on both sides. */
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
