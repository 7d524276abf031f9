import type { Resource } from '../core/model/estate.js';
import type { Policy } from '../core/policy/policy-types.js';
import { CORE, type PlannedAccount, type SyntheticPlan } from './estate-plan.js';
import { document, type PolicyBook } from './policy-book.js';
import { bucketUsesKms, resourceSlots } from './resource-slots.js';
import { SeededRandom } from './seeded-random.js';
import { accountRootArn, bucketArn, ciRoleArn, functionArn, keyArn, orgTrailArn, queueArn, roleArn, appRoleName, secretArn, topicArn } from './synthetic-names.js';

const ALL_BLOCKED = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/**
 * The resources of one account, slot by slot (`resource-slots.ts`): customer managed keys whose
 * policies delegate to IAM and let in the accounts the plan shares with (or forget to); buckets
 * with policies naming other accounts, the organization, or CloudTrail; queues that receive the
 * topics of other accounts (queue policy with `aws:SourceArn`, topic policy that lets the queue's
 * account subscribe); functions invoked by EventBridge; secrets under the data key.
 */
export function syntheticResources(plan: SyntheticPlan, account: PlannedAccount, book: PolicyBook): Resource[] {
  const rng = SeededRandom.derive(plan.options.seed, 'resources', account.index);
  return resourceSlots(plan.options.resourcesPerAccount).map(({ kind, ordinal }) => {
    switch (kind) {
      case 'key':
        return key(plan, account, ordinal, book);
      case 'bucket':
        return bucket(plan, account, ordinal, book, rng);
      case 'queue':
        return queue(plan, account, ordinal, book);
      case 'topic':
        return topic(plan, account, ordinal, book);
      case 'function':
        return lambdaFunction(account, ordinal, book);
      case 'secret':
        return { arn: secretArn(plan, account, ordinal), type: 'secret', service: 'secretsmanager', accountId: account.id, region: account.region, policy: null, tags: {}, kmsKeyArn: keyArn(plan, account, 0) };
    }
  });
}

const ENABLE_IAM = (accountId: string) => ({ Sid: 'EnableIamPolicies', Effect: 'Allow', Principal: { AWS: accountRootArn(accountId) }, Action: 'kms:*', Resource: '*' });

/**
 * Key policies. A key policy must name the other account for a cross-account use of the key to
 * work, whatever the bucket policy says (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html).
 */
