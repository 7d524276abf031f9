import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord, CloudTrailUserIdentity } from '../../../src/core/cloudtrail/cloudtrail-record.js';
import { MODELLED_CALLS, modelledCall, type ResourceRule } from '../../../src/core/cloudtrail/modelled-calls.js';
import { requestOfRecord } from '../../../src/core/cloudtrail/record-request.js';
import { loadScenarioText } from '../../../src/loaders/scenario/index.js';

/**
 * Rules: docs/cloudtrail.md#from-api-calls-to-requests and the ResourceRule comments of
 * src/core/cloudtrail/modelled-calls.ts; the AWS pages each row names.
 */
const SECRET = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:db-pass-AbC123';
const loaded = loadScenarioText(
  `trustmap: scenario/v1
accounts:
  "111111111111":
    name: app
resources:
  - arn: ${SECRET}
`,
  'record-request.yaml',
);
const estate = loaded.estate;

const USER: CloudTrailUserIdentity = { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/alice', accountId: '111111111111' };

function rec(eventSource: string, eventName: string, requestParameters: Record<string, unknown> | null, over: Partial<CloudTrailRecord> = {}): CloudTrailRecord {
  return {
    eventTime: '2026-11-01T10:00:00Z',
    eventSource,
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: '111111111111',
    userIdentity: USER,
    requestParameters,
    ...over,
  };
}

const ROLE = 'arn:aws:iam::222222222222:role/deploy';
const STS_DOC = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html';
const S3_DOC = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-understanding-s3-entries.html';
const KMS_DOC = 'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html';
const SM_DOC = 'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html';
const LAMBDA_DOC = 'https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html';

interface Row {
  readonly rule: ResourceRule;
  readonly doc: string;
  readonly name: string;
  readonly record: CloudTrailRecord;
  readonly action: string;
  readonly resource: string;
  readonly usageResource?: string;
  readonly context?: Record<string, unknown>;
  readonly absent?: readonly string[];
  readonly sessionTags?: Record<string, string>;
}

const ROWS: Row[] = [
  {
    rule: 'role-arn',
    doc: STS_DOC,
    name: 'AssumeRole with externalId → sts:ExternalId is its value',
    record: rec('sts.amazonaws.com', 'AssumeRole', { roleArn: ROLE, roleSessionName: 's1', externalId: 'ext-1' }),
    action: 'sts:AssumeRole',
    resource: ROLE,
    context: { 'sts:ExternalId': 'ext-1', 'sts:RoleSessionName': 's1', 'sts:SourceIdentity': null },
  },
  {
    rule: 'role-arn',
    doc: STS_DOC,
    name: 'AssumeRole without externalId → sts:ExternalId absent from the request (null)',
    record: rec('sts.amazonaws.com', 'AssumeRole', { roleArn: ROLE, roleSessionName: 's1', sourceIdentity: 'alice' }),
    action: 'sts:AssumeRole',
    resource: ROLE,
    context: { 'sts:ExternalId': null, 'sts:SourceIdentity': 'alice' },
  },
  {
    rule: 'role-arn',
    doc: `${STS_DOC} (Tags → session tags)`,
    name: 'AssumeRole tags → sessionTags',
    record: rec('sts.amazonaws.com', 'AssumeRole', { roleArn: ROLE, roleSessionName: 's', tags: [{ key: 'team', value: 'red' }, { key: 'env', value: 'prod' }, { key: 'bad' }] }),
    action: 'sts:AssumeRole',
    resource: ROLE,
    sessionTags: { team: 'red', env: 'prod' },
  },
  {
    rule: 'role-arn',
    doc: `${STS_DOC} (SerialNumber → MFA)`,
    name: 'AssumeRole with serialNumber → aws:MultiFactorAuthPresent true',
    record: rec('sts.amazonaws.com', 'AssumeRole', { roleArn: ROLE, roleSessionName: 's', serialNumber: 'arn:aws:iam::111111111111:mfa/alice' }),
    action: 'sts:AssumeRole',
    resource: ROLE,
    context: { 'aws:MultiFactorAuthPresent': 'true' },
  },
  {
    rule: 's3-object',
    doc: S3_DOC,
    name: 'GetObject from resources[] AWS::S3::Object; usage against bucket/*',
    record: rec('s3.amazonaws.com', 'GetObject', { bucketName: 'other', key: 'x' }, { resources: [{ type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::b' }, { type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::b/dir/k.txt' }] }),
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/dir/k.txt',
    usageResource: 'arn:aws:s3:::b/*',
  },
  {
    rule: 's3-object',
    doc: S3_DOC,
    name: 'PutObject from bucketName + key; x-amz-acl given, SSE absent (null)',
    record: rec('s3.amazonaws.com', 'PutObject', { bucketName: 'b', key: 'k/v', 'x-amz-acl': 'private' }),
    action: 's3:PutObject',
    resource: 'arn:aws:s3:::b/k/v',
    usageResource: 'arn:aws:s3:::b/*',
    context: { 's3:x-amz-acl': 'private', 's3:x-amz-server-side-encryption': null },
  },
  {
    rule: 's3-object',
    doc: S3_DOC,
    name: 'HeadObject is authorized as s3:GetObject',
    record: rec('s3.amazonaws.com', 'HeadObject', { bucketName: 'b', key: 'k' }),
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    usageResource: 'arn:aws:s3:::b/*',
  },
  {
    rule: 's3-bucket',
    doc: S3_DOC,
    name: 'ListObjectsV2 from bucketName with prefix → s3:prefix',
    record: rec('s3.amazonaws.com', 'ListObjectsV2', { bucketName: 'b', prefix: 'logs/' }),
    action: 's3:ListBucket',
    resource: 'arn:aws:s3:::b',
    usageResource: 'arn:aws:s3:::b',
    context: { 's3:prefix': 'logs/' },
  },
  {
    rule: 's3-bucket',
    doc: S3_DOC,
    name: 'ListObjects without prefix → s3:prefix null; resources[] AWS::S3::Bucket wins',
    record: rec('s3.amazonaws.com', 'ListObjects', { bucketName: 'ignored' }, { resources: [{ type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::listed' }] }),
    action: 's3:ListBucket',
    resource: 'arn:aws:s3:::listed',
    context: { 's3:prefix': null },
  },
  {
    rule: 'kms-key',
    doc: KMS_DOC,
    name: 'Decrypt from resources[] AWS::KMS::Key; no invokedBy → kms:ViaService null; no context → keys null',
    record: rec('kms.amazonaws.com', 'Decrypt', { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' }, { resources: [{ type: 'AWS::KMS::Key', ARN: 'arn:aws:kms:us-east-1:333333333333:key/k1' }] }),
    action: 'kms:Decrypt',
    resource: 'arn:aws:kms:us-east-1:333333333333:key/k1',
    context: { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT', 'kms:ViaService': null, 'kms:EncryptionContextKeys': null },
  },
  {
    rule: 'kms-key',
    doc: KMS_DOC,
    name: 'Encrypt with keyId an ARN',
    record: rec('kms.amazonaws.com', 'Encrypt', { keyId: 'arn:aws:kms:eu-west-1:333333333333:key/k2' }),
    action: 'kms:Encrypt',
    resource: 'arn:aws:kms:eu-west-1:333333333333:key/k2',
  },
  {
    rule: 'kms-key',
    doc: KMS_DOC,
    name: 'GenerateDataKey with a bare key id → key in the recipient account and region',
    record: rec('kms.amazonaws.com', 'GenerateDataKey', { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' }),
    action: 'kms:GenerateDataKey',
    resource: 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  },
  {
    rule: 'kms-key',
    doc: KMS_DOC,
    name: 'DescribeKey with an alias → alias ARN in the recipient account and region',
    record: rec('kms.amazonaws.com', 'DescribeKey', { keyId: 'alias/app' }),
    action: 'kms:DescribeKey',
    resource: 'arn:aws:kms:us-east-1:111111111111:alias/app',
  },
  {
    rule: 'kms-key',
    doc: `${KMS_DOC}#conditions-kms-encryption-context`,
    name: 'encryptionContext → kms:EncryptionContext:<k> and kms:EncryptionContextKeys (string values only)',
    record: rec('kms.amazonaws.com', 'Decrypt', { keyId: 'k', encryptionContext: { Department: 'IT', Project: 'x', n: 1 } }),
    action: 'kms:Decrypt',
    resource: 'arn:aws:kms:us-east-1:111111111111:key/k',
    context: { 'kms:EncryptionContext:Department': 'IT', 'kms:EncryptionContext:Project': 'x', 'kms:EncryptionContextKeys': ['Department', 'Project'] },
    absent: ['kms:EncryptionContext:n'],
  },
  {
    rule: 'kms-key',
    doc: `${KMS_DOC}#conditions-kms-via-service`,
    name: 'invokedBy s3.amazonaws.com → kms:ViaService s3.<region>.amazonaws.com',
    record: rec('kms.amazonaws.com', 'GenerateDataKey', { keyId: 'k' }, { userIdentity: { ...USER, invokedBy: 's3.amazonaws.com' } }),
    action: 'kms:GenerateDataKey',
    resource: 'arn:aws:kms:us-east-1:111111111111:key/k',
    context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'aws:ViaAWSService': 'true' },
  },
  {
    rule: 'kms-key',
    doc: `${KMS_DOC}#conditions-kms-via-service`,
    name: 'an AWSService caller is not "via" a service: kms:ViaService left unknown',
    record: rec('kms.amazonaws.com', 'Decrypt', { keyId: 'k' }, { userIdentity: { type: 'AWSService', invokedBy: 's3.amazonaws.com' } }),
    action: 'kms:Decrypt',
    resource: 'arn:aws:kms:us-east-1:111111111111:key/k',
    absent: ['kms:ViaService'],
  },
  {
    rule: 'sqs-queue',
    doc: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-queue-message-identifiers.html',
    name: 'SendMessage from queueUrl',
    record: rec('sqs.amazonaws.com', 'SendMessage', { queueUrl: 'https://sqs.us-east-1.amazonaws.com/444444444444/jobs' }),
    action: 'sqs:SendMessage',
    resource: 'arn:aws:sqs:us-east-1:444444444444:jobs',
  },
  {
    rule: 'sqs-queue',
    doc: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-queue-message-identifiers.html',
    name: 'ReceiveMessage from a legacy queueUrl (<region>.queue.amazonaws.com)',
    record: rec('sqs.amazonaws.com', 'ReceiveMessage', { queueUrl: 'https://eu-west-1.queue.amazonaws.com/444444444444/jobs' }),
    action: 'sqs:ReceiveMessage',
    resource: 'arn:aws:sqs:eu-west-1:444444444444:jobs',
  },
  {
    rule: 'sns-topic',
    doc: 'https://docs.aws.amazon.com/sns/latest/api/API_Publish.html',
    name: 'Publish to topicArn',
    record: rec('sns.amazonaws.com', 'Publish', { topicArn: 'arn:aws:sns:us-east-1:444444444444:alerts' }),
    action: 'sns:Publish',
    resource: 'arn:aws:sns:us-east-1:444444444444:alerts',
  },
  {
    rule: 'secret',
    doc: SM_DOC,
    name: 'GetSecretValue by full ARN (in the estate)',
    record: rec('secretsmanager.amazonaws.com', 'GetSecretValue', { secretId: SECRET, versionStage: 'AWSCURRENT' }),
    action: 'secretsmanager:GetSecretValue',
    resource: SECRET,
    context: { 'secretsmanager:VersionStage': 'AWSCURRENT' },
  },
  {
    rule: 'secret',
    doc: SM_DOC,
    name: 'GetSecretValue by full ARN not in the estate (ends in -XXXXXX): kept',
    record: rec('secretsmanager.amazonaws.com', 'GetSecretValue', { secretId: 'arn:aws:secretsmanager:us-east-1:555555555555:secret:other-Zz9Yy8' }),
    action: 'secretsmanager:GetSecretValue',
    resource: 'arn:aws:secretsmanager:us-east-1:555555555555:secret:other-Zz9Yy8',
  },
  {
    rule: 'secret',
    doc: SM_DOC,
    name: 'DescribeSecret by name, found in the estate (recipient account and region)',
    record: rec('secretsmanager.amazonaws.com', 'DescribeSecret', { secretId: 'db-pass' }),
    action: 'secretsmanager:DescribeSecret',
    resource: SECRET,
  },
  {
    rule: 'secret',
    doc: SM_DOC,
    name: 'GetSecretValue by partial ARN (no random suffix), matched in the estate',
    record: rec('secretsmanager.amazonaws.com', 'GetSecretValue', { secretId: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:db-pass' }),
    action: 'secretsmanager:GetSecretValue',
    resource: SECRET,
  },
  {
    rule: 'lambda-function',
    doc: LAMBDA_DOC,
    name: 'Invoke by function name → recipient account and region',
    record: rec('lambda.amazonaws.com', 'Invoke', { functionName: 'worker' }),
    action: 'lambda:InvokeFunction',
    resource: 'arn:aws:lambda:us-east-1:111111111111:function:worker',
  },
  {
    rule: 'lambda-function',
    doc: LAMBDA_DOC,
    name: 'Invoke by partial ARN account:function:name',
    record: rec('lambda.amazonaws.com', 'Invoke', { functionName: '666666666666:function:worker' }),
    action: 'lambda:InvokeFunction',
    resource: 'arn:aws:lambda:us-east-1:666666666666:function:worker',
  },
  {
    rule: 'lambda-function',
    doc: LAMBDA_DOC,
    name: 'InvokeFunction by full ARN',
    record: rec('lambda.amazonaws.com', 'InvokeFunction', { functionName: 'arn:aws:lambda:eu-west-1:666666666666:function:worker' }),
    action: 'lambda:InvokeFunction',
    resource: 'arn:aws:lambda:eu-west-1:666666666666:function:worker',
  },
  {
    rule: 'lambda-function',
    doc: LAMBDA_DOC,
    name: 'Invoke with resources[] AWS::Lambda::Function',
    record: rec('lambda.amazonaws.com', 'Invoke', { functionName: 'ignored' }, { resources: [{ type: 'AWS::Lambda::Function', ARN: 'arn:aws:lambda:us-east-1:666666666666:function:listed' }] }),
    action: 'lambda:InvokeFunction',
    resource: 'arn:aws:lambda:us-east-1:666666666666:function:listed',
  },
];

describe('requestOfRecord: the request each modelled call makes', () => {
  it.each(ROWS)('$rule: $name ($doc)', ({ record, action, resource, usageResource, context, absent, sessionTags }) => {
    const got = requestOfRecord(record, estate);
    expect(got.kind).toBe('request');
    if (got.kind !== 'request') return;
    expect(got.request.principal).toBe(record.userIdentity.arn ?? record.userIdentity.invokedBy);
    expect(got.request.action).toBe(action);
    expect(got.request.resource).toBe(resource);
    expect(got.usageResource).toBe(usageResource ?? resource);
    if (context) expect(got.request.context).toMatchObject(context);
    for (const k of absent ?? []) expect(got.request.context).not.toHaveProperty([k]);
    if (sessionTags) expect(got.request.sessionTags).toEqual(sessionTags);
    else expect(got.request.sessionTags).toBeUndefined();
  });

  it('the scenario estate loads cleanly', () => {
    expect(loaded.diagnostics).toEqual([]);
  });

  it('every ResourceRule of MODELLED_CALLS has a row', () => {
    const rules = new Set(MODELLED_CALLS.map((c) => c.resource));
    expect(new Set(ROWS.map((r) => r.rule))).toEqual(rules);
  });

  it('global context is merged in (aws:CurrentTime, aws:RequestedRegion)', () => {
    const got = requestOfRecord(ROWS[0]!.record, estate);
    expect(got.kind === 'request' && got.request.context).toMatchObject({ 'aws:CurrentTime': '2026-11-01T10:00:00Z', 'aws:RequestedRegion': 'us-east-1' });
  });

  it('a federated user carries its sessionIssuer into the request', () => {
    const got = requestOfRecord(
      rec('s3.amazonaws.com', 'GetObject', { bucketName: 'b', key: 'k' }, {
        userIdentity: { type: 'FederatedUser', arn: 'arn:aws:sts::111111111111:federated-user/bob', sessionContext: { sessionIssuer: { arn: 'arn:aws:iam::111111111111:user/broker' } } },
      }),
      estate,
    );
    expect(got.kind === 'request' && got.request.sessionIssuer).toBe('arn:aws:iam::111111111111:user/broker');
  });
});

describe('requestOfRecord: not modelled and unresolved', () => {
  it.each([
    { rule: 'docs/cloudtrail.md#modelled-calls: an unmodelled call is counted, never guessed', record: rec('ec2.amazonaws.com', 'DescribeInstances', null) },
    { rule: 'docs/cloudtrail.md#modelled-calls: the same name on another service is not modelled', record: rec('ec2.amazonaws.com', 'GetObject', { bucketName: 'b', key: 'k' }) },
  ])('$rule', ({ record }) => {
    expect(requestOfRecord(record, estate)).toEqual({ kind: 'not-modelled' });
  });

  it.each([
    {
      rule: 'cloudtrail-event-reference-user-identity: AWSAccount names no principal',
      record: rec('s3.amazonaws.com', 'GetObject', { bucketName: 'b', key: 'k' }, { userIdentity: { type: 'AWSAccount', accountId: '999999999999' } }),
      why: /only the calling account/,
    },
    { rule: 'role-arn: no roleArn', record: rec('sts.amazonaws.com', 'AssumeRole', {}), why: /roleArn/ },
    { rule: 's3-object: bucketName without key', record: rec('s3.amazonaws.com', 'GetObject', { bucketName: 'b' }), why: /names no object/ },
    { rule: 's3-bucket: nothing named', record: rec('s3.amazonaws.com', 'HeadBucket', {}), why: /names no bucket/ },
    { rule: 'kms-key: bare key id without recipient account', record: rec('kms.amazonaws.com', 'Decrypt', { keyId: 'k' }, { recipientAccountId: undefined }), why: /names no key/ },
    { rule: 'sqs-queue: unreadable queue URL', record: rec('sqs.amazonaws.com', 'SendMessage', { queueUrl: 'https://example.com/q' }), why: /not one trustmap can read/ },
    { rule: 'sns-topic: direct publish to a phone number', record: rec('sns.amazonaws.com', 'Publish', { phoneNumber: '+15555550100' }), why: /topicArn/ },
    { rule: `secret (${SM_DOC}): an unknown name is not guessed`, record: rec('secretsmanager.amazonaws.com', 'GetSecretValue', { secretId: 'nope' }), why: /not in the estate/ },
    {
      rule: `secret (${SM_DOC}): a name of the estate in another account is not it`,
      record: rec('secretsmanager.amazonaws.com', 'GetSecretValue', { secretId: 'db-pass' }, { recipientAccountId: '222222222222' }),
      why: /not in the estate/,
    },
    { rule: `lambda-function: a name without region`, record: rec('lambda.amazonaws.com', 'Invoke', { functionName: 'worker' }, { awsRegion: undefined }), why: /without its account or region/ },
  ])('$rule → unresolved', ({ record, why }) => {
    const got = requestOfRecord(record, estate);
    expect(got.kind).toBe('unresolved');
    if (got.kind !== 'unresolved') return;
    expect(got.call).toBe(modelledCall(record.eventSource, record.eventName));
    expect(got.why).toMatch(why);
  });
});
