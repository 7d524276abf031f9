import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord, CloudTrailUserIdentity } from '../../../src/core/cloudtrail/cloudtrail-record.js';
import { principalOfRecord } from '../../../src/core/cloudtrail/record-principal.js';

/** Rules: CloudTrail userIdentity element, https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html */
const DOC = 'cloudtrail-event-reference-user-identity';

function record(userIdentity: CloudTrailUserIdentity, requestParameters?: Record<string, unknown>): CloudTrailRecord {
  return {
    eventTime: '2026-11-01T10:00:00Z',
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    awsRegion: 'us-east-1',
    userIdentity,
    ...(requestParameters ? { requestParameters } : {}),
  };
}

describe('principalOfRecord: identified callers', () => {
  it.each([
    {
      rule: `${DOC}: IAMUser — the user's ARN is principal and entity`,
      rec: record({ type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/ops/alice', accountId: '111111111111' }),
      want: { kind: 'principal', principal: 'arn:aws:iam::111111111111:user/ops/alice', entity: 'arn:aws:iam::111111111111:user/ops/alice', account: '111111111111' },
    },
    {
      rule: `${DOC}: Root — the account root ARN`,
      rec: record({ type: 'Root', arn: 'arn:aws:iam::111111111111:root', accountId: '111111111111' }),
      want: { kind: 'principal', principal: 'arn:aws:iam::111111111111:root', entity: 'arn:aws:iam::111111111111:root', account: '111111111111' },
    },
    {
      rule: `${DOC}: AssumedRole with sessionContext.sessionIssuer — the issuer ARN (with its path) is the entity`,
      rec: record({
        type: 'AssumedRole',
        arn: 'arn:aws:sts::222222222222:assumed-role/deploy/build-42',
        sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::222222222222:role/ci/deploy', accountId: '222222222222', userName: 'deploy' } },
      }),
      want: {
        kind: 'principal',
        principal: 'arn:aws:sts::222222222222:assumed-role/deploy/build-42',
        entity: 'arn:aws:iam::222222222222:role/ci/deploy',
        account: '222222222222',
        sessionName: 'build-42',
      },
    },
    {
      rule: `${DOC}: AssumedRole without sessionIssuer — role ARN rebuilt from the session ARN (no path known)`,
      rec: record({ type: 'AssumedRole', arn: 'arn:aws:sts::222222222222:assumed-role/deploy/build-42' }),
      want: {
        kind: 'principal',
        principal: 'arn:aws:sts::222222222222:assumed-role/deploy/build-42',
        entity: 'arn:aws:iam::222222222222:role/deploy',
        account: '222222222222',
        sessionName: 'build-42',
      },
    },
    {
      rule: `${DOC}: AssumedRole in another partition keeps the partition`,
      rec: record({ type: 'AssumedRole', arn: 'arn:aws-cn:sts::222222222222:assumed-role/deploy/s' }),
      want: { kind: 'principal', principal: 'arn:aws-cn:sts::222222222222:assumed-role/deploy/s', entity: 'arn:aws-cn:iam::222222222222:role/deploy', account: '222222222222', sessionName: 's' },
    },
    {
      rule: `${DOC}: AssumedRole Identity Center session — session name is the user name (may contain @)`,
      rec: record({ type: 'AssumedRole', arn: 'arn:aws:sts::222222222222:assumed-role/AWSReservedSSO_Admin_abc/alice@example.com' }),
      want: {
        kind: 'principal',
        principal: 'arn:aws:sts::222222222222:assumed-role/AWSReservedSSO_Admin_abc/alice@example.com',
        entity: 'arn:aws:iam::222222222222:role/AWSReservedSSO_Admin_abc',
        account: '222222222222',
        sessionName: 'alice@example.com',
      },
    },
    {
      rule: `${DOC}: FederatedUser with sessionIssuer — the issuing IAM user is the entity and sessionIssuer`,
      rec: record({
        type: 'FederatedUser',
        arn: 'arn:aws:sts::111111111111:federated-user/bob',
        sessionContext: { sessionIssuer: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/broker' } },
      }),
      want: {
        kind: 'principal',
        principal: 'arn:aws:sts::111111111111:federated-user/bob',
        entity: 'arn:aws:iam::111111111111:user/broker',
        sessionIssuer: 'arn:aws:iam::111111111111:user/broker',
        account: '111111111111',
      },
    },
    {
      rule: `${DOC}: AWSService — invokedBy names the service principal`,
      rec: record({ type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' }),
      want: { kind: 'principal', principal: 'cloudtrail.amazonaws.com', entity: 'cloudtrail.amazonaws.com' },
    },
    {
      rule: `${DOC}: SAMLUser — the provider from requestParameters.principalArn, userName as session`,
      rec: record(
        { type: 'SAMLUser', userName: 'carol', identityProvider: 'https://idp.example.com' },
        { principalArn: 'arn:aws:iam::333333333333:saml-provider/Okta', roleArn: 'arn:aws:iam::333333333333:role/sso' },
      ),
      want: {
        kind: 'principal',
        principal: 'arn:aws:iam::333333333333:saml-provider/Okta',
        entity: 'arn:aws:iam::333333333333:saml-provider/Okta',
        account: '333333333333',
        sessionName: 'carol',
      },
    },
    {
      rule: `${DOC}: WebIdentityUser accounts.google.com — named by host (IAM Principal element: federated web identity)`,
      rec: record({ type: 'WebIdentityUser', identityProvider: 'accounts.google.com' }, { roleArn: 'arn:aws:iam::444444444444:role/web' }),
      want: { kind: 'principal', principal: 'accounts.google.com', entity: 'accounts.google.com' },
    },
    {
      rule: `${DOC}: WebIdentityUser custom OIDC host — oidc-provider ARN in the role's account`,
      rec: record({ type: 'WebIdentityUser', identityProvider: 'token.actions.githubusercontent.com' }, { roleArn: 'arn:aws:iam::444444444444:role/gh' }),
      want: {
        kind: 'principal',
        principal: 'arn:aws:iam::444444444444:oidc-provider/token.actions.githubusercontent.com',
        entity: 'arn:aws:iam::444444444444:oidc-provider/token.actions.githubusercontent.com',
        account: '444444444444',
      },
    },
    {
      rule: `${DOC}: WebIdentityUser with https:// host — the scheme is stripped`,
      rec: record({ type: 'WebIdentityUser', identityProvider: 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC' }, { roleArn: 'arn:aws:iam::444444444444:role/pod' }),
      want: {
        kind: 'principal',
        principal: 'arn:aws:iam::444444444444:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC',
        entity: 'arn:aws:iam::444444444444:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC',
        account: '444444444444',
      },
    },
    {
      rule: `${DOC}: WebIdentityUser whose identityProvider is already an ARN — kept`,
      rec: record({ type: 'WebIdentityUser', identityProvider: 'arn:aws:iam::444444444444:oidc-provider/example.com' }),
      want: {
        kind: 'principal',
        principal: 'arn:aws:iam::444444444444:oidc-provider/example.com',
        entity: 'arn:aws:iam::444444444444:oidc-provider/example.com',
        account: '444444444444',
      },
    },
  ])('$rule', ({ rec, want }) => {
    expect(principalOfRecord(rec)).toEqual(want);
  });
});

describe('principalOfRecord: unidentified callers (never guessed)', () => {
  it.each([
    {
      rule: `${DOC}: FederatedUser without sessionIssuer`,
      rec: record({ type: 'FederatedUser', arn: 'arn:aws:sts::111111111111:federated-user/bob' }),
      why: /federated user .*without its session issuer/,
    },
    {
      rule: `${DOC}: SAMLUser without requestParameters.principalArn`,
      rec: record({ type: 'SAMLUser', userName: 'carol' }),
      why: /SAML provider/,
    },
    {
      rule: `${DOC}: WebIdentityUser custom host without roleArn — the provider account is unknown`,
      rec: record({ type: 'WebIdentityUser', identityProvider: 'idp.example.com' }),
      why: /identity provider/,
    },
    {
      rule: `${DOC}: AWSAccount — the copy names only the calling account`,
      rec: record({ type: 'AWSAccount', accountId: '555555555555', principalId: 'AIDAEXAMPLE' }),
      why: /only the calling account `555555555555`/,
    },
    {
      rule: `${DOC}: AWSAccount without accountId`,
      rec: record({ type: 'AWSAccount' }),
      why: /only the calling account, not its principal/,
    },
    {
      rule: `${DOC}: IdentityCenterUser — not modelled`,
      rec: record({ type: 'IdentityCenterUser', arn: 'arn:aws:identitystore:::user/abc', accountId: '111111111111' }),
      why: /`IdentityCenterUser` identity/,
    },
    {
      rule: `${DOC}: Unknown without ARN`,
      rec: record({ type: 'Unknown', principalId: 'x' }),
      why: /`Unknown` identity without an ARN/,
    },
    {
      rule: `${DOC}: IAMUser without ARN`,
      rec: record({ type: 'IAMUser', accountId: '111111111111' }),
      why: /`IAMUser` identity without an ARN/,
    },
    {
      rule: `${DOC}: AWSService without invokedBy`,
      rec: record({ type: 'AWSService' }),
      why: /`AWSService` identity without an ARN/,
    },
  ])('$rule', ({ rec, why }) => {
    const got = principalOfRecord(rec);
    expect(got.kind).toBe('unidentified');
    expect(got.kind === 'unidentified' && got.why).toMatch(why);
  });
});
