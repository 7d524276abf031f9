import { isUncollected } from '../../../core/model/estate.js';
import { decisionWords } from '../engine-probes.js';
import type { FindingDraft, FindingRule } from '../finding-rule.js';
import { listWords } from '../finding-words.js';
import { orgNodeLabel } from '../organization-subjects.js';
import { findingPolicy, findingStatement, statementName } from '../policy-sites.js';
import { sampleActions } from '../statement-actions.js';

/**
 * An SCP attached to the management account, while workloads (users and roles other than
 * service-linked ones) run there: SCPs never restrict the management account (docs/aws-authorization.md#scp-exemptions), so each
 * Deny of that SCP binds nobody. Asked of the engine: each principal of the management account
 * asks the actions the Deny names (a wildcard stands for the first of its actions); where the
 * engine allows it, the guardrail someone attached is not there.
 */
export const scpOnManagementAccountWorkloads: FindingRule = {
  id: 'scp-on-management-account-workloads',
  category: 'organization',
  severity: 'high',
  title: 'SCP on the management account, where workloads escape it',
  description:
    'An SCP is attached to the organization\'s management account, and users or roles there can do what it denies. SCPs never apply to the management account: not to its users, not to its roles, not to its root user. Guardrails only bind member accounts, so workloads belong in member accounts and the management account should hold as little as possible.',
  awsDocs: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html#not-restricted-by-scp',
  check(ctx) {
    const org = ctx.estate.organization;
    const management = org?.nodes.get(org.managementAccountId);
    const account = org ? ctx.estate.accounts.get(org.managementAccountId) : undefined;
    if (!org || !management || !account || isUncollected(management.scps)) return [];
    const principals = [...account.users.values(), ...account.roles.values()].filter((p) => p.kind === 'user' || !p.isServiceLinked);
    const out: FindingDraft[] = [];
    for (const policy of management.scps) {
      if (policy.unusable) continue;
      for (const statement of policy.statements) {
        if (statement.effect !== 'Deny') continue;
        const actions = sampleActions(statement, ctx.catalog).map((a) => a.action);
        for (const p of principals) {
          const allowed = actions.flatMap((action) => {
            const d = ctx.evaluate({ principal: p.arn, action, resource: '*' });
            return d.decision === 'Allow' || d.decision === 'Conditional' ? [{ action, d }] : [];
          });
          if (allowed.length === 0) continue;
          out.push({
            key: p.arn,
            message: `${statementName(statement)} of the SCP \`${policy.name}\` is attached to the management account ${org.managementAccountId}, where SCPs never apply: ${p.kind} \`${p.name}\` there can ${listWords(allowed.map((a) => a.action))}`,
            subject: p.arn,
            subjectKind: p.kind,
            account: p.accountId,
            policy: findingPolicy(policy, org.managementAccountId),
            statement: findingStatement(statement),
            evidence: [
              `${orgNodeLabel(ctx.estate, management)} is the management account: SCPs do not restrict its users, roles or root user (docs/aws-authorization.md#scp-exemptions)`,
              ...allowed.map((a) => `${p.arn} ${a.action} on *: ${decisionWords(a.d)}`),
            ],
            fix: {
              kind: 'move-workload',
              account: org.managementAccountId,
              summary: `move the workload of \`${p.name}\` out of the management account ${org.managementAccountId} into a member account where the SCP binds, or deny ${listWords(allowed.map((a) => a.action))} in its own policies (a permissions boundary)`,
            },
          });
        }
      }
    }
    return out;
  },
};
