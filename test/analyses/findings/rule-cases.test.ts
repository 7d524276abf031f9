import { describe, expect, it } from 'vitest';
import { runFindings } from '../../../src/analyses/findings/run-findings.js';
import { loadServiceCatalog } from '../../../src/catalog/iam-data-catalog.js';
import { loadScenarioText } from '../../../src/loaders/scenario/index.js';

/** Edge cases of the rules, one small estate each: the rule fires or it does not. */
const catalog = loadServiceCatalog();

function fires(rule: string, yaml: string): boolean {
  const loaded = loadScenarioText(`trustmap: scenario/v1\n${yaml}`, 'case.yaml', { catalog });
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return runFindings(loaded.estate, { catalog, rules: [rule] }).findings.length > 0;
}

const topic = (condition: string): string => `
accounts:
  "111111111111": { name: app }
resources:
  - arn: arn:aws:sns:us-east-1:111111111111:uploads
    policy:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Principal: { Service: s3.amazonaws.com }
          Action: sns:Publish
          Resource: arn:aws:sns:us-east-1:111111111111:uploads
${condition}`;

const role = (service: string, condition = ''): string => `
accounts:
  "111111111111":
    name: app
    roles:
      - name: worker
        trustPolicy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: { Service: ${service} }
              Action: sts:AssumeRole
${condition}`;

const queue = (principal: string, condition: string): string => `
accounts:
  "111111111111": { name: app }
resources:
  - arn: arn:aws:sqs:us-east-1:111111111111:jobs
    policy:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Principal: ${principal}
          Action: sqs:SendMessage
          Resource: arn:aws:sqs:us-east-1:111111111111:jobs
${condition}`;

describe('service-principal-without-source-condition', () => {
  it.each([
    ['S3 pinned by bucket ARN only: a bucket of that name in another account passes', topic('          Condition: { ArnLike: { aws:SourceArn: "arn:aws:s3:::uploads" } }'), true],
    ['S3 pinned by bucket ARN and account', topic('          Condition: { ArnLike: { aws:SourceArn: "arn:aws:s3:::uploads" }, StringEquals: { aws:SourceAccount: "111111111111" } }'), false],
    ['S3 pinned by account', topic('          Condition: { StringEquals: { aws:SourceAccount: "111111111111" } }'), false],
    ['S3 with a wildcard source in any account', topic('          Condition: { ArnLike: { aws:SourceArn: "arn:aws:s3:::*" } }'), true],
    ['EC2 in a trust policy: EC2 sets no source key, so no condition is asked for', role('ec2.amazonaws.com'), false],
    ['SageMaker in a trust policy, no condition', role('sagemaker.amazonaws.com'), true],
    ['SageMaker in a trust policy, pinned to the account', role('sagemaker.amazonaws.com', '              Condition: { StringEquals: { aws:SourceAccount: "111111111111" } }'), false],
  ])('%s', (_name, yaml, expected) => {
    expect(fires('service-principal-without-source-condition', yaml)).toBe(expected);
  });
});

describe('public-resource-policy', () => {
  it.each([
    ['`*` and no condition', queue('"*"', ''), true],
    ['`*` limited to a narrow source IP range (S3\'s definition of non-public)', queue('"*"', '          Condition: { IpAddress: { aws:SourceIp: "203.0.113.0/24" } }'), false],
    ['`*` limited by the user agent only', queue('"*"', '          Condition: { StringLike: { aws:UserAgent: "curl/*" } }'), true],
    ['`*` limited to the organization', queue('"*"', '          Condition: { StringEquals: { aws:PrincipalOrgID: o-a1b2c3d4e5 } }'), false],
    ['`*` limited to one account', queue('"*"', '          Condition: { StringEquals: { aws:PrincipalAccount: "111111111111" } }'), false],
    ['an account, not `*`', queue('{ AWS: "arn:aws:iam::222222222222:root" }', ''), false],
  ])('%s', (_name, yaml, expected) => {
    expect(fires('public-resource-policy', yaml)).toBe(expected);
  });

  const condition = (text: string): string => `          Condition: ${text}`;
  it.each([
    ['`ForAnyValue:StringEquals` on aws:SourceVpce restricts', condition('{ "ForAnyValue:StringEquals": { aws:SourceVpce: vpce-1a2b3c4d } }'), false],
    ['`ForAllValues:StringEquals` on aws:SourceVpce does not restrict', condition('{ "ForAllValues:StringEquals": { aws:SourceVpce: vpce-1a2b3c4d } }'), true],
    ['`ForAllValues:StringEquals` on the organization does not restrict', condition('{ "ForAllValues:StringEquals": { aws:PrincipalOrgID: o-a1b2c3d4e5 } }'), true],
    ['`StringEqualsIfExists` on the organization does not restrict', condition('{ StringEqualsIfExists: { aws:PrincipalOrgID: o-a1b2c3d4e5 } }'), true],
    ['a fixed aws:SourceVpce restricts', condition('{ StringEquals: { aws:SourceVpce: vpce-1a2b3c4d } }'), false],
    ['a wildcard in aws:SourceVpce is not a fixed value', condition('{ StringLike: { aws:SourceVpce: "vpce-*" } }'), true],
    ['a policy variable in aws:SourceVpce is not a fixed value', condition('{ StringEquals: { aws:SourceVpce: "${aws:SourceVpc}" } }'), true],
    ['aws:SourceIp /8 restricts', condition('{ IpAddress: { aws:SourceIp: "10.0.0.0/8" } }'), false],
    ['aws:SourceIp /7 does not restrict', condition('{ IpAddress: { aws:SourceIp: "10.0.0.0/7" } }'), true],
    ['aws:SourceIp IPv6 /32 restricts', condition('{ IpAddress: { aws:SourceIp: "2001:db8::/32" } }'), false],
    ['aws:SourceIp IPv6 /31 does not restrict', condition('{ IpAddress: { aws:SourceIp: "2001:db8::/31" } }'), true],
  ])('docs/aws-authorization.md#s3-block-public-access: `*` with %s', (_name, cond, expected) => {
    expect(fires('public-resource-policy', queue('"*"', cond))).toBe(expected);
  });

  it('a public bucket policy under RestrictPublicBuckets is not public: the engine applies Block Public Access', () => {
    const bucket = (restrict: boolean): string => `
accounts:
  "111111111111": { name: app }
resources:
  - arn: arn:aws:s3:::open-data
    account: "111111111111"
    policy:
      Version: "2012-10-17"
      Statement: [{ Effect: Allow, Principal: "*", Action: s3:GetObject, Resource: "arn:aws:s3:::open-data/*" }]
    s3:
      blockPublicAccess: { RestrictPublicBuckets: ${restrict} }
`;
    expect(fires('public-resource-policy', bucket(false))).toBe(true);
    expect(fires('public-resource-policy', bucket(true))).toBe(false);
  });
});
