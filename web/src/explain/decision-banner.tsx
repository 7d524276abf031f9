import type { ExplainJson } from '../api';
import { isDenied, Verdict } from '../common/verdict';
import { accountTitle, useEstate } from '../estate-store';

/** The decision, who decided it and on which side, then the residual condition and what was missing. */
export function DecisionBanner({ e }: { readonly e: ExplainJson }) {
  const estate = useEstate();
  const deciding = e.hops.find((h) => h.decidedBy === e.decidedBy && h.side === e.side && h.decision !== 'Allow') ?? e.hops[0];
  const account = e.side === 'caller' ? deciding?.callerAccount : deciding?.resourceAccount;
  const tone = isDenied(e.decision) ? 'denied' : e.decision === 'Allow' ? 'allowed' : 'open';
  return (
    <section className={`decision-banner ${tone}`} aria-labelledby="decision-heading">
      <h2 id="decision-heading">
        <Verdict value={e.decision} />
        {e.decidedBy ? (
          <span className="decided-by">
            {' '}
            decided by <strong>{e.decidedBy}</strong> on the <strong className="side">{e.side} side</strong>
            {account ? <> (account {accountTitle(estate, account)})</> : null}
          </span>
        ) : null}
      </h2>
      {e.residual.length > 0 ? (
        <div className="residual">
          <h3>Allowed if</h3>
          <pre>{JSON.stringify(e.residual, null, 2)}</pre>
        </div>
      ) : null}
      {e.missing.length > 0 ? (
        <div className="missing">
          <h3>Missing from the estate</h3>
          <ul>{e.missing.map((m) => <li key={m}>{m}</li>)}</ul>
        </div>
      ) : null}
      {e.assumptions.length > 0 ? (
        <div className="assumptions">
          <h3>Assumptions</h3>
          <ul>
            {e.assumptions.map((a) => (
              <li key={`${a.code} ${a.message}`} title={`docs/aws-authorization.md#${a.rule}`}>
                {a.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
