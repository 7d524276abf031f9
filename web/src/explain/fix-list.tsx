import type { ExplainJson } from '../api';
import { CopyButton } from '../common/copy-button';
import { accountTitle, useEstate } from '../estate-store';

/** How to allow it: each alternative's changes with the statement to paste, and whether the engine verified it; or the guardrail no IAM change lifts. */
export function FixList({ e }: { readonly e: ExplainJson }) {
  const estate = useEstate();
  if (e.blockedBy.length > 0) {
    return (
      <section className="fixes" aria-labelledby="fixes-heading">
        <h2 id="fixes-heading">Blocked by an organization guardrail</h2>
        <ul className="guardrail-blocks">
          {e.blockedBy.map((b, i) => (
            <li key={i}>
              <strong>{b.guardrail.toUpperCase()}</strong> <code>{b.policy}</code> at {b.targetName ?? b.targetId ?? b.ou ?? 'the organization'} (account {accountTitle(estate, b.account)}): {b.reason}. <em>Unfixable by IAM in either account.</em>
              {b.statement ? <pre>{JSON.stringify(b.statement.statement, null, 2)}</pre> : null}
            </li>
          ))}
        </ul>
      </section>
    );
  }
  if (e.fixes.length === 0) return null;
  const alternatives = [...new Set(e.fixes.map((f) => f.alternative))];
  return (
    <section className="fixes" aria-labelledby="fixes-heading">
      <h2 id="fixes-heading">How to allow it</h2>
      {alternatives.map((alt) => {
        const changes = e.fixes.filter((f) => f.alternative === alt);
        const verified = changes.every((f) => f.verified);
        return (
          <article key={alt} className="fix-alternative" aria-label={`alternative ${alt}`}>
            <h3>
              Alternative {alt}{' '}
              {verified ? (
                <span className="verified" title="trustmap ran the engine again with this change applied: it allows the request">
                  ✓ verified
                </span>
              ) : (
                <span className="not-verified">not verified: with it the engine answers {changes.find((f) => !f.verified)?.verifiedDecision}</span>
              )}
            </h3>
            <ol>
              {changes.map((f, i) => {
                if (f.kind === 'enable-key') {
                  // No policy edit: a KMS key to bring back to Enabled, by the commands shown (docs/aws-authorization.md#kms-key-state).
                  const commands = f.commands.join('\n');
                  return (
                    <li key={i} className="fix">
                      <p>
                        <strong>{f.kind}</strong> · account {accountTitle(estate, f.account)} · <span className="side">{f.side} side</span> · {f.gate}
                        <br />
                        key <code>{f.attachedTo}</code>
                      </p>
                      <p className="fix-reason">why: {f.reason}</p>
                      <div className="fix-statement">
                        <pre aria-label="commands to run">{commands}</pre>
                        <CopyButton text={commands} label={`commands of alternative ${alt}, change ${i + 1}`} />
                      </div>
                    </li>
                  );
                }
                const text = JSON.stringify(f.kind === 'remove-statement' ? f.current?.statement : f.statement, null, 2);
                return (
                  <li key={i} className="fix">
                    <p>
                      <strong>{f.kind}</strong> · account {accountTitle(estate, f.account)} · <span className="side">{f.side} side</span> · {f.gate}
                      <br />
                      in <code>{f.policy}</code>
                      {f.newPolicy ? ' (a new policy)' : ''} on <code>{f.attachedTo}</code>
                    </p>
                    <p className="fix-reason">why: {f.reason}</p>
                    <div className="fix-statement">
                      <pre aria-label={`statement to ${f.kind === 'remove-statement' ? 'remove' : 'paste'}`}>{text}</pre>
                      <CopyButton text={text ?? ''} label={`statement of alternative ${alt}, change ${i + 1}`} />
                    </div>
                  </li>
                );
              })}
            </ol>
          </article>
        );
      })}
    </section>
  );
}
