import type { EstateJson } from '../api';
import type { AssumeHopJson, RequestHopJson } from '../../../src/reporters/access-hops.js';
import { Verdict } from '../common/verdict';
import { accountTitle, useEstate } from '../estate-store';

export type { AssumeHopJson, RequestHopJson };

interface Step {
  readonly id: string;
  readonly account: string | null;
  /** How this step was reached from the previous one. */
  readonly via?: { readonly action: string; readonly decision: string; readonly implied?: boolean };
}

/**
 * One path drawn across account boxes: the principal, each role it assumes, the resource, and an
 * implied KMS request to a key (in a third account where it lives elsewhere). Consecutive steps in
 * one account share its box; each arrow carries the action and the engine's answer.
 */
export function PathPicture({ start, chain, request, label }: { readonly start: { readonly id: string; readonly account: string | null }; readonly chain: readonly AssumeHopJson[]; readonly request: RequestHopJson; readonly label: string }) {
  const estate = useEstate();
  const steps: Step[] = [{ id: start.id, account: start.account }];
  for (const hop of chain) steps.push({ id: hop.to, account: accountOf(estate, hop.to), via: { action: hop.action, decision: hop.decision } });
  steps.push({ id: request.resource, account: targetAccount(estate, request), via: { action: request.action, decision: request.decision } });
  for (const implied of request.implied) steps.push({ id: implied.resource, account: accountOf(estate, implied.resource), via: { action: implied.action, decision: implied.decision, implied: true } });
  const boxes: Array<{ account: string | null; steps: Step[] }> = [];
  for (const step of steps) {
    const last = boxes[boxes.length - 1];
    if (last && last.account === step.account && !step.via?.implied) last.steps.push(step);
    else boxes.push({ account: step.account, steps: [step] });
  }
  return (
    <figure className="path-picture" aria-label={label}>
      <ol className="path-boxes">
        {boxes.map((box, i) => (
          <li key={i} className="path-box-item">
            {box.steps[0]?.via ? <Arrow via={box.steps[0].via} /> : null}
            <div className="path-box" role="group" aria-label={`account ${accountTitle(estate, box.account)}`}>
              <div className="path-box-title">{accountTitle(estate, box.account)}</div>
              <ol className="path-steps">
                {box.steps.map((s, j) => (
                  <li key={j}>
                    {j > 0 && s.via ? <Arrow via={s.via} inline /> : null}
                    <code className="path-node">{s.id}</code>
                  </li>
                ))}
              </ol>
            </div>
          </li>
        ))}
      </ol>
      <figcaption>{label}</figcaption>
    </figure>
  );
}

function Arrow({ via, inline }: { readonly via: NonNullable<Step['via']>; readonly inline?: boolean }) {
  return (
    <div className={`path-arrow${inline ? ' inline' : ''}`}>
      <span aria-hidden="true">{inline ? '↓' : '→'}</span> {via.implied ? 'implied ' : ''}
      <code>{via.action}</code> <Verdict value={via.decision} />
    </div>
  );
}

/** The account in an ARN; S3 ARNs name none, so the estate's resource list tells. */
export function accountOf(estate: EstateJson, id: string): string | null {
  const parts = id.split(':');
  if (parts[0] === 'arn' && parts[4] && /^\d{12}$/.test(parts[4])) return parts[4];
  const known = estate.inventory.resources.find((r) => r.arn === id || (id.startsWith(`${r.arn}/`) && r.type === 'bucket'));
  return known?.account ?? null;
}

function targetAccount(estate: EstateJson, request: RequestHopJson): string | null {
  return accountOf(estate, request.resource) ?? request.gates.find((g) => g.side === 'target')?.account ?? null;
}
