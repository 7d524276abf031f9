import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from '../../../src/core/diagnostics.js';
import { parsePolicy } from '../../../src/core/policy/parse-policy.js';
import type { Policy } from '../../../src/core/policy/policy-types.js';
import { isPublicPolicy, isPublicStatement } from '../../../src/core/policy/public-policy.js';

/** S3's test of a public bucket policy, read from the compiled statements (docs/aws-authorization.md#s3-block-public-access). */
const RULE = 'docs/aws-authorization.md#s3-block-public-access';

interface Statement {
  readonly principal?: unknown;
  readonly notPrincipal?: unknown;
  readonly effect?: string;
  readonly condition?: unknown;
}

function bucketPolicy(statements: readonly Statement[], version: string | undefined = '2012-10-17'): Policy {
  const document = {
    ...(version ? { Version: version } : {}),
    Statement: statements.map((s) => ({
      Effect: s.effect ?? 'Allow',
      ...(s.notPrincipal !== undefined ? { NotPrincipal: s.notPrincipal } : { Principal: s.principal ?? '*' }),
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::open-data/*',
      ...(s.condition !== undefined ? { Condition: s.condition } : {}),
    })),
  };
  return parsePolicy(document, { kind: 'resource', name: 'bucket-policy' }, new DiagnosticBag());
}

const ORG = { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' };
const sourceIp = (cidr: string | string[]): unknown => ({ IpAddress: { 'aws:SourceIp': cidr } });

type Row = readonly [name: string, statement: Statement, isPublic: boolean];

const rows: readonly Row[] = [
  ['`*` with no condition is public', {}, true],
  ['an account principal is not public', { principal: { AWS: 'arn:aws:iam::111122223333:root' } }, false],
  ['a Deny to `*` is not public', { effect: 'Deny' }, false],
  ['a negated principal (NotPrincipal) with no condition is public', { notPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } }, true],
  ['a negated principal with Allow is broken (AWS refuses it): public even kept to the organization', { notPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, condition: { StringEquals: ORG } }, true],
  ['`StringEquals` on aws:PrincipalOrgID restricts', { condition: { StringEquals: ORG } }, false],
  ['condition key names in any case restrict', { condition: { StringEquals: { 'AWS:principalorgid': 'o-a1b2c3d4e5' } } }, false],
  ['`stringequals` is not an operator: the statement is broken, its condition no proof of non-public', { condition: { stringequals: ORG } }, true],
  ['`forAnyValue:StringEquals` is not an operator either: broken, so public', { condition: { 'forAnyValue:StringEquals': ORG } }, true],
  ['a restricting test beside a broken one: the statement is broken, so public', { condition: { StringEquals: ORG, stringlike: { 'aws:UserAgent': 'curl/*' } } }, true],
  ['a key that lists no values: the statement is broken, so public', { condition: { StringEquals: { 'aws:PrincipalOrgID': [] } } }, true],
  ['`ForAnyValue:StringEquals` restricts', { condition: { 'ForAnyValue:StringEquals': ORG } }, false],
  ['`ForAllValues:StringEquals` holds when the key is missing: it does not restrict', { condition: { 'ForAllValues:StringEquals': ORG } }, true],
  ['`StringEqualsIfExists` holds when the key is missing: it does not restrict', { condition: { StringEqualsIfExists: ORG } }, true],
  ['`ForAnyValue:StringEqualsIfExists` does not restrict', { condition: { 'ForAnyValue:StringEqualsIfExists': ORG } }, true],
  ['`StringNotEquals` does not restrict', { condition: { StringNotEquals: ORG } }, true],
  ['`StringEqualsIgnoreCase` restricts', { condition: { StringEqualsIgnoreCase: ORG } }, false],
  ['`ArnLike` with a fixed aws:SourceArn restricts', { condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE' } } }, false],
  ['a key S3 does not list (aws:UserAgent) does not restrict', { condition: { StringEquals: { 'aws:UserAgent': 'curl/8.0' } } }, true],
  ['a policy variable is not a fixed value', { condition: { StringEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/${aws:username}' } } }, true],
  ['`*` is not a fixed value', { condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/*' } } }, true],
  ['`?` is not a fixed value', { condition: { StringLike: { 'aws:PrincipalAccount': '11112222333?' } } }, true],
  ['one unfixed value among fixed ones does not restrict', { condition: { StringLike: { 'aws:PrincipalAccount': ['111122223333', '4444*'] } } }, true],
  ['aws:SourceIp /8 restricts', { condition: sourceIp('10.0.0.0/8') }, false],
  ['aws:SourceIp /7 does not restrict', { condition: sourceIp('10.0.0.0/7') }, true],
  ['aws:SourceIp as one address restricts', { condition: sourceIp('203.0.113.7') }, false],
  ['aws:SourceIp IPv6 /32 restricts', { condition: sourceIp('2001:db8::/32') }, false],
  ['aws:SourceIp IPv6 /31 does not restrict', { condition: sourceIp('2001:db8::/31') }, true],
  ['one broad range among narrow ones does not restrict', { condition: sourceIp(['203.0.113.0/24', '0.0.0.0/0']) }, true],
  ['`NotIpAddress` does not restrict', { condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }, true],
];

describe('isPublicStatement', () => {
  it.each(rows)(`${RULE}: %s`, (_name, statement, expected) => {
    const policy = bucketPolicy([statement]);
    expect(isPublicStatement(policy.statements[0]!)).toBe(expected);
    expect(isPublicPolicy(policy)).toBe(expected);
  });

  it(`${RULE}: \`\${…}\` is not a fixed value even where it is literal text (no Version 2012-10-17)`, () => {
    const policy = bucketPolicy([{ condition: { StringEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/${aws:username}' } } }], undefined);
    expect(isPublicStatement(policy.statements[0]!)).toBe(true);
  });
});

describe('isPublicPolicy', () => {
  it(`${RULE}: one public statement makes the whole policy public`, () => {
    expect(isPublicPolicy(bucketPolicy([{ condition: { StringEquals: ORG } }, { principal: { AWS: '111122223333' } }]))).toBe(false);
    expect(isPublicPolicy(bucketPolicy([{ condition: { StringEquals: ORG } }, {}]))).toBe(true);
  });
});
