import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail/cloudtrail-record.js';
import { policyChangeOf } from '../../../src/core/cloudtrail/policy-changes.js';

/**
 * Rules: docs/cloudtrail.md#drift-and-gaps (a successful call that changes who may do what names the
 * entity it changed); each row names the AWS API reference of its event.
 */
const TIME = '2026-11-01T10:00:00Z';

function rec(eventSource: string, eventName: string, requestParameters: Record<string, unknown> | null, over: Partial<CloudTrailRecord> = {}): CloudTrailRecord {
  return {
    eventTime: TIME,
    eventSource,
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: '111111111111',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/admin', accountId: '111111111111' },
    requestParameters,
    ...over,
  };
}

describe('policyChangeOf: one family per row', () => {
  it.each([
    { doc: 'IAM API_PutRolePolicy', record: rec('iam.amazonaws.com', 'PutRolePolicy', { roleName: 'deploy', policyName: 'p' }), entity: 'role:111111111111:deploy' },
    { doc: 'IAM API_UpdateAssumeRolePolicy', record: rec('iam.amazonaws.com', 'UpdateAssumeRolePolicy', { roleName: 'deploy' }), entity: 'role:111111111111:deploy' },
    {
      doc: 'IAM API_AttachUserPolicy (account from userIdentity when no recipientAccountId)',
      record: rec('iam.amazonaws.com', 'AttachUserPolicy', { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, { recipientAccountId: undefined }),
      entity: 'user:111111111111:bob',
    },
    { doc: 'IAM API_AddUserToGroup (membership is a user change)', record: rec('iam.amazonaws.com', 'AddUserToGroup', { userName: 'bob', groupName: 'ops' }), entity: 'user:111111111111:bob' },
    { doc: 'IAM API_PutGroupPolicy', record: rec('iam.amazonaws.com', 'PutGroupPolicy', { groupName: 'ops', policyName: 'p' }), entity: 'group:111111111111:ops' },
    {
      doc: 'IAM API_CreatePolicyVersion (managed policy)',
      record: rec('iam.amazonaws.com', 'CreatePolicyVersion', { policyArn: 'arn:aws:iam::111111111111:policy/Deploy', setAsDefault: true }),
      entity: 'policy:arn:aws:iam::111111111111:policy/Deploy',
    },
    { doc: 'S3 API_PutBucketPolicy', record: rec('s3.amazonaws.com', 'PutBucketPolicy', { bucketName: 'logs' }), entity: 'resource:arn:aws:s3:::logs' },
    {
      doc: 'S3 API_PutPublicAccessBlock from resources[] when no bucketName',
      record: rec('s3.amazonaws.com', 'PutBucketPublicAccessBlock', {}, { resources: [{ ARN: 'arn:aws:s3:::logs', type: 'AWS::S3::Bucket' }] }),
      entity: 'resource:arn:aws:s3:::logs',
    },
    { doc: 'KMS API_PutKeyPolicy with a key ARN', record: rec('kms.amazonaws.com', 'PutKeyPolicy', { keyId: 'arn:aws:kms:eu-west-1:222222222222:key/k1' }), entity: 'resource:arn:aws:kms:eu-west-1:222222222222:key/k1' },
    { doc: 'KMS API_CreateGrant with a bare key id → recipient account and region', record: rec('kms.amazonaws.com', 'CreateGrant', { keyId: 'k1' }), entity: 'resource:arn:aws:kms:us-east-1:111111111111:key/k1' },
    {
      doc: 'SQS API_SetQueueAttributes (queueUrl)',
      record: rec('sqs.amazonaws.com', 'SetQueueAttributes', { queueUrl: 'https://sqs.us-east-1.amazonaws.com/444444444444/jobs' }),
      entity: 'resource:arn:aws:sqs:us-east-1:444444444444:jobs',
    },
    {
      doc: 'SNS API_SetTopicAttributes (topicArn)',
      record: rec('sns.amazonaws.com', 'SetTopicAttributes', { topicArn: 'arn:aws:sns:us-east-1:444444444444:alerts', attributeName: 'Policy' }),
      entity: 'resource:arn:aws:sns:us-east-1:444444444444:alerts',
    },
    {
      doc: 'Secrets Manager API_PutResourcePolicy (secretId)',
      record: rec('secretsmanager.amazonaws.com', 'PutResourcePolicy', { secretId: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:db-AbC123' }),
      entity: 'resource:arn:aws:secretsmanager:us-east-1:111111111111:secret:db-AbC123',
    },
    {
      doc: 'Lambda API_AddPermission (CloudTrail event name AddPermission20150331v2) by name',
      record: rec('lambda.amazonaws.com', 'AddPermission20150331v2', { functionName: 'worker', statementId: 's' }),
      entity: 'resource:arn:aws:lambda:us-east-1:111111111111:function:worker',
    },
    {
      doc: 'Lambda API_RemovePermission (RemovePermission20150331v2) by ARN',
      record: rec('lambda.amazonaws.com', 'RemovePermission20150331v2', { functionName: 'arn:aws:lambda:us-east-1:666666666666:function:worker' }),
      entity: 'resource:arn:aws:lambda:us-east-1:666666666666:function:worker',
    },
    { doc: 'Organizations API_AttachPolicy (an SCP or RCP may bind any request)', record: rec('organizations.amazonaws.com', 'AttachPolicy', { policyId: 'p-1', targetId: 'ou-1' }), entity: 'organization' },
    { doc: 'Organizations API_MoveAccount', record: rec('organizations.amazonaws.com', 'MoveAccount', { accountId: '222222222222' }), entity: 'organization' },
  ])('$doc → $entity', ({ record, entity }) => {
    expect(policyChangeOf(record)).toEqual({ eventName: record.eventName, time: Date.parse(TIME), entities: [entity] });
  });
});

describe('policyChangeOf: no change', () => {
  it.each([
    { rule: 'a failed change (errorCode) changed nothing', record: rec('iam.amazonaws.com', 'PutRolePolicy', { roleName: 'deploy' }, { errorCode: 'AccessDenied' }) },
    { rule: 'a failed Organizations change changed nothing', record: rec('organizations.amazonaws.com', 'AttachPolicy', { policyId: 'p-1' }, { errorCode: 'ConstraintViolationException' }) },
    { rule: 'an unrelated event (s3 GetObject)', record: rec('s3.amazonaws.com', 'GetObject', { bucketName: 'b', key: 'k' }) },
    { rule: 'an unrelated IAM read (GetRole)', record: rec('iam.amazonaws.com', 'GetRole', { roleName: 'deploy' }) },
    { rule: 'an event name of another service (iam PutBucketPolicy)', record: rec('iam.amazonaws.com', 'PutBucketPolicy', { bucketName: 'b' }) },
    { rule: 'a change that does not name its entity (PutRolePolicy without roleName)', record: rec('iam.amazonaws.com', 'PutRolePolicy', {}) },
    {
      rule: 'a role change without any account to place it in',
      record: rec('iam.amazonaws.com', 'PutRolePolicy', { roleName: 'deploy' }, { recipientAccountId: undefined, userIdentity: { type: 'AWSService', invokedBy: 'x.amazonaws.com' } }),
    },
  ])('$rule → undefined', ({ record }) => {
    expect(policyChangeOf(record)).toBeUndefined();
  });
});
