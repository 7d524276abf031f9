import { parseArn } from '../../../core/arn/arn.js';
import { DiagnosticBag } from '../../../core/diagnostics.js';
import { evaluateRequest } from '../../../core/decision/evaluate-request.js';
import type { AuthorizationRequest } from '../../../core/decision/request.js';
import type { Decision } from '../../../core/decision/result.js';
import { isUncollected, type Estate, type Resource, type Trail } from '../../../core/model/estate.js';
import { withResource } from '../../../core/model/estate-edits.js';
import { withStatementAdded } from '../../../core/policy/edit-policy-document.js';
import { parsePolicy } from '../../../core/policy/parse-policy.js';
import type { Policy } from '../../../core/policy/policy-types.js';
import { decisionWords, requestOf } from '../engine-probes.js';
import type { FindingContext, FindingDraft, FindingRule } from '../finding-rule.js';
import { listWords } from '../finding-words.js';
import { findingPolicy, findingStatement, statementName } from '../policy-sites.js';

const CLOUDTRAIL = 'cloudtrail.amazonaws.com';

/**
 * An organization trail whose central bucket or key would refuse its delivery. Asked of the
 * engine as CloudTrail asks it (CloudTrail User Guide, create-s3-bucket-policy-for-cloudtrail;
 * docs/aws-authorization.md#service-principal-resource-policy, #service-source-keys): `s3:GetBucketAcl` on the bucket, `s3:PutObject` of a log file under
 * `AWSLogs/<management account>/` and under `AWSLogs/<organization id>/<account>/` for every member
 * account, and `kms:GenerateDataKey` on the trail's key, each with the trail as `aws:SourceArn`,
 * its account as `aws:SourceAccount` and the ACL CloudTrail sets. A statement that would let the
 * refused requests through is proposed, and checked by asking the engine again with it added.
 */
export const loggingDeliveryRefused: FindingRule = {
  id: 'logging-delivery-refused',
  category: 'organization',
  severity: 'high',
  title: 'Central log bucket or key refuses the organization trail',
  description:
    'The organization\'s CloudTrail trail writes every account\'s logs to one bucket, often in a log-archive account, encrypted with one KMS key. If the bucket policy or the key policy refuses some of those writes (a policy copied from a single-account trail that allows only AWSLogs/<account>/, a SourceArn naming another trail, a key policy that forgets CloudTrail), those accounts\' logs are silently missing.',
  awsDocs: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html',
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const account of ctx.estate.accounts.values()) {
      for (const trail of account.trails) {
        if (!trail.organization) continue;
        const bucket = trail.bucket ? ctx.estate.resources.get(`arn:${ctx.estate.partition}:s3:::${trail.bucket}`) : undefined;
        if (bucket) {
          const refused = refusedDeliveries(ctx, bucketRequests(ctx.estate, trail, account.id, bucket.arn));
          if (refused.length > 0) out.push(bucketDraft(ctx, trail, account.id, bucket, refused));
        }
        const key = trail.kmsKeyArn ? ctx.estate.resources.get(ctx.estate.kmsAliases?.get(trail.kmsKeyArn) ?? trail.kmsKeyArn) : undefined;
        if (key) {
          const refused = refusedDeliveries(ctx, [keyRequest(trail, account.id, key.arn)]);
          if (refused.length > 0) out.push(keyDraft(ctx, trail, account.id, key, refused));
        }
      }
    }
    return out;
  },
};

interface Refused {
  readonly request: AuthorizationRequest;
  readonly decision: Decision;
}

function sourceContext(trail: Trail, trailAccount: string): Record<string, string> {
  return { 'aws:SourceArn': trail.arn, 'aws:SourceAccount': trailAccount };
}

