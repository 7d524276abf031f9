import type { FindingRequest } from '../finding.js';
import { parseArn } from '../../../core/arn/arn.js';
import type { GivenValue } from '../../../core/decision/request.js';
import type { Estate } from '../../../core/model/estate.js';
import type { CompiledStatement } from '../../../core/policy/policy-types.js';
import { requestsFor } from '../../access-graph/resource-actions.js';
import { ACCESS_MAP_ACTIONS } from '../../access-map/action-classes.js';
import { decisionWords, foreignAccount, isReaching, requestOf } from '../engine-probes.js';
import type { FindingContext, FindingDraft, FindingRule } from '../finding-rule.js';
import { findingPolicy, findingStatement, inboundPolicies, statementName, withCondition, type InboundPolicy } from '../policy-sites.js';
import { ROLE_ASSUMING_CALLERS, resourceCallerKeys, sourceArnOf, type ServiceSourceKeys } from '../service-source-keys.js';
import { actionPatterns } from '../statement-actions.js';

/**
 * A service principal let in without the source condition the service sets (docs/aws-authorization.md#service-principal-trust, #service-principal-confused-deputy,
 * docs/aws-authorization.md#service-source-keys): the service can then act for a resource of any account, a confused deputy. Asked of the
 * engine: the service is asked to do each action the statement grants on behalf of a source in an
 * account outside the estate (every source key the service sets pointing there). If the engine
 * allows it, the policy does not pin the source. A second question catches a source ARN that
 * carries no account (an S3 bucket): the same ARN, owned by an outside account.
 */
export const servicePrincipalWithoutSourceCondition: FindingRule = {
  id: 'service-principal-without-source-condition',
  category: 'trust',
  severity: 'medium',
  title: 'Service principal without the source condition the service sets',
  description:
    'A resource or trust policy lets an AWS service principal in without aws:SourceArn, aws:SourceAccount or aws:SourceOrgID pinned to your own sources. The service then acts for anyone who points one of their resources at yours: another customer\'s SNS topic can write to your queue, another customer\'s bucket can invoke your function. Trust policies are checked only for services documented to set the keys when they assume a role.',
  awsDocs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const site of inboundPolicies(ctx.estate)) {
      for (const statement of site.policy.statements) {
        if (statement.effect !== 'Allow' || !statement.principal || statement.principal.negated) continue;
        for (const { type, value } of statement.principal.entries) {
          if (type !== 'Service' || value.includes('*')) continue;
          const service = value.toLowerCase();
          const keys = site.role ? ROLE_ASSUMING_CALLERS[service] : resourceCallerKeys(service);
          if (!keys) continue;
          const found = openWay(ctx, site, statement, service, keys);
          if (found) out.push(draft(ctx, site, statement, service, keys, found));
        }
      }
    }
    return out;
  },
};

interface OpenWay {
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, GivenValue>>;
  readonly decision: string;
  readonly request: FindingRequest;
}

/** The first request the service is allowed to make for an outside source, if any. */
function openWay(ctx: FindingContext, site: InboundPolicy, statement: CompiledStatement, service: string, keys: ServiceSourceKeys): OpenWay | undefined {
  const outside = foreignAccount(ctx.estate);
  const region = regionOf(ctx.estate, site.subject);
  const probes = [probeContext(keys, outside, sourceArnOf(keys, ctx.estate.partition, region, outside, 'trustmap-outside-source'))];
  // An ARN that names no account (an S3 bucket) pins nothing unless aws:SourceAccount does too.
  for (const arn of sourceArnValues(statement)) {
    if (!parseArn(arn)?.account) probes.push(probeContext(keys, outside, arn));
  }
  for (const { action, resource } of requestsOf(ctx, site, statement)) {
    for (const context of probes) {
      const d = ctx.evaluate({ principal: service, action, resource, context });
      if (isReaching(d.decision) && d.decision !== 'Unknown') return { action, resource, context, decision: decisionWords(d), request: requestOf(d, context) };
    }
  }
  return undefined;
}

