import type { Decision } from '../../../core/decision/result.js';
import type { Estate } from '../../../core/model/estate.js';
import type { CompiledStatement } from '../../../core/policy/policy-types.js';
import { requestsFor } from '../../access-graph/resource-actions.js';
import { decisionWords, foreignPrincipal, requestOf } from '../engine-probes.js';
import type { FindingContext, FindingDraft, FindingRule } from '../finding-rule.js';
import { accountsUnder, attachedPolicies, orgNodeArn, orgNodeLabel } from '../organization-subjects.js';
import { findingPolicy, findingStatement, statementName } from '../policy-sites.js';
import { actionPatterns } from '../statement-actions.js';
import { compileWildcard } from '../../../core/wildcard.js';

/** Keys that describe the caller: a Deny on "caller not of the organization" in an SCP can never match (docs/aws-authorization.md#scp-principals-only). */
const CALLER_ORG_KEYS = new Set(['aws:principalorgid', 'aws:principalorgpaths', 'aws:principalaccount']);

/**
 * An SCP written to keep principals outside the organization off its resources: a Deny whose
 * condition is on the caller's organization or account with a negated operator. SCPs bind only
 * the principals of the organization's member accounts (docs/aws-authorization.md#scp-does-not-grant, #scp-principals-only), whose organization is
 * always the organization's, so the statement can never deny anyone for that reason. Only an RCP
 * (docs/aws-authorization.md#rcp-does-not-grant) or the resources' own policies keep outsiders out. Where a resource of the accounts
 * it is attached to is in the estate, the engine is asked what a principal of an outside account
 * gets there: that answer shows the SCP played no part.
 */
export const scpUsedAsDataPerimeter: FindingRule = {
  id: 'scp-used-as-data-perimeter',
  category: 'organization',
  severity: 'high',
  title: 'SCP written to keep outsiders off resources, which only an RCP can do',
  description:
    'An SCP denies requests when the caller is not of the organization (aws:PrincipalOrgID, aws:PrincipalOrgPaths or aws:PrincipalAccount with StringNotEquals or StringNotLike). SCPs only restrict principals of the organization\'s own member accounts, and their organization is always yours: the condition never holds, and principals of other accounts are not affected at all. To keep outsiders off your resources, write the same statement as a resource control policy (RCP), with Principal "*".',
  awsDocs: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html',
  check(ctx) {
    const org = ctx.estate.organization;
    if (!org) return [];
    const out: FindingDraft[] = [];
    for (const { node, policy } of attachedPolicies(org, 'scps')) {
      for (const statement of policy.statements) {
        if (statement.effect !== 'Deny') continue;
        const keys = negatedCallerKeys(statement);
        if (keys.length === 0) continue;
        const probe = outsiderProbe(ctx, accountsUnder(ctx.estate, org, node.id), statement);
        out.push({
          key: node.id,
          message: `${statementName(statement)} of the SCP \`${policy.name}\` at ${orgNodeLabel(ctx.estate, node)} denies callers by ${keys.join(', ')}, but SCPs only bind the organization's own principals: it keeps no outsider out`,
          subject: orgNodeArn(ctx.estate, org, node),
          subjectKind: node.kind === 'account' ? 'account' : node.kind === 'ou' ? 'organizational-unit' : 'organization-root',
          account: node.kind === 'account' ? node.id : org.managementAccountId,
          policy: findingPolicy(policy, org.managementAccountId),
          statement: findingStatement(statement),
          evidence: [
            `an SCP restricts only principals of member accounts; their ${keys.join(', ')} is always the organization's (docs/aws-authorization.md#scp-does-not-grant, #scp-principals-only)`,
            ...(probe ? [`a principal of an account outside the estate asks ${probe.action} on ${probe.resource}: ${probe.words}, and no SCP takes part`] : []),
          ],
          ...(probe ? { request: requestOf(probe.decision) } : {}),
          fix: {
            kind: 'move-guardrail',
            account: org.managementAccountId,
            summary: `in the management account ${org.managementAccountId}, write this statement as an RCP attached at ${orgNodeLabel(ctx.estate, node)} (with Principal "*" and an exception for AWS services), and remove it from the SCP`,
            statement: asRcpStatement(statement, org.id),
          },
        });
      }
    }
    return out;
  },
};

function negatedCallerKeys(statement: CompiledStatement): string[] {
  const cond = (statement.raw as { Condition?: unknown } | null)?.Condition;
  if (!cond || typeof cond !== 'object') return [];
  const out = new Set<string>();
  for (const [operator, block] of Object.entries(cond as Record<string, unknown>)) {
    const op = operator.toLowerCase().replace(/^for(all|any)values:/, '').replace(/ifexists$/, '');
    if (op !== 'stringnotequals' && op !== 'stringnotlike' && op !== 'stringnotequalsignorecase') continue;
    if (!block || typeof block !== 'object') continue;
    for (const key of Object.keys(block as Record<string, unknown>)) if (CALLER_ORG_KEYS.has(key.toLowerCase())) out.add(key);
  }
  return [...out];
}

/** The engine's answer for a principal of an outside account on a resource the statement covers, in an account the SCP is attached to. */
function outsiderProbe(ctx: FindingContext, accounts: readonly string[], statement: CompiledStatement): { action: string; resource: string; words: string; decision: Decision } | undefined {
  const patterns = actionPatterns(statement).map((p) => compileWildcard(p.toLowerCase()));
  for (const resource of resourcesOf(ctx.estate, accounts)) {
    const actions = DATA_ACTIONS[resource.type] ?? [];
    for (const { action, resource: arn } of requestsFor(ctx.estate, resource.arn, actions.filter((a) => patterns.some((m) => m.test(a.toLowerCase()))))) {
      const d = ctx.evaluate({ principal: foreignPrincipal(ctx.estate), action, resource: arn });
      if (d.hops.some((h) => h.gates.some((g) => g.gate === 'scp'))) return undefined;
      return { action, resource: arn, words: decisionWords(d), decision: d };
    }
  }
  return undefined;
}

const DATA_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  bucket: ['s3:GetObject'],
  queue: ['sqs:ReceiveMessage'],
  topic: ['sns:Publish'],
  secret: ['secretsmanager:GetSecretValue'],
  key: ['kms:Decrypt'],
  function: ['lambda:InvokeFunction'],
};

function resourcesOf(estate: Estate, accounts: readonly string[]) {
  return [...estate.resources.values()].filter((r) => accounts.includes(r.accountId));
}

/** The same Deny as an RCP statement: any principal, the organization's principals and AWS services excepted. */
function asRcpStatement(statement: CompiledStatement, orgId: string): unknown {
  const raw = statement.raw as Record<string, unknown>;
  return {
    ...(raw.Sid !== undefined ? { Sid: raw.Sid } : {}),
    Effect: 'Deny',
    Principal: '*',
    Action: raw.Action,
    Resource: raw.Resource ?? '*',
    Condition: {
      StringNotEqualsIfExists: { 'aws:PrincipalOrgID': orgId },
      BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
    },
  };
}
