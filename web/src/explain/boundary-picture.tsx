import type { ExplainJson } from '../api';
import { Verdict } from '../common/verdict';

type Boundary = ExplainJson['boundaries'][number];
type Gate = Boundary['gates'][number];

/**
 * Both boundaries side by side: the caller's account, the target's, and a third box where a KMS
 * key of another account takes part. Each gate is a row (verdict, side, deciding statement with
 * its JSON on demand); the guardrails (SCPs, RCPs) are the organization's, drawn in its frame.
 */
export function BoundaryPicture({ e }: { readonly e: ExplainJson }) {
  const members = e.boundaries.filter((b) => b.organization.status === 'member');
  const orgId = members[0]?.organization.id ?? null;
  const inFrame = orgId !== null && members.every((b) => b.organization.id === orgId) ? members : [];
  const outside = e.boundaries.filter((b) => !inFrame.includes(b));
  const boxes = (list: readonly Boundary[]) => (
    <div className="boundary-row">
      {list.map((b, i) => (
        <BoundaryBox key={`${b.account}-${i}`} b={b} e={e} arrow={i > 0} />
      ))}
    </div>
  );
  return (
    <section className="boundaries" aria-labelledby="boundaries-heading">
      <h2 id="boundaries-heading">Both boundaries</h2>
      {inFrame.length > 0 ? (
        <div className="org-frame" role="group" aria-label={`organization ${orgId}`}>
          <div className="org-frame-title">
            organization <code>{orgId}</code> · guardrails (SCPs on the caller's side, RCPs on the target's)
          </div>
          {boxes(inFrame)}
        </div>
      ) : null}
      {outside.length > 0 ? boxes(outside) : null}
    </section>
  );
}

function BoundaryBox({ b, e, arrow }: { readonly b: Boundary; readonly e: ExplainJson; readonly arrow: boolean }) {
  const guardrails = b.gates.filter((g) => g.guardrail);
  const policies = b.gates.filter((g) => !g.guardrail);
  const path = b.organization.path.map((l) => l.name ?? l.id).join(' › ');
  const title = `${b.parts.join(' · ')} · ${b.account ?? 'no account'}${b.name ? ` (${b.name})` : ''}`;
  const blocking = b.gates.some((g) => g.blocking);
  return (
    <>
      {arrow ? (
        <div className="boundary-arrow" aria-hidden="true">
          ──▶
        </div>
      ) : null}
      <div className={`boundary-box${blocking ? ' has-blocking' : ''}`} role="group" aria-label={title} data-parts={b.parts.join(' ')}>
        <h3 className="boundary-title">{title}</h3>
        {path ? <div className="boundary-org">org {path}</div> : <div className="boundary-org">{b.organization.status === 'member' ? '' : `not in the organization (${b.organization.status})`}</div>}
        <ul className="boundary-members">
          {b.principals.map((p) => (
            <li key={p.arn}>
              principal <code>{p.arn}</code>
            </li>
          ))}
          {b.resources.map((r) => (
            <li key={r.arn}>
              {r.type} <code>{r.arn}</code> (hop {r.hops.join(', ')}){r.encryptedWith ? <> · encrypted with <code>{r.encryptedWith}</code></> : null}
            </li>
          ))}
        </ul>
        {guardrails.length > 0 ? <GateTable caption="organization guardrails" gates={guardrails} e={e} className="guardrail-table" /> : null}
        {policies.length > 0 ? <GateTable caption="account policies" gates={policies} e={e} className="policy-table" /> : null}
      </div>
    </>
  );
}

function GateTable({ caption, gates, e, className }: { readonly caption: string; readonly gates: readonly Gate[]; readonly e: ExplainJson; readonly className: string }) {
  return (
    <table className={`gate-table ${className}`}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">verdict</th>
          <th scope="col">gate</th>
          <th scope="col">side</th>
          <th scope="col">request</th>
          <th scope="col">deciding statement</th>
        </tr>
      </thead>
      <tbody>
        {gates.map((g, i) => (
          <tr key={i} className={g.blocking ? 'blocking-row' : undefined} data-gate={g.gate} data-verdict={g.verdict}>
            <td>
              <Verdict value={g.verdict} blocking={g.blocking} />
              {g.blocking ? <span className="missing-piece"> · the missing piece</span> : null}
            </td>
            <td>
              {g.gate}
              {g.targetName || g.targetId ? <span className="gate-level"> @ {g.targetName ?? g.targetId}</span> : null}
            </td>
            <td>{g.side}</td>
            <td>
              hop {g.hop}: <code>{g.action}</code>
            </td>
            <td>
              <Statements g={g} e={e} />
              <div className="gate-reason">{g.reason}</div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Statements({ g, e }: { readonly g: Gate; readonly e: ExplainJson }) {
  if (g.statements.length === 0) return <span className="no-statement">no statement</span>;
  return (
    <ul className="statement-refs">
      {g.statements.map((s, i) => {
        const written = e.decidingStatements.find((d) => d.hop === g.hop && d.gate === g.gate && d.policy === s.policy && d.index === s.index);
        return (
          <li key={i}>
            <code>{s.policy}</code> #{s.index}
            {s.sid ? <> · Sid <code>{s.sid}</code></> : null} ({s.effect})
            {written?.statement ? (
              <details>
                <summary>JSON</summary>
                <pre>{JSON.stringify(written.statement, null, 2)}</pre>
              </details>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
