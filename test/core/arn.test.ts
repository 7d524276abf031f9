import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountOfArn, formatArn, isAccountId, parseArn, type Arn } from '../../src/core/arn/arn.js';

describe('parseArn (six colon-separated components; the resource part keeps its colons)', () => {
  const valid: Array<[string, Arn]> = [
    ['arn:aws:s3:::bucket', { partition: 'aws', service: 's3', region: '', account: '', resource: 'bucket' }],
    ['arn:aws:s3:::bucket/a/b:c', { partition: 'aws', service: 's3', region: '', account: '', resource: 'bucket/a/b:c' }],
    ['arn:aws:iam::111122223333:root', { partition: 'aws', service: 'iam', region: '', account: '111122223333', resource: 'root' }],
    [
      'arn:aws:sts::111122223333:assumed-role/ci/build-42',
      { partition: 'aws', service: 'sts', region: '', account: '111122223333', resource: 'assumed-role/ci/build-42' },
    ],
    [
      'arn:aws:logs:us-east-1:111122223333:log-group:app:*',
      { partition: 'aws', service: 'logs', region: 'us-east-1', account: '111122223333', resource: 'log-group:app:*' },
    ],
    ['arn:aws-cn:sqs:cn-north-1:111122223333:q', { partition: 'aws-cn', service: 'sqs', region: 'cn-north-1', account: '111122223333', resource: 'q' }],
    ['arn:aws-us-gov:kms:us-gov-west-1:1:key/k', { partition: 'aws-us-gov', service: 'kms', region: 'us-gov-west-1', account: '1', resource: 'key/k' }],
    ['arn:aws-iso-b:s3:::b', { partition: 'aws-iso-b', service: 's3', region: '', account: '', resource: 'b' }],
    ['arn:aws-eusc:s3:::b', { partition: 'aws-eusc', service: 's3', region: '', account: '', resource: 'b' }],
    ['arn:aws:iam::aws:policy/ReadOnlyAccess', { partition: 'aws', service: 'iam', region: '', account: 'aws', resource: 'policy/ReadOnlyAccess' }],
  ];
  it.each(valid)('parses `%s`', (s, expected) => {
    expect(parseArn(s)).toEqual(expected);
  });

  it.each([
    '*',
    '',
    'arn:aws:s3::bucket', // five components
    'arn:aws:s3',
    'ARN:aws:s3:::bucket', // prefix is lowercase
    'urn:aws:s3:::bucket',
    'arn:gcp:s3:::bucket', // not an AWS partition
    'arn:AWS:s3:::bucket',
    'arn:aws::::bucket', // no service
    'arn:aws:s3:::', // no resource
    '111122223333',
  ])('rejects `%s`', (s) => {
    expect(parseArn(s)).toBeUndefined();
  });

  const component = (alphabet: string[]) => fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 8 });
  const arnArb = fc.record({
    partition: fc.constantFrom('aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'),
    service: component(['a', 'b', '3', '-']).filter((s) => s !== ''),
    region: component(['u', 's', '-', '1']),
    account: component(['0', '1', '9']),
    resource: component(['a', '/', ':', '*', 'x']).filter((s) => s !== ''),
  });

  it('round-trips parse(format(arn))', () => {
    fc.assert(
      fc.property(arnArb, (arn) => {
        expect(parseArn(formatArn(arn))).toEqual(arn);
      }),
    );
  });

  it('round-trips format(parse(s))', () => {
    fc.assert(
      fc.property(arnArb, (arn) => {
        const s = formatArn(arn);
        expect(formatArn(parseArn(s)!)).toBe(s);
      }),
    );
  });
});

describe('account ids', () => {
  it.each([
    ['111122223333', true],
    ['012345678901', true],
    ['11112222333', false],
    ['1111222233334', false],
    ['11112222333a', false],
    ['aws', false],
    ['', false],
  ] as const)('isAccountId(`%s`) → %s', (s, expected) => {
    expect(isAccountId(s)).toBe(expected);
  });

  it.each([
    ['arn:aws:iam::111122223333:role/r', '111122223333'],
    ['arn:aws:s3:::bucket', undefined],
    ['arn:aws:iam::aws:policy/ReadOnlyAccess', undefined],
    ['not an arn', undefined],
  ] as const)('accountOfArn(`%s`) → %s', (s, expected) => {
    expect(accountOfArn(s)).toBe(expected);
  });
});
