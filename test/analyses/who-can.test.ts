import { describe, expect, it } from 'vitest';
import { decidingHop } from '../../src/analyses/access-graph/blocking.js';
import { DEFAULT_ACTIONS } from '../../src/analyses/access-graph/resource-actions.js';
import { whoCan, type WhoCanResult } from '../../src/analyses/who-can/who-can.js';
import { ARN, EXAMPLE, fixture, graphOf } from './access-graph-helpers.js';

function who(resource: string, actions?: string[], file = EXAMPLE): WhoCanResult {
  return whoCan(graphOf(file), resource, actions ? { actions } : {});
}

/** `group principal action decision [via a>b]` for each entry. */
function rows(r: WhoCanResult): string[] {
  const short = (id: string): string => id.split(/[/:]/).pop()!;
  return r.entries.map((e) => `${e.group} ${short(e.principal.id)} ${e.action} ${e.decision}${e.chain.length > 0 ? ` via ${e.chain.map((c) => short(c.to)).join('>')}` : ''}`);
}

describe('trustmap who-can on the example estate', () => {
  it('the prod data lake report: etl directly, legacy-admin and the IAM Identity Center DataLakeRead role in prod (not its SAML provider: docs/aws-authorization.md#identity-center-no-saml-assumption), CI and GitHub through legacy-admin, Glue through etl (docs/aws-authorization.md#cross-account-both-sides, #trust-account-principal, #s3-sse-kms-permissions)', () => {
    expect(rows(who(ARN.report, ['s3:GetObject']))).toEqual([
      'same-account AWSReservedSSO_DataLakeRead_8f3e2b6c1a9d4e70 s3:GetObject Allow',
      'same-account legacy-admin s3:GetObject Allow',
      'organization etl s3:GetObject Allow',
      'organization ci-runner s3:GetObject Allow via legacy-admin',
      'organization token.actions.githubusercontent.com s3:GetObject Conditional via ci-runner>legacy-admin',
      'service glue.amazonaws.com s3:GetObject Allow via etl',
    ]);
  });

  it('the vendor is blocked by the data perimeter RCP, and shown under outside the organization (docs/aws-authorization.md#scp-principals-only)', () => {
    const blocked = who(ARN.report, ['s3:GetObject']).blocked.find((b) => b.principal.id === ARN.vendor)!;
    expect(blocked.group).toBe('outside');
    expect(blocked.final).toMatchObject({ decision: 'ExplicitDeny', decidedBy: 'rcp', side: 'target' });
  });

  it('ml-training is blocked by the key policy on the implied kms:Decrypt (mistake 3, docs/aws-authorization.md#s3-sse-kms-permissions)', () => {
    const r = who(ARN.features, ['s3:GetObject']);
    expect(r.entries.some((e) => e.principal.id === ARN.mlTraining)).toBe(false);
    const blocked = r.blocked.find((b) => b.principal.id === ARN.mlTraining)!;
    const hop = decidingHop(blocked.final);
    expect([hop.action, hop.resource, hop.decision, hop.decidedBy]).toEqual(['kms:Decrypt', ARN.dataLakeKey, 'ImplicitDeny', 'key-policy']);
    expect(blocked.group).toBe('organization');
  });

  it('the public sandbox bucket: anyone reads its objects, listed under public (mistake 8, docs/aws-authorization.md#s3-block-public-access)', () => {
    const r = who(ARN.sandboxBucket);
    expect(r.requests).toEqual([
      { action: 's3:ListBucket', resource: ARN.sandboxBucket },
      { action: 's3:GetObject', resource: `${ARN.sandboxBucket}/*` },
      { action: 's3:PutObject', resource: `${ARN.sandboxBucket}/*` },
    ]);
    const anyone = r.entries.filter((e) => e.group === 'public');
    expect(anyone.map((e) => [e.principal.id, e.action, e.decision])).toEqual([['*', 's3:GetObject', 'Allow']]);
    expect(anyone[0]!.final.principal).toBe('anonymous');
  });

  it('a bucket is asked by object scope: the prefixes its policy names become scopes (reports/*, features/*)', () => {
    expect(who('arn:aws:s3:::example-prod-data-lake', ['s3:GetObject']).requests.map((q) => q.resource)).toEqual([
      'arn:aws:s3:::example-prod-data-lake/*',
      'arn:aws:s3:::example-prod-data-lake/reports/*',
      'arn:aws:s3:::example-prod-data-lake/features/*',
    ]);
  });

  it('a service principal the queue policy names: SNS delivers if the source is the orders topic (docs/aws-authorization.md#service-principal-resource-policy)', () => {
    const sns = who('arn:aws:sqs:us-east-1:555555555555:orders-ingest', ['sqs:SendMessage']).entries.find((e) => e.principal.id === 'sns.amazonaws.com')!;
    expect(sns.group).toBe('service');
    expect(sns.decision).toBe('Conditional');
    expect(sns.final.residual).toEqual([{ ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:444444444444:orders' } }]);
  });

  it('the alerts queue lets any SNS topic write, with no condition (mistake 6, docs/aws-authorization.md#service-principal-confused-deputy)', () => {
    const sns = who('arn:aws:sqs:us-east-1:555555555555:alerts', ['sqs:SendMessage']).entries.find((e) => e.principal.id === 'sns.amazonaws.com')!;
    expect(sns.decision).toBe('Allow');
  });

  it('who can assume legacy-admin: CI directly, GitHub through CI (docs/aws-authorization.md#trust-account-principal)', () => {
    expect(rows(who(ARN.legacyAdmin))).toEqual([
      'organization ci-runner sts:AssumeRole Allow',
      'organization token.actions.githubusercontent.com sts:AssumeRole Conditional via ci-runner',
    ]);
  });

  it('who can assume ci-runner: the identity provider, with AssumeRoleWithWebIdentity (docs/aws-authorization.md#service-principal-trust)', () => {
    expect(rows(who(ARN.ciRunner))).toEqual(['same-account token.actions.githubusercontent.com sts:AssumeRoleWithWebIdentity Conditional']);
  });

  it('the KMS key: etl decrypts only through S3 (kms:ViaService), legacy-admin freely (docs/aws-authorization.md#kms-key-policy-names-principal)', () => {
    const etl = who(ARN.dataLakeKey, ['kms:Decrypt']).entries.find((e) => e.principal.id === ARN.etl)!;
    expect(etl.final.residual).toEqual([{ StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }]);
  });

  it.each([
    ['arn:aws:s3:::example-ci-artifacts', 'bucket'],
    ['arn:aws:s3:::example-ci-artifacts/app.zip', 'object'],
    ['arn:aws:sqs:us-east-1:555555555555:alerts', 'queue'],
    ['arn:aws:sns:us-east-1:444444444444:orders', 'topic'],
    ['arn:aws:lambda:us-east-1:555555555555:function:order-events-handler', 'function'],
    [ARN.dataLakeKey, 'key'],
    ['arn:aws:secretsmanager:us-east-1:444444444444:secret:db-AbCdEf', 'secret'],
    [ARN.prodDeploy, 'role'],
  ] as const)('default actions for %s are the %s set', (arn, type) => {
    const r = who(arn);
    expect(r.type).toBe(type);
    expect([...new Set(r.requests.map((q) => q.action))]).toEqual(DEFAULT_ACTIONS[type]);
  });
});

describe('who-can on fixtures', () => {
  it('a cycle terminates: b directly, a and alice through chains', () => {
    expect(rows(who('arn:aws:iam::111111111111:role/c', undefined, fixture('cycle.yaml')))).toEqual([
      'same-account b sts:AssumeRole Allow',
      'same-account a sts:AssumeRole Allow via b',
      'same-account alice sts:AssumeRole Allow via a>b',
    ]);
  });

  it('an account-root trust lists only the principals allowed to call AssumeRole on the role (docs/aws-authorization.md#trust-account-principal)', () => {
    expect(rows(who('arn:aws:iam::111111111111:role/shared-admin', undefined, fixture('root-trust.yaml')))).toEqual([
      'outside allowed sts:AssumeRole Allow',
      'outside wildcard sts:AssumeRole Allow',
      'outside bob sts:AssumeRole Allow',
      'service ec2.amazonaws.com sts:AssumeRole Allow via allowed',
    ]);
  });
});

describe('who-can where the resource policy was not collected', () => {
  it('a queue of an account outside the estate: principals whose own policies allow it are Unknown, naming the missing policy (results.md)', () => {
    const r = who('arn:aws:sqs:us-east-1:777777777777:partner-inbox', ['sqs:SendMessage']);
    const deploy = r.entries.find((e) => e.principal.id === ARN.prodDeploy)!;
    expect(deploy.decision).toBe('Unknown');
    expect(deploy.final.missing).toEqual(['the resource policy of arn:aws:sqs:us-east-1:777777777777:partner-inbox (account 777777777777 is not in the estate)']);
    // the queue's account is not in the estate, so whether prod and it share an organization is not known (access-map says the same)
    expect(deploy.group).toBe('unknown');
  });
});
