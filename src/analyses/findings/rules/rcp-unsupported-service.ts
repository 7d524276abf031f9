import type { Decision } from '../../../core/decision/result.js';
import type { Estate } from '../../../core/model/estate.js';
import { requestsFor } from '../../access-graph/resource-actions.js';
import { decisionWords, foreignPrincipal, requestOf } from '../engine-probes.js';
import type { FindingContext, FindingDraft, FindingRule } from '../finding-rule.js';
import { listWords } from '../finding-words.js';
import { accountsUnder, attachedPolicies, orgNodeArn, orgNodeLabel } from '../organization-subjects.js';
import { findingPolicy, findingStatement, statementName } from '../policy-sites.js';
import { actionPatterns, servicesNamed } from '../statement-actions.js';

/**
 * An RCP statement that names a service RCPs do not support: that part of the guardrail binds
 * nothing (docs/aws-authorization.md#rcp-does-not-grant, #rcp-supported-services: the services of the pinned service reference data). Where a
 * resource of that service sits in an account the RCP is attached to, the engine is asked what a
 * principal of an outside account gets there, to show the RCP took no part.
 */
export const rcpUnsupportedService: FindingRule = {
  id: 'rcp-unsupported-service',
  category: 'organization',
  severity: 'medium',
  title: 'RCP names a service that RCPs do not support',
  description:
    'A resource control policy denies actions of a service that RCPs do not apply to (Lambda, SNS, EC2…). AWS accepts the policy, and the statement has no effect on that service: its resources stay as open as their own policies make them. Protect them with their resource policies, or with an SCP for your own principals.',
  awsDocs: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html#rcp-supported-services',
  check(ctx) {
    const org = ctx.estate.organization;
    if (!org || !ctx.catalog) return [];
    const catalog = ctx.catalog;
    const out: FindingDraft[] = [];
    for (const { node, policy } of attachedPolicies(org, 'rcps')) {
      for (const statement of policy.statements) {
        const unsupported = servicesNamed(statement).filter((s) => s !== '*' && catalog.hasService(s) && !catalog.rcpSupports(s));
        for (const service of unsupported) {
          const probe = outsiderProbe(ctx, accountsUnder(ctx.estate, org, node.id), service, actionPatterns(statement));
          out.push({
            key: `${node.id}\u0000${service}`,
            message: `${statementName(statement)} of the RCP \`${policy.name}\` at ${orgNodeLabel(ctx.estate, node)} names ${service} actions (${listWords(actionPatterns(statement).filter((a) => a.toLowerCase().startsWith(`${service}:`)))}), but RCPs do not apply to ${service}: that part of it binds nothing`,
            subject: orgNodeArn(ctx.estate, org, node),
            subjectKind: node.kind === 'account' ? 'account' : node.kind === 'ou' ? 'organizational-unit' : 'organization-root',
            account: node.kind === 'account' ? node.id : org.managementAccountId,
            policy: findingPolicy(policy, org.managementAccountId),
            statement: findingStatement(statement),
            evidence: [
              `${service} is not among the services RCPs support (service reference data ${catalog.dataVersion})`,
              ...(probe ? [`a principal of an account outside the estate asks ${probe.action} on ${probe.resource}: ${probe.words}, and no RCP takes part`] : []),
            ],
            ...(probe ? { request: requestOf(probe.decision) } : {}),
            fix: {
              kind: 'move-guardrail',
              account: org.managementAccountId,
              summary: `in the management account ${org.managementAccountId}, remove ${service} from \`${policy.name}\` and keep outsiders off ${service} resources with their own resource policies (or an SCP for the organization's principals)`,
            },
          });
        }
      }
    }
    return out;
  },
};

const ACTIONS: Readonly<Record<string, readonly string[]>> = {
  lambda: ['lambda:InvokeFunction'],
  sns: ['sns:Publish'],
};

function outsiderProbe(ctx: FindingContext, accounts: readonly string[], service: string, patterns: readonly string[]): { action: string; resource: string; words: string; decision: Decision } | undefined {
  const resource = resourcesOf(ctx.estate, accounts).find((r) => r.service === service);
  const action = ACTIONS[service]?.[0] ?? patterns.find((p) => p.toLowerCase().startsWith(`${service}:`) && !p.includes('*'));
  if (!resource || !action) return undefined;
  const request = requestsFor(ctx.estate, resource.arn, [action])[0]!;
  const d = ctx.evaluate({ principal: foreignPrincipal(ctx.estate), action: request.action, resource: request.resource });
  if (d.hops.some((h) => h.gates.some((g) => g.gate === 'rcp' && g.verdict === 'deny'))) return undefined;
  return { action: request.action, resource: request.resource, words: decisionWords(d), decision: d };
}

function resourcesOf(estate: Estate, accounts: readonly string[]) {
  return [...estate.resources.values()].filter((r) => accounts.includes(r.accountId));
}