function bucketRequests(estate: Estate, trail: Trail, trailAccount: string, bucketArn: string): AuthorizationRequest[] {
  const region = parseArn(trail.arn)?.region || 'us-east-1';
  const context = sourceContext(trail, trailAccount);
  const put = (prefix: string, account: string): AuthorizationRequest => ({
    principal: CLOUDTRAIL,
    action: 's3:PutObject',
    resource: `${bucketArn}/${prefix}/CloudTrail/${region}/2026/01/01/${account}_CloudTrail_${region}_20260101T0000Z_trustmap.json.gz`,
    context: { ...context, 's3:x-amz-acl': 'bucket-owner-full-control' },
  });
  const out: AuthorizationRequest[] = [{ principal: CLOUDTRAIL, action: 's3:GetBucketAcl', resource: bucketArn, context }, put(`AWSLogs/${trailAccount}`, trailAccount)];
  const org = estate.organization;
  if (org) {
    for (const node of org.nodes.values()) if (node.kind === 'account') out.push(put(`AWSLogs/${org.id}/${node.id}`, node.id));
  }
  return out;
}

function keyRequest(trail: Trail, trailAccount: string, keyArn: string): AuthorizationRequest {
  return {
    principal: CLOUDTRAIL,
    action: 'kms:GenerateDataKey',
    resource: keyArn,
    context: { ...sourceContext(trail, trailAccount), 'kms:EncryptionContext:aws:cloudtrail:arn': trail.arn },
  };
}

/**
 * The requests the engine refuses (ExplicitDeny or ImplicitDeny); Unknown ones are not claimed, nor
 * those a key that is not Enabled refuses: no policy statement fixes that, and
 * kms-key-not-enabled-on-shared-resource reports it (docs/aws-authorization.md#kms-key-state).
 */
function refusedDeliveries(ctx: FindingContext, requests: readonly AuthorizationRequest[]): Refused[] {
  return requests.flatMap((request) => {
    const decision = ctx.evaluate(request);
    if (decision.hops.some((h) => h.decidedBy === 'key-state')) return [];
    return decision.decision === 'ExplicitDeny' || decision.decision === 'ImplicitDeny' ? [{ request, decision }] : [];
  });
}

function bucketDraft(ctx: FindingContext, trail: Trail, trailAccount: string, bucket: Resource, refused: readonly Refused[]): FindingDraft {
  const policy = bucket.policy && !isUncollected(bucket.policy) ? bucket.policy : undefined;
  const org = ctx.estate.organization;
  const writes = refused.filter((r) => r.request.action === 's3:PutObject');
  const accounts = writes.map((r) => accountOfLogPath(r.request.resource)).filter((a): a is string => a !== undefined);
  const statement = policy ? closestStatement(policy, refused[0]!.request.action) : undefined;
  const fixStatement = writes.length > 0 && org
    ? {
        Sid: 'AWSCloudTrailOrganizationWrite',
        Effect: 'Allow',
        Principal: { Service: CLOUDTRAIL },
        Action: 's3:PutObject',
        Resource: [`${bucket.arn}/AWSLogs/${trailAccount}/*`, `${bucket.arn}/AWSLogs/${org.id}/*`],
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trail.arn } },
      }
    : {
        Sid: 'AWSCloudTrailAclCheck',
        Effect: 'Allow',
        Principal: { Service: CLOUDTRAIL },
        Action: 's3:GetBucketAcl',
        Resource: bucket.arn,
        Condition: { StringEquals: { 'aws:SourceArn': trail.arn } },
      };
  const verified = policy ? verifies(ctx, bucket, policy, fixStatement, refused) : undefined;
  return {
    key: trail.arn,
    message: `the bucket policy of \`${bucket.arn}\` refuses the organization trail \`${trail.arn}\`: ${writes.length > 0 ? `the logs of ${listWords(accounts)} cannot be written` : 'CloudTrail cannot check the bucket ACL'}${statement ? ` (${statementName(statement)} is the nearest grant to CloudTrail)` : ''}`,
    subject: bucket.arn,
    subjectKind: 'bucket',
    account: bucket.accountId,
    ...(policy ? { policy: findingPolicy(policy, bucket.accountId) } : {}),
    ...(statement ? { statement: findingStatement(statement) } : {}),
    evidence: [...refused.map((r) => `${CLOUDTRAIL} ${r.request.action} on ${r.request.resource}: ${decisionWords(r.decision)}`), ...verifiedWords(verified)],
    request: requestOf(refused[0]!.decision, refused[0]!.request.context),
    fix: {
      kind: 'add-statement',
      account: bucket.accountId,
      ...(policy ? { policy: policy.name } : {}),
      summary: `in account ${bucket.accountId}, let CloudTrail write the organization's logs: AWSLogs/${trailAccount}/ and AWSLogs/${org?.id ?? '<organization id>'}/, for this trail${verified === true ? ' (checked: with it the engine allows every refused delivery)' : ''}`,
      statement: fixStatement,
    },
  };
}

