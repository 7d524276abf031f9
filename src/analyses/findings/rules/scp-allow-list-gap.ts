import { membershipOf } from '../../../core/decision/organization-chain.js';
import { isUncollected, type OrgNode } from '../../../core/model/estate.js';
import type { CompiledStatement, Policy } from '../../../core/policy/policy-types.js';
import type { FindingDraft, FindingRule } from '../finding-rule.js';
import { listWords } from '../finding-words.js';
import { orgNodeArn, orgNodeLabel } from '../organization-subjects.js';
import { findingPolicy, findingStatement, statementName } from '../policy-sites.js';
import { sampleActions } from '../statement-actions.js';

/**
 * An allow-list SCP whose allow has no effect because another level of the chain (root, an OU,
 * the account itself) has no Allow for the same actions: SCPs need an Allow at every level from the
 * root down to the account (docs/aws-authorization.md#scp-does-not-grant). Asked of the engine for each member account: its root
 * user (SCPs bind it) asks each action the allow-list names (a wildcard stands for the first of its
 * actions in the service reference), and the SCP verdicts of the levels show which one has no Allow.
 */
export const scpAllowListGap: FindingRule = {
  id: 'scp-allow-list-gap',
  category: 'organization',
  severity: 'medium',
  title: 'Allow-list SCP leaves a level of the OU chain without an allow',
  description:
    'An SCP at one level of an account\'s chain (the root, an OU, the account) allows some actions, and another level of the same chain has no Allow for them. SCPs are an intersection: an action is possible only when every level from the root down to the account allows it. The allow at the first level does nothing, and what it was meant to permit is blocked, usually far from where someone will look.',
  awsDocs: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html',
  check(ctx) {
    const org = ctx.estate.organization;
    if (!org || !org.scpsEnabled) return [];
    const out: FindingDraft[] = [];
    for (const node of org.nodes.values()) {
      if (node.kind !== 'account' || node.id === org.managementAccountId) continue;
      const membership = membershipOf(ctx.estate, node.id);
      if (membership.status !== 'member') continue;
      for (const level of membership.chain) {
        for (const { policy, statement } of allowListStatements(level)) {
          const gaps = new Map<string, { gap: OrgNode; patterns: Set<string>; asked: string[] }>();
          for (const { pattern, action } of sampleActions(statement, ctx.catalog)) {
            const d = ctx.evaluate({ principal: `arn:${ctx.estate.partition}:iam::${node.id}:root`, action, resource: '*' });
            const levelVerdict = d.gates.find((g) => g.gate === 'scp' && g.targetId === level.id);
            if (levelVerdict?.verdict !== 'allow' && levelVerdict?.verdict !== 'conditional') continue;
            for (const g of d.gates) {
              if (g.gate !== 'scp' || g.verdict !== 'no-match' || g.targetId === undefined) continue;
              const gap = org.nodes.get(g.targetId);
              if (!gap) continue;
              const slot = gaps.get(gap.id) ?? { gap, patterns: new Set<string>(), asked: [] };
              slot.patterns.add(pattern);
              slot.asked.push(action);
              gaps.set(gap.id, slot);
            }
          }
          for (const { gap, patterns, asked } of gaps.values()) {
            const actions = [...patterns];
            out.push({
              key: gap.id,
              message: `${statementName(statement)} of the SCP \`${policy.name}\` at ${orgNodeLabel(ctx.estate, level)} allows ${listWords(actions)}, but ${orgNodeLabel(ctx.estate, gap)} has no Allow for ${actions.length === 1 ? 'it' : 'them'}: account ${node.id} cannot use ${actions.length === 1 ? 'it' : 'them'}`,
              subject: orgNodeArn(ctx.estate, org, node),
              subjectKind: 'account',
              account: node.id,
              policy: findingPolicy(policy, org.managementAccountId),
              statement: findingStatement(statement),
              evidence: asked.map((a) => `the root user of ${node.id} asks ${a}: the SCPs at ${orgNodeLabel(ctx.estate, gap)} allow nothing that covers it (the engine: ImplicitDeny, decided by scp)`),
              fix: {
                kind: 'move-guardrail',
                account: org.managementAccountId,
                summary: `in the management account ${org.managementAccountId}, allow ${listWords(actions)} in an SCP attached at ${orgNodeLabel(ctx.estate, gap)} too, or remove ${actions.length === 1 ? 'it' : 'them'} from \`${policy.name}\` if ${actions.length === 1 ? 'it is' : 'they are'} not meant to be allowed`,
              },
            });
          }
        }
      }
    }
    return out;
  },
};

/** Allow statements of a level's SCPs that name particular actions (not `*`): the allow-lists. */
function allowListStatements(level: OrgNode): Array<{ policy: Policy; statement: CompiledStatement }> {
  if (isUncollected(level.scps)) return [];
  const out: Array<{ policy: Policy; statement: CompiledStatement }> = [];
  for (const policy of level.scps) {
    if (policy.unusable) continue;
    for (const statement of policy.statements) {
      if (statement.effect !== 'Allow') continue;
      const action = (statement.raw as { Action?: unknown } | null)?.Action;
      const list = Array.isArray(action) ? action : [action];
      if (list.some((a) => a === '*' || a === '*:*') || action === undefined) continue;
      out.push({ policy, statement });
    }
  }
  return out;
}
