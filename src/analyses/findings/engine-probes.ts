import type { Decision, DecisionKind } from '../../core/decision/result.js';
import type { Estate, Role } from '../../core/model/estate.js';
import type { GivenValue } from '../../core/decision/request.js';
import type { FindingRequest } from './finding.js';
import type { FindingContext } from './finding-rule.js';

/**
 * Questions the rules put to the engine about callers that are not in the estate: an account of
 * nobody's, a service acting for a source there. The answers are the engine's; only the caller is
 * invented, and it is chosen so that no policy of the estate can name it.
 */
const FOREIGN_CANDIDATES = ['000000000000', '000000000001', '000000000002', '000000000003'];

/** An account id that no account, principal or resource of the estate uses. */
export function foreignAccount(estate: Estate): string {
  return FOREIGN_CANDIDATES.find((id) => !estate.accounts.has(id)) ?? '000000000009';
}

/** A role session of an account outside the estate: some principal of some other AWS customer. */
export function foreignPrincipal(estate: Estate): string {
  return `arn:${estate.partition}:iam::${foreignAccount(estate)}:role/*`;
}

export function isReaching(d: DecisionKind): boolean {
  return d === 'Allow' || d === 'Conditional' || d === 'Unknown';
}

/**
 * Whether a session of the role can edit its own permissions (`iam:PutRolePolicy` or
 * `iam:AttachRolePolicy` on itself): then it can grant itself anything, so it is administrative.
 */
export function administrativeProof(ctx: FindingContext, role: Role): Decision | undefined {
  const node = ctx.graph.node(role.arn);
  if (!node) return undefined;
  for (const action of ['iam:PutRolePolicy', 'iam:AttachRolePolicy']) {
    const d = ctx.graph.decide(node, action, role.arn);
    if (d.decision === 'Allow' || d.decision === 'Conditional') return d;
  }
  return undefined;
}

/** `Allow`, or `Conditional if {…}` with the residual as compact JSON: how evidence shows a decision. */
export function decisionWords(d: Decision): string {
  if (d.decision === 'Conditional') return `Conditional if ${JSON.stringify(d.residual)}`;
  if (d.decision === 'Unknown' && d.missing.length > 0) return `Unknown (missing: ${d.missing.join('; ')})`;
  const by = d.decidedBy !== undefined ? `, decided by ${d.decidedBy}${d.side !== undefined ? ` (${d.side})` : ''}` : '';
  return `${d.decision}${d.decision === 'Allow' ? '' : by}`;
}

/** The main request of a decision, with the context it was asked with: what the finding's `request` is. */
export function requestOf(d: Decision, context?: Readonly<Record<string, GivenValue>>): FindingRequest {
  return { principal: d.principal, action: d.action, resource: d.resource, ...(context && Object.keys(context).length > 0 ? { context } : {}) };
}
