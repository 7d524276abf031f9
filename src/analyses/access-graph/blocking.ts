import type { Decision, GateId, HopDecision } from '../../core/decision/result.js';

/** Gates that grant: guardrails and Block Public Access only ever take away. */
const GRANTING: ReadonlySet<GateId> = new Set(['identity', 'resource', 'access-point', 'trust', 'key-policy', 'grant', 's3-acl']);

/**
 * A denial worth showing next to the principals that can: a Deny statement decided it (an SCP, an
 * RCP, a policy), or some gate granted and another gate refused (a missing key policy grant, a
 * bucket policy without the matching identity policy). A principal nobody granted anything is no news.
 */
export function isNearMiss(d: Decision): boolean {
  if (d.decision === 'ExplicitDeny') return true;
  if (d.decision !== 'ImplicitDeny') return false;
  return d.hops.some((h) => h.gates.some((g) => GRANTING.has(g.gate) && (g.verdict === 'allow' || g.verdict === 'conditional')));
}

/** The hop whose decision decided the request: the main one, or an implied one (KMS). */
export function decidingHop(d: Decision): HopDecision {
  return d.hops.find((h) => h.decision === d.decision) ?? d.hops[0]!;
}