/** The source keys the service sets, all pointing at a source outside the estate. */
function probeContext(keys: ServiceSourceKeys, outside: string, arn: string): Record<string, GivenValue> {
  const all: Record<string, GivenValue> = {
    'aws:SourceArn': arn,
    'aws:SourceAccount': outside,
    'aws:SourceOrgID': 'o-trustmapoutside',
    'aws:SourceOrgPaths': ['o-trustmapoutside/r-out0/'],
  };
  const context: Record<string, GivenValue> = {};
  for (const k of keys.keys) context[k] = all[k]!;
  return context;
}

/** The requests the statement may grant the service: the target's usual actions it names, and the exact actions it lists. */
function requestsOf(ctx: FindingContext, site: InboundPolicy, statement: CompiledStatement): Array<{ action: string; resource: string }> {
  if (site.role) return [{ action: 'sts:AssumeRole', resource: site.subject }];
  const type = site.resource?.type ?? 'other';
  const actions = new Set(ACCESS_MAP_ACTIONS[type].filter((a) => statement.action.test(a.toLowerCase())));
  for (const a of actionPatterns(statement)) if (!a.includes('*') && !a.includes('?') && a.includes(':')) actions.add(a);
  return requestsFor(ctx.estate, site.subject, [...actions]);
}

function sourceArnValues(statement: CompiledStatement): string[] {
  const cond = (statement.raw as { Condition?: unknown } | null)?.Condition;
  if (!cond || typeof cond !== 'object') return [];
  const out: string[] = [];
  for (const block of Object.values(cond as Record<string, unknown>)) {
    if (!block || typeof block !== 'object') continue;
    for (const [k, v] of Object.entries(block as Record<string, unknown>)) {
      if (k.toLowerCase() !== 'aws:sourcearn') continue;
      for (const value of Array.isArray(v) ? v : [v]) if (typeof value === 'string') out.push(value);
    }
  }
  return out;
}

function regionOf(estate: Estate, arn: string): string {
  return estate.resources.get(arn)?.region ?? (parseArn(arn)?.region || 'us-east-1');
}

function draft(ctx: FindingContext, site: InboundPolicy, statement: CompiledStatement, service: string, keys: ServiceSourceKeys, found: OpenWay): FindingDraft {
  const where = site.role ? 'the trust policy' : 'the policy';
  const sourceAccount = typeof found.context['aws:SourceAccount'] === 'string' ? found.context['aws:SourceAccount'] : foreignAccount(ctx.estate);
  const pinValue = site.account;
  const fixKey = keys.keys.includes('aws:SourceAccount') ? 'aws:SourceAccount' : keys.keys[0]!;
  return {
    key: service,
    message: `${statementName(statement)} of ${where} of \`${site.subject}\` lets ${service} in with no source condition that holds: the engine allows ${found.action} for a source in account ${sourceAccount}, outside the estate (${found.decision})`,
    subject: site.subject,
    subjectKind: site.subjectKind,
    account: site.account,
    policy: findingPolicy(site.policy, site.account),
    statement: findingStatement(statement),
    evidence: [`${service} ${found.action} on ${found.resource} with ${JSON.stringify(found.context)}: ${found.decision}`, `${service} sets ${keys.keys.join(', ')} (${keys.docs})`],
    request: found.request,
    fix: {
      kind: 'add-condition',
      account: site.account,
      policy: site.policy.name,
      summary: `in account ${site.account}, pin the source: add ${fixKey} (the account of the ${site.role ? 'resource the service works for' : 'resource that sends'}, ${pinValue} if it is this one)${keys.arnWithoutAccount ? ' together with aws:SourceArn, since the source ARN names no account' : ', or aws:SourceArn with the exact source'}`,
      statement: withCondition(statement, 'StringEquals', fixKey, pinValue),
    },
  };
}
