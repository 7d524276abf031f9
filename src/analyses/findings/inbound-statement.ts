import type { StatementRef } from '../../core/decision/result.js';
import { isUncollected, type Estate } from '../../core/model/estate.js';
import type { CompiledStatement, Policy } from '../../core/policy/policy-types.js';
import { findPrincipal } from '../access-graph/graph-nodes.js';

/** The trust policy of a role, or the policy of a resource (for an S3 object: its bucket's), by the target's ARN. */
export function inboundPolicyOf(estate: Estate, target: string): { policy: Policy; account: string } | undefined {
  const principal = findPrincipal(estate, target);
  if (principal?.kind === 'role') return principal.trustPolicy ? { policy: principal.trustPolicy, account: principal.accountId } : undefined;
  const resource = estate.resources.get(target) ?? estate.resources.get(bucketOf(target));
  const policy = resource?.policy;
  if (!resource || !policy || isUncollected(policy)) return undefined;
  return { policy, account: resource.accountId };
}

/** The compiled statement an engine reference names, when it is a statement of `policy`. */
export function statementOf(policy: Policy, ref: StatementRef): CompiledStatement | undefined {
  if (ref.policy !== policy.name) return undefined;
  return policy.statements.find((s) => s.index === ref.index);
}

function bucketOf(arn: string): string {
  const m = /^(arn:[^:]+:s3:::[^/]+)\//.exec(arn);
  return m ? m[1]! : arn;
}
