import type { AuthorizationRequest } from '../../core/decision/request.js';
import type { Decision, GateVerdict } from '../../core/decision/result.js';
import { isUncollected, type Estate } from '../../core/model/estate.js';
import type { GuardrailBlock } from './explanation.js';
import { statementAsWritten } from './policy-index.js';

/**
 * The organization guardrails that block a denied request (results.md "Fixes"): an SCP or RCP
 * statement that denies it, or an SCP level with no Allow for it (docs/aws-authorization.md#scp-does-not-grant, #rcp-does-not-grant). No IAM change
 * in the caller's or the target's account can lift them.
 */
export function guardrailBlocks(estate: Estate, request: AuthorizationRequest, decision: Decision): GuardrailBlock[] {
  const out: GuardrailBlock[] = [];
  decision.hops.forEach((hop, i) => {
    if (hop.decision !== 'ExplicitDeny' && hop.decision !== 'ImplicitDeny') return;
    for (const gate of hop.gates) {
      if (!gate.guardrail || (gate.gate !== 'scp' && gate.gate !== 'rcp')) continue;
      if (gate.verdict === 'deny') {
        for (const ref of gate.statements) {
          if (ref.effect !== 'Deny') continue;
          const raw = statementAsWritten(estate, request, ref);
          out.push({
            ...where(gate, i),
            policy: ref.policy,
            statement: { index: ref.index, ...(ref.sid !== undefined ? { sid: ref.sid } : {}), ...(raw !== undefined ? { statement: raw } : {}) },
            reason: `${gate.gate === 'scp' ? 'an SCP' : 'an RCP'} statement denies ${hop.action}: ${gate.reason}`,
          });
        }
      } else if (gate.gate === 'scp' && gate.verdict === 'no-match') {
        out.push({ ...where(gate, i), policy: attachedScps(estate, gate.targetId), reason: `every level from the root to the account must allow it (docs/aws-authorization.md#scp-does-not-grant): ${gate.reason}` });
      }
    }
  });
  return out;
}

function where(gate: GateVerdict, hop: number): Pick<GuardrailBlock, 'guardrail' | 'hop' | 'account' | 'targetId' | 'targetName' | 'ou' | 'unfixable'> {
  return {
    guardrail: gate.gate as 'scp' | 'rcp',
    hop,
    account: gate.account,
    ...(gate.targetId !== undefined ? { targetId: gate.targetId } : {}),
    ...(gate.targetName !== undefined ? { targetName: gate.targetName } : {}),
    ...(gate.ou !== undefined ? { ou: gate.ou } : {}),
    unfixable: 'organization guardrail',
  };
}

function attachedScps(estate: Estate, targetId: string | undefined): string {
  const node = targetId !== undefined ? estate.organization?.nodes.get(targetId) : undefined;
  if (!node || isUncollected(node.scps)) return 'the SCPs attached there';
  return node.scps.length === 0 ? 'no SCP attached' : node.scps.map((p) => p.name).join(', ');
}
