import type { StatementRef } from '../../../core/decision/result.js';
import { findPrincipal } from '../../access-graph/graph-nodes.js';
import { administrativeProof, decisionWords, requestOf } from '../engine-probes.js';
import type { FindingDraft, FindingRule } from '../finding-rule.js';
import { statementName, statementOfRef } from '../policy-sites.js';

/**
 * An IAM user with an active access key whose session can assume a role of another account (the
 * access graph's edges, each decided by the engine). Long-lived keys leak; across accounts the
 * leak reaches further than the user's own account, and the assumed session outlives revoking
 * nothing. The fix is a role for the workload (IAM Roles Anywhere, OIDC, an instance profile).
 */
export const iamUserAccessKeysCrossAccount: FindingRule = {
  id: 'iam-user-access-keys-cross-account',
  category: 'public-and-external',
  severity: 'medium',
  title: 'IAM user with access keys can assume roles in other accounts',
  description:
    'An IAM user has an active access key and can assume a role in another account. Access keys are long-lived credentials: they end up in CI variables, laptops and logs, and whoever finds one gets every role the user can reach, in every account that trusts it. Use temporary credentials instead: a role assumed through OIDC, IAM Roles Anywhere or an instance profile. High when the role reached is administrative.',
  awsDocs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles',
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const account of ctx.estate.accounts.values()) {
      for (const user of account.users.values()) {
        const keys = user.accessKeys.filter((k) => k.status === 'Active');
        if (keys.length === 0) continue;
        for (const edge of ctx.graph.edgesFrom(user.arn)) {
          const role = findPrincipal(ctx.estate, edge.to);
          if (!role || role.kind !== 'role' || role.accountId === user.accountId) continue;
          const admin = administrativeProof(ctx, role);
          const ref = identityStatement(edge.detail.hops[0]?.gates ?? []);
          const policy = ref ? [...user.policies, ...user.groups.flatMap((g) => account.groups.get(g)?.policies ?? [])].find((p) => p.name === ref.policy) : undefined;
          out.push({
            severity: admin ? 'high' : 'medium',
            key: role.arn,
            message: `IAM user \`${user.arn}\` has ${keys.length === 1 ? 'an active access key' : `${keys.length} active access keys`} and can assume \`${role.arn}\` in account ${role.accountId}${admin ? ', an administrative role' : ''}${ref ? `, allowed by ${statementName(ref)} of \`${ref.policy}\`` : ''}`,
            subject: user.arn,
            subjectKind: 'user',
            account: user.accountId,
            ...(policy ? { policy: { name: policy.name, kind: policy.kind, account: user.accountId, ...(policy.source ? { source: policy.source } : {}) } } : {}),
            ...(policy && ref ? { statement: statementOfRef(ref) } : {}),
            evidence: [
              `access keys: ${keys.map((k) => k.id).join(', ')}`,
              `${user.arn} → ${role.arn}: ${edge.action} ${decisionWords(edge.detail)}`,
              ...(admin ? [`${role.arn} can ${admin.action} on itself: ${decisionWords(admin)}`] : []),
            ],
            request: requestOf(edge.detail),
            fix: {
              kind: 'narrow-permissions',
              account: user.accountId,
              ...(policy ? { policy: policy.name } : {}),
              summary: `in account ${user.accountId}, give the workload behind \`${user.name}\` a role with temporary credentials (OIDC, IAM Roles Anywhere, an instance profile) and delete its access keys, or remove sts:AssumeRole on \`${role.arn}\` from the user`,
            },
          });
        }
      }
    }
    return out;
  },
};

/** The identity statement of the caller's side that allows the assumption. */
function identityStatement(gates: ReadonlyArray<{ gate: string; side: string; verdict: string; statements: readonly StatementRef[] }>): StatementRef | undefined {
  const g = gates.find((x) => x.gate === 'identity' && x.side === 'caller' && (x.verdict === 'allow' || x.verdict === 'conditional'));
  return g?.statements.find((s) => s.effect === 'Allow');
}
