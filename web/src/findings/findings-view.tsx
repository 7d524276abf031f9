import { DiagnosticsList } from '../common/diagnostics-list';
import type { Address } from '../location';
import { useApi } from '../use-api';

/** `/findings?severity=…`: the estate's findings, once trustmap has findings rules; until then the server says why there are none. */
export function FindingsView({ address }: { readonly address: Address }) {
  void address;
  const state = useApi<unknown>('/api/findings', new URLSearchParams());
  return (
    <div className="view findings-view">
      <h1>Findings</h1>
      <div aria-live="polite">
        {state.status === 'loading' ? <p className="loading">asking the server…</p> : null}
        {state.status === 'failed' ? <DiagnosticsList diagnostics={state.error.diagnostics} title="No findings to show" /> : null}
      </div>
    </div>
  );
}
