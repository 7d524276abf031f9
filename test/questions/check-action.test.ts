import { describe, expect, it } from 'vitest';
import { loadServiceCatalog } from '../../src/catalog/iam-data-catalog.js';
import { arnFormatMatcher, checkAction } from '../../src/questions/check-action.js';
import { checkContextValues } from '../../src/questions/check-context-values.js';

/** Questions are checked against the bundled service reference data before the engine answers them. */
const catalog = loadServiceCatalog();
const codes = (action: string, resource?: string, allowUnknownAction = false): string[] =>
  checkAction(action, resource, catalog, { allowUnknownAction }).map((p) => `${p.severity} ${p.code}`);

describe('an action asked of the engine', () => {
  it.each([
    ['sqs:SendMessage', 'arn:aws:sqs:us-east-1:444444444444:orders', []],
    ['s3:GetObject', 'arn:aws:s3:::bucket/key/with/slashes', []],
    ['s3:ListBucket', 'arn:aws:s3:::bucket', []],
    ['sts:AssumeRole', 'arn:aws:iam::111111111111:role/path/deploy', []],
    ['kms:Decrypt', 'arn:aws:kms:us-east-1:444444444444:key/1234abcd-12ab-34cd-56ef-1234567890ab', []],
    ['kms:Decrypt', 'arn:aws:kms:us-east-1:444444444444:alias/data-lake', []],
    ['sqs:SendMessage', 'arn:aws:kms:us-east-1:444444444444:alias/data-lake', ['error question/action-not-for-resource']],
    ['secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:us-east-1:444444444444:secret:db/creds-Ab12Cd', []],
    ['s3:ListAllMyBuckets', '*', []],
    ['S3:getobject', 'arn:aws:s3:::bucket/key', []],
    ['sqs:SendMesage', 'arn:aws:sqs:us-east-1:444444444444:orders', ['error question/unknown-action']],
    ['foo:Bar', 'arn:aws:sqs:us-east-1:444444444444:orders', ['error question/unknown-service']],
    ['s3:GetObject', 'arn:aws:sqs:us-east-1:444444444444:orders', ['error question/action-not-for-resource']],
    ['s3:GetObject', 'arn:aws:s3:::bucket', ['error question/action-not-for-resource']],
    ['s3:ListBucket', 'arn:aws:s3:::bucket/key', ['error question/action-not-for-resource']],
    ['s3:GetObject', '*', ['error question/action-not-for-resource']],
    ['s3:ListAllMyBuckets', 'arn:aws:s3:::bucket', ['error question/action-not-for-resource']],
  ])('%s on %s → %j', (action, resource, expected) => {
    expect(codes(action, resource)).toEqual(expected);
  });

  it('suggests the action meant, and says how to ask anyway', () => {
    const [problem] = checkAction('sqs:SendMesage', undefined, catalog);
    expect(problem!.message).toBe(`\`sqs:SendMesage\` is not an action of \`sqs\` in the service reference data (${catalog.dataVersion})`);
    expect(problem!.help).toMatch(/^did you mean `sqs:SendMessage`\? .*`--allow-unknown-action`/);
  });

  it('names the resource types an action takes when the resource is not one of them', () => {
    const [problem] = checkAction('s3:GetObject', 'arn:aws:sqs:us-east-1:444444444444:orders', catalog);
    expect(problem!.help).toContain('object (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`)');
  });

  it('is a warning under --allow-unknown-action, for an action newer than the data', () => {
    expect(codes('sqs:SendMesage', undefined, true)).toEqual(['warning question/unknown-action']);
    expect(codes('foo:Bar', undefined, true)).toEqual(['warning question/unknown-service']);
  });

  it('reads an ARN format field by field', () => {
    expect(arnFormatMatcher('arn:${Partition}:s3:::${BucketName}').test('arn:aws:s3:::b/k')).toBe(false);
    expect(arnFormatMatcher('arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}').test('arn:aws-cn:iam::111111111111:role/a/b')).toBe(true);
    expect(arnFormatMatcher('arn:${Partition}:sqs:${Region}:${Account}:${QueueName}').test('arn:aws:sqs:us-east-1:111111111111:q')).toBe(true);
  });
});

describe('a request context value is of its key’s type', () => {
  const problems = (context: Record<string, string | string[] | null>): string[] => checkContextValues(context, catalog).map((p) => p.message);

  it.each([
    ['aws:SourceIp', '203.0.113.7'],
    ['aws:SourceIp', '2001:db8::1'],
    ['aws:CurrentTime', '2026-12-07T12:00:00Z'],
    ['aws:EpochTime', '1765108800'],
    ['aws:SecureTransport', 'true'],
    ['aws:MultiFactorAuthAge', '3600'],
    ['aws:SourceArn', 'arn:aws:s3:::bucket'],
    ['aws:PrincipalTag/team', 'anything at all'],
    ['sts:ExternalId', 'acme-7f3a'],
    ['s3:x-amz-acl', 'private'],
    ['example:NotAKey', 'left to the engine'],
  ])('%s=%s is accepted', (key, value) => {
    expect(problems({ [key]: value })).toEqual([]);
  });

  it.each([
    ['aws:SourceIp', 'not-an-ip', 'an IP address (type IPAddress)'],
    ['aws:CurrentTime', 'yesterday', 'a date (type Date: ISO 8601, or seconds since 1970)'],
    ['aws:SecureTransport', 'yes', '`true` or `false` (type Bool)'],
    ['aws:MultiFactorAuthAge', 'an hour', 'a number (type Numeric)'],
    ['aws:SourceArn', 'my-bucket', 'an ARN (type ARN)'],
  ])('%s=%s is refused, naming the type', (key, value, what) => {
    expect(problems({ [key]: value })).toEqual([`\`${key}=${value}\`: \`${key}\` takes ${what}, and \`${value}\` is not one`]);
  });

  it('checks every value of a multi-valued key, and none of an absent one', () => {
    expect(problems({ 'aws:SourceIp': ['203.0.113.7', 'x'], 'aws:CurrentTime': null })).toHaveLength(1);
  });
});
