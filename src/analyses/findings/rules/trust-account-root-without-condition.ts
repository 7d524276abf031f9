import { accountRootArn } from '../../access-graph/graph-nodes.js';
import { assumeStatements, referencesOf } from '../../access-graph/trust-references.js';
import { administrativeProof, decisionWords, requestOf } from '../engine-probes.js';
import type { FindingDraft, FindingRule } from '../finding-rule.js';
import { listWords } from '../finding-words.js';
import { findingPolicy, findingStatement, hasCondition, statementName } from '../policy-sites.js';

/**
 * A role trusted by another whole account (`"AWS": "<account>"` or `arn:aws:iam::<account>:root`)
 * with no condition: every principal of that account whose own policies allow sts:AssumeRole on
 * the role can assume it, today and whenever that account's administrators grant it (docs/aws-authorization.md#trust-account-principal).
 */
export const trustAccountRootWithoutCondition: FindingRule = {
  id: 'trust-account-root-without-condition',
  category: 'trust',
  severity: 'high',
  title: 'Role trusts another whole account with no condition',
  description:
    'A trust policy statement names another account (its id or its root ARN) and has no Condition. The account principal does not mean the root user: it delegates to the whole account, so any user or role there that its administrators allow to call sts:AssumeRole can assume the role. The finding lists who can assume it today, as the engine answers; it is critical when the role can edit its own permissions.',
  awsDocs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts',
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const account of ctx.estate.accounts.values()) {
      for (const role of account.roles.values()) {
        if (role.isServiceLinked) continue;
        for (const statement of assumeStatements(role)) {
          if (hasCondition(statement)) continue;
          const trusted = new Set(referencesOf(statement).flatMap((r) => (r.kind === 'account' && r.accountId !== role.accountId ? [r.accountId] : [])));
          for (const trustedAccount of trusted) {
            const assumers = ctx.graph.edgesInto(role.arn).filter((e) => ctx.graph.node(e.from)?.accountId === trustedAccount);
            const admin = administrativeProof(ctx, role);
            const named = ctx.graph.node(accountRootArn(ctx.estate.partition, trustedAccount));
            const labels = assumers.map((e) => ctx.graph.node(e.from)?.label ?? e.from);
            const who = labels.length === 0 ? 'no principal there can assume it today' : `today ${listWords(labels)} can assume it`;
            const evidence = [
              ...assumers.map((e) => `${ctx.graph.node(e.from)?.label ?? e.from}: ${e.action} ${decisionWords(e.detail)}`),
              ...(admin ? [`${role.arn} can ${admin.action} on itself: ${decisionWords(admin)}, so it is administrative`] : []),
            ];
            const principals = assumers.map((e) => e.from).filter((id) => ctx.graph.node(id)?.kind === 'role' || ctx.graph.node(id)?.kind === 'user');
            const raw = statement.raw as Record<string, unknown>;
            out.push({
              severity: admin ? 'critical' : 'high',
              key: trustedAccount,
              message: `${statementName(statement)} of the trust policy of \`${role.arn}\` trusts the whole account ${trustedAccount}${named && named.kind === 'outside' ? ' (outside the estate)' : ''} with no condition: ${who}${admin ? ', and the role is administrative' : ''}`,
              subject: role.arn,
              subjectKind: 'role',
              account: role.accountId,
              policy: findingPolicy(role.trustPolicy!, role.accountId),
              statement: findingStatement(statement),
              evidence,
              ...(assumers[0] ? { request: requestOf(assumers[0].detail) } : {}),
              fix:
                principals.length > 0
                  ? {
                      kind: 'replace-principal',
                      account: role.accountId,
                      policy: role.trustPolicy!.name,
                      summary: `in account ${role.accountId}, name the principals of ${trustedAccount} that need the role instead of the whole account`,
                      statement: { ...raw, Principal: { AWS: principals.length === 1 ? principals[0] : principals } },
                    }
                  : {
                      kind: 'replace-principal',
                      account: role.accountId,
                      policy: role.trustPolicy!.name,
                      summary: `in account ${role.accountId}, name the roles of ${trustedAccount} that need the role instead of the whole account, or add a condition on aws:PrincipalArn`,
                    },
            });
          }
        }
      }
    }
    return out;
  },
};