function keyDraft(ctx: FindingContext, trail: Trail, trailAccount: string, key: Resource, refused: readonly Refused[]): FindingDraft {
  const policy = key.policy && !isUncollected(key.policy) ? key.policy : undefined;
  const statement = policy ? closestStatement(policy, 'kms:GenerateDataKey') : undefined;
  const fixStatement = {
    Sid: 'AllowCloudTrailToEncryptLogs',
    Effect: 'Allow',
    Principal: { Service: CLOUDTRAIL },
    Action: 'kms:GenerateDataKey*',
    Resource: '*',
    Condition: { StringEquals: { 'aws:SourceArn': trail.arn }, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${ctx.estate.partition}:cloudtrail:*:${trailAccount}:trail/*` } },
  };
  const verified = policy ? verifies(ctx, key, policy, fixStatement, refused) : undefined;
  return {
    key: trail.arn,
    message: `the key policy of \`${key.arn}\` refuses the organization trail \`${trail.arn}\`: CloudTrail cannot encrypt its logs${statement ? ` (${statementName(statement)} is the nearest grant to CloudTrail)` : ''}`,
    subject: key.arn,
    subjectKind: 'key',
    account: key.accountId,
    ...(policy ? { policy: findingPolicy(policy, key.accountId) } : {}),
    ...(statement ? { statement: findingStatement(statement) } : {}),
    evidence: [...refused.map((r) => `${CLOUDTRAIL} ${r.request.action} on ${r.request.resource}: ${decisionWords(r.decision)}`), ...verifiedWords(verified)],
    request: requestOf(refused[0]!.decision, refused[0]!.request.context),
    fix: {
      kind: 'add-statement',
      account: key.accountId,
      ...(policy ? { policy: policy.name } : {}),
      summary: `in account ${key.accountId}, let CloudTrail use the key for this trail${verified === true ? ' (checked: with it the engine allows the delivery)' : ''}`,
      statement: fixStatement,
    },
  };
}

/** The Allow statement naming CloudTrail for the action, else the first naming CloudTrail at all. */
function closestStatement(policy: Policy, action: string) {
  const toCloudTrail = policy.statements.filter((s) => s.effect === 'Allow' && (s.principal?.entries ?? []).some((e) => e.type === 'Service' && e.value.toLowerCase() === CLOUDTRAIL));
  return toCloudTrail.find((s) => s.action.test(action.toLowerCase())) ?? toCloudTrail[0];
}

/** Whether the engine allows every refused request once the statement is added to the policy. */
function verifies(ctx: FindingContext, resource: Resource, policy: Policy, statement: unknown, refused: readonly Refused[]): boolean {
  const edited = parsePolicy(withStatementAdded(policy.document, statement), { kind: policy.kind, name: policy.name, ...(ctx.catalog ? { catalog: ctx.catalog } : {}) }, new DiagnosticBag());
  const estate = withResource(ctx.estate, { ...resource, policy: edited });
  return refused.every((r) => {
    const d = evaluateRequest(estate, { ...r.request, context: { ...ctx.context, ...(r.request.context ?? {}) } }, { ...(ctx.catalog ? { catalog: ctx.catalog } : {}) });
    return d.decision === 'Allow';
  });
}

function verifiedWords(verified: boolean | undefined): string[] {
  if (verified === undefined) return [];
  return [verified ? 'with the proposed statement added, the engine allows every refused request' : 'with the proposed statement added, the engine still refuses some request: check the other statements of the policy'];
}

function accountOfLogPath(objectArn: string): string | undefined {
  const m = /\/AWSLogs\/(?:o-[a-z0-9]+\/)?(\d{12})\//.exec(objectArn);
  return m?.[1];
}
