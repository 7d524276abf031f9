import type { Policy } from '../policy/policy-types.js';
import type { PrincipalMatchKind } from '../policy/principal-matcher.js';
import type { StatementRef } from './result.js';
import { REFUSED, either, type Bounds } from './bounds.js';
import { evaluatePolicy, type MatchRequest, type PolicyEvaluation } from './evaluate-policy.js';

/** Several policies of one type are combined with OR (spec §2.1). */
export function evaluatePolicies(policies: readonly Policy[], req: MatchRequest): PolicyEvaluation {
  if (policies.length === 1) return evaluatePolicy(policies[0]!, req);
  const allows = new Map<PrincipalMatchKind, Bounds>();
  let deny: Bounds = REFUSED;
  const allowStatements: StatementRef[] = [];
  const denyStatements: StatementRef[] = [];
  const problems: string[] = [];
  for (const p of policies) {
    const e = evaluatePolicy(p, req);
    for (const [k, b] of e.allows) {
      const prior = allows.get(k);
      allows.set(k, prior ? either(prior, b) : b);
    }
    deny = either(deny, e.deny);
    allowStatements.push(...e.allowStatements);
    denyStatements.push(...e.denyStatements);
    problems.push(...e.problems);
  }
  return { allows, deny, allowStatements, denyStatements, problems };
}