function key(plan: SyntheticPlan, account: PlannedAccount, ordinal: number, book: PolicyBook): Resource {
  const arn = keyArn(plan, account, ordinal);
  const statements: Record<string, unknown>[] = [ENABLE_IAM(account.id)];
  if (ordinal === 0) statements.push(...dataKeyStatements(plan, account));
  if (ordinal === 1) {
    const topics = (plan.subscriptionsTo.get(account.index) ?? []).map((s) => topicArn(plan.accounts[s.producer]!, s.topic));
    if (topics.length > 0) {
      statements.push({ Sid: 'SnsDelivers', Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*', Condition: { ArnEquals: { 'aws:SourceArn': unique(topics) } } });
    }
  }
  return { arn, type: 'key', service: 'kms', accountId: account.id, region: account.region, policy: book.policy('key', `${arn}#policy`, document(...statements)), tags: {}, kms: { keyManager: 'CUSTOMER', grants: [] } };
}

function dataKeyStatements(plan: SyntheticPlan, account: PlannedAccount): Record<string, unknown>[] {
  const viaS3 = { 'kms:ViaService': `s3.${account.region}.amazonaws.com` };
  if (account.kind === 'security') {
    return [{ Sid: 'CloudTrailEncrypts', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:GenerateDataKey*', Resource: '*', Condition: { StringLike: { 'aws:SourceArn': `arn:aws:cloudtrail:*:${plan.accounts[CORE.management]!.id}:trail/*` } } }];
  }
  if (account.kind === 'shared-services') {
    return [
      { Sid: 'OrganizationDecrypts', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': plan.organizationId, ...viaS3 } } },
      { Sid: 'CiEncrypts', Effect: 'Allow', Principal: { AWS: ciRoleArn(plan) }, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*', Condition: { StringEquals: viaS3 } },
    ];
  }
  const readers = (plan.sharesFrom.get(account.index) ?? []).filter((s) => s.keyGrant === 'granted').map((s) => sharePrincipal(plan, s));
  return readers.length === 0 ? [] : [{ Sid: 'SharedReadersDecrypt', Effect: 'Allow', Principal: { AWS: unique(readers) }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: viaS3 } }];
}

function sharePrincipal(plan: SyntheticPlan, share: { consumer: number; consumerApp: number; principal: 'role' | 'account' }): string {
  const consumer = plan.accounts[share.consumer]!;
  return share.principal === 'account' ? accountRootArn(consumer.id) : roleArn(consumer, appRoleName(consumer, share.consumerApp));
}

function bucket(plan: SyntheticPlan, account: PlannedAccount, ordinal: number, book: PolicyBook, rng: SeededRandom): Resource {
  const arn = bucketArn(plan, account, ordinal);
  const statements = bucketStatements(plan, account, ordinal, arn);
  // Half the other buckets refuse plain HTTP, a guardrail many organizations put on every bucket.
  if (statements.length === 0 && rng.chance(0.5)) {
    statements.push({ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [arn, `${arn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  }
  if (plan.dense?.orgWideBuckets.get(account.index)?.has(ordinal) === true) statements.push(...orgWideStatements(plan, arn));
  return {
    arn,
    type: 'bucket',
    service: 's3',
    accountId: account.id,
    region: account.region,
    policy: statements.length === 0 ? null : book.policy('resource', `${arn}#policy`, document(...statements)),
    tags: {},
    s3: { objectOwnership: 'BucketOwnerEnforced', blockPublicAccess: ALL_BLOCKED, ...(bucketUsesKms(ordinal) ? { defaultKmsKeyArn: keyArn(plan, account, 0) } : {}) },
  };
}

function bucketStatements(plan: SyntheticPlan, account: PlannedAccount, ordinal: number, arn: string): Record<string, unknown>[] {
  if (account.kind === 'security' && ordinal === 0) {
    const source = { 'aws:SourceArn': orgTrailArn(plan) };
    return [
      { Sid: 'AWSCloudTrailAclCheck', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: arn, Condition: { StringEquals: source } },
      { Sid: 'AWSCloudTrailWrite', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `${arn}/AWSLogs/*`, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...source } } },
    ];
  }
  if (account.kind === 'shared-services' && ordinal < plan.artifactBuckets) {
    // Organization-wide: every principal of the organization, and nobody else (aws:PrincipalOrgID).
    return [
      { Sid: 'OrganizationReads', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${arn}/*`, Condition: { StringEquals: { 'aws:PrincipalOrgID': plan.organizationId } } },
      { Sid: 'CiPublishes', Effect: 'Allow', Principal: { AWS: ciRoleArn(plan) }, Action: ['s3:PutObject', 's3:GetObject'], Resource: `${arn}/*` },
    ];
  }
  const shares = (plan.sharesFrom.get(account.index) ?? []).filter((s) => s.bucket === ordinal);
  if (shares.length === 0) return [];
  const readers = unique(shares.map((s) => sharePrincipal(plan, s)));
  return [
    { Sid: 'SharedRead', Effect: 'Allow', Principal: { AWS: readers }, Action: 's3:GetObject', Resource: `${arn}/*` },
    { Sid: 'SharedList', Effect: 'Allow', Principal: { AWS: readers }, Action: 's3:ListBucket', Resource: arn },
  ];
}

/**
 * The dense profile's organization-wide read, in any account. The bucket's key (SSE-KMS, even
 * ordinals) is not opened with it: outside the shared-services account, whose data key lets the
 * organization decrypt through S3, a reader from another account is refused at the key.
 */
function orgWideStatements(plan: SyntheticPlan, arn: string): Record<string, unknown>[] {
  const organization = { StringEquals: { 'aws:PrincipalOrgID': plan.organizationId } };
  return [
    { Sid: 'OrganizationWideRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${arn}/*`, Condition: organization },
    { Sid: 'OrganizationWideList', Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: arn, Condition: organization },
  ];
}

/** Queues under the messaging key; a queue that receives topics of other accounts lets SNS send for those topics only. */
function queue(plan: SyntheticPlan, account: PlannedAccount, ordinal: number, book: PolicyBook): Resource {
  const arn = queueArn(account, ordinal);
  const topics = (plan.subscriptionsTo.get(account.index) ?? []).filter((s) => s.queue === ordinal).map((s) => topicArn(plan.accounts[s.producer]!, s.topic));
  const policy: Policy | null =
    topics.length === 0
      ? null
      : book.policy('resource', `${arn}#policy`, document({ Sid: 'FromTopics', Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: arn, Condition: { ArnEquals: { 'aws:SourceArn': unique(topics) } } }));
  return { arn, type: 'queue', service: 'sqs', accountId: account.id, region: account.region, policy, tags: {}, kmsKeyArn: keyArn(plan, account, 1) };
}

/** Topics: the owner publishes and subscribes; the accounts whose queues receive it may subscribe them; in the dense profile, one other account's root may publish. */
function topic(plan: SyntheticPlan, account: PlannedAccount, ordinal: number, book: PolicyBook): Resource {
  const arn = topicArn(account, ordinal);
  const subscribers = (plan.subscriptionsFrom.get(account.index) ?? []).filter((s) => s.topic === ordinal).map((s) => accountRootArn(plan.accounts[s.consumer]!.id));
  const statements: Record<string, unknown>[] = [{ Sid: 'OwnerPublishes', Effect: 'Allow', Principal: { AWS: accountRootArn(account.id) }, Action: ['sns:Publish', 'sns:Subscribe', 'sns:GetTopicAttributes'], Resource: arn }];
  if (subscribers.length > 0) statements.push({ Sid: 'SubscriberAccounts', Effect: 'Allow', Principal: { AWS: unique(subscribers) }, Action: 'sns:Subscribe', Resource: arn });
  const publisher = plan.dense?.topicPublishers.get(account.index)?.[ordinal];
  if (publisher !== undefined) statements.push({ Sid: 'OtherAccountPublishes', Effect: 'Allow', Principal: { AWS: accountRootArn(plan.accounts[publisher]!.id) }, Action: 'sns:Publish', Resource: arn });
  return { arn, type: 'topic', service: 'sns', accountId: account.id, region: account.region, policy: book.policy('resource', `${arn}#policy`, document(...statements)), tags: {} };
}

/** Even functions are invoked by the account's EventBridge rules; the others have no resource policy. */
function lambdaFunction(account: PlannedAccount, ordinal: number, book: PolicyBook): Resource {
  const arn = functionArn(account, ordinal);
  const policy =
    ordinal % 2 === 0
      ? book.policy('resource', `${arn}#policy`, document({ Sid: 'EventBridgeRules', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: arn, Condition: { ArnLike: { 'AWS:SourceArn': `arn:aws:events:${account.region}:${account.id}:rule/*` } } }))
      : null;
  return { arn, type: 'function', service: 'lambda', accountId: account.id, region: account.region, policy, tags: {} };
}

function unique(values: readonly string[]): string | string[] {
  const set = [...new Set(values)];
  return set.length === 1 ? set[0]! : set;
}
