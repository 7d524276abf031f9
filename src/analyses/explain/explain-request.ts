import { evaluateRequest } from '../../core/decision/evaluate-request.js';
import type { AuthorizationRequest } from '../../core/decision/request.js';
import type { Decision, GateVerdict, HopDecision } from '../../core/decision/result.js';
import type { Estate } from '../../core/model/estate.js';
import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import { drawBoundaries } from './draw-boundaries.js';
import type { DecidingStatement, Explanation, Fix, GuardrailBlock, HopSummary } from './explanation.js';
import { guardrailBlocks } from './guardrail-blocks.js';
import { openAccessNotes } from './open-access-notes.js';
import { statementAsWritten } from './policy-index.js';
import { proposeFixes } from './propose-fixes.js';

export interface ExplainOptions {
  readonly catalog?: ServiceCatalog;
}

/**
 * The decision drawn as boundaries, with what would change it (results.md "Fixes"): for a
 * denial, the verified changes in the account that can make each, or the organization guardrail
 * that no IAM change can lift; for a decision that hinges on unknown request context, the
 * residual; for an allowed request, the statements that allow it and how wide they are.
 */
export function explainRequest(estate: Estate, request: AuthorizationRequest, options: ExplainOptions = {}): Explanation {
  const decision = evaluateRequest(estate, request, options);
  const denied = decision.decision === 'ExplicitDeny' || decision.decision === 'ImplicitDeny';
  const blockedBy = denied ? guardrailBlocks(estate, request, decision) : [];
  // The answer says when the action is not in the service reference data (its `unknown-action` assumption).
  const unknownAction = decision.assumptions.some((a) => a.code === 'unknown-action');
  const proposal = unknownAction
    ? { fixes: [], notes: denied ? [`no fix is proposed: \`${request.action}\` is not in the service reference data, so a statement naming it may grant nothing`] : [] }
    : denied && blockedBy.length === 0
      ? proposeFixes(estate, request, decision, options.catalog)
      : { fixes: [], notes: [] };
  const deciding = decision.hops.flatMap((hop, i) => decidingStatements(estate, request, hop, i));
  const notes = [
    ...proposal.notes,
    ...decision.hops.flatMap((hop) => allowListNote(estate, request, hop)),
    ...decision.hops.flatMap((hop, i) => (hop.decision === 'Allow' || hop.decision === 'Conditional' ? openAccessNotes(estate, hop, deciding.filter((d) => d.hop === i)) : [])),
  ];
  const blocking = blockingGates(decision, proposal.fixes, blockedBy);
  return {
    request,
    decision,
    hops: decision.hops.map(summary),
    boundaries: drawBoundaries(estate, request, decision, blocking),
    decidingStatements: deciding,
    fixes: proposal.fixes,
    blockedBy,
    notes: [...new Set(notes)],
  };
}

function summary(hop: HopDecision, i: number): HopSummary {
  return {
    hop: i,
    action: hop.action,
    resource: hop.resource,
    decision: hop.decision,
    ...(hop.decidedBy !== undefined ? { decidedBy: hop.decidedBy } : {}),
    ...(hop.side !== undefined ? { side: hop.side } : {}),
    ...(hop.callerAccount !== undefined ? { callerAccount: hop.callerAccount } : {}),
    ...(hop.resourceAccount !== undefined ? { resourceAccount: hop.resourceAccount } : {}),
    crossAccount: hop.crossAccount,
    ...(hop.impliedBy !== undefined ? { impliedBy: hop.impliedBy } : {}),
    residual: hop.residual,
    missing: hop.missing,
  };
}

/** The granting statements of an allowed hop, the denying ones of an explicitly denied hop. */
function decidingStatements(estate: Estate, request: AuthorizationRequest, hop: HopDecision, i: number): DecidingStatement[] {
  const pick = (g: GateVerdict): readonly DecidingStatement[] => {
    const effect = hop.decision === 'ExplicitDeny' ? 'Deny' : 'Allow';
    return g.statements
      .filter((s) => s.effect === effect)
      .map((s) => {
        const raw = statementAsWritten(estate, request, s);
        return { hop: i, gate: g.gate, account: g.account, policy: s.policy, index: s.index, ...(s.sid !== undefined ? { sid: s.sid } : {}), effect, ...(raw !== undefined ? { statement: raw } : {}) };
      });
  };
  if (hop.decision === 'ExplicitDeny') return hop.gates.filter((g) => g.verdict === 'deny').flatMap(pick);
  if (hop.decision === 'Allow' || hop.decision === 'Conditional') return hop.gates.filter((g) => g.gate === hop.decidedBy && g.side === hop.side).flatMap(pick);
  return [];
}

/**
 * An SCP that allow-lists the action (not `FullAWSAccess`) is easily read as a grant. Where it
 * allows a request that IAM denies, say that SCPs only set the maximum (docs/aws-authorization.md#scp-does-not-grant).
 */
function allowListNote(estate: Estate, request: AuthorizationRequest, hop: HopDecision): string[] {
  if (hop.decision !== 'ImplicitDeny') return [];
  const scps = hop.gates.filter((g) => g.gate === 'scp');
  if (scps.length === 0 || scps.some((g) => g.verdict !== 'allow')) return [];
  const allowList = scps.flatMap((g) => g.statements).find((ref) => {
    const raw = statementAsWritten(estate, request, ref) as { Action?: unknown } | undefined;
    return ref.effect === 'Allow' && raw !== undefined && raw.Action !== '*';
  });
  if (!allowList) return [];
  return [`the SCP \`${allowList.policy}\` allows ${hop.action}, but SCPs never grant: they only set the most the account's own policies can allow (docs/aws-authorization.md#scp-does-not-grant)`];
}

/** A gate is drawn as the missing piece when it denies, when a fix is about it, or when it settled a denial. */
function blockingGates(decision: Decision, fixes: readonly Fix[], blocks: readonly GuardrailBlock[]): (hop: number, gate: GateVerdict) => boolean {
  const fixed = new Set(fixes.flatMap((f) => f.hops.map((h) => `${h}|${f.gate}`)));
  const guarded = new Set(blocks.map((b) => `${b.hop}|${b.guardrail}|${b.targetId ?? ''}`));
  return (hop, gate) => {
    const h = decision.hops[hop];
    if (!h || (h.decision !== 'ExplicitDeny' && h.decision !== 'ImplicitDeny')) return false;
    if (gate.verdict === 'allow') return false;
    if (gate.verdict === 'deny') return true;
    if (gate.guardrail) return guarded.has(`${hop}|${gate.gate}|${gate.targetId ?? ''}`);
    return fixed.has(`${hop}|${gate.gate}`) || (gate.gate === h.decidedBy && gate.side === h.side);
  };
}
