import { describe, expect, it } from 'vitest';
import { compilePrincipalMatcher, type PrincipalElement } from '../../src/core/policy/compile-principal.js';
import type { CallerIdentity, PrincipalMatchKind } from '../../src/core/policy/principal-matcher.js';

const A = '111122223333';
const B = '444455556666';

const callers = {
  bob: { kind: 'user', accountId: A, partition: 'aws', arn: `arn:aws:iam::${A}:user/division/bob`, uniqueId: 'AIDAEXAMPLEBOB000001', canonicalId: 'canon-a' },
  session: {
    kind: 'role-session',
    accountId: A,
    partition: 'aws',
    arn: `arn:aws:sts::${A}:assumed-role/deploy/build-42`,
    roleArn: `arn:aws:iam::${A}:role/ci/deploy`,
    roleArnNoPath: `arn:aws:iam::${A}:role/deploy`,
    uniqueId: 'AROAEXAMPLEDEPLOY001',
  },
  carol: {
    kind: 'federated-user',
    accountId: A,
    partition: 'aws',
    arn: `arn:aws:sts::${A}:federated-user/carol`,
    issuerArn: `arn:aws:iam::${A}:user/division/bob`,
  },
  root: { kind: 'root', accountId: A, partition: 'aws', arn: `arn:aws:iam::${A}:root`, canonicalId: 'canon-a' },
  outsider: { kind: 'user', accountId: B, partition: 'aws', arn: `arn:aws:iam::${B}:user/eve`, uniqueId: 'AIDAEXAMPLEEVE000001' },
  chinaUser: { kind: 'user', accountId: A, partition: 'aws-cn', arn: `arn:aws-cn:iam::${A}:user/division/bob` },
  cloudtrail: { kind: 'service', partition: 'aws', arn: 'cloudtrail.amazonaws.com', serviceName: 'cloudtrail.amazonaws.com' },
  anonymous: { kind: 'anonymous', partition: 'aws', arn: '*' },
  saml: {
    kind: 'saml',
    accountId: A,
    partition: 'aws',
    arn: `arn:aws:iam::${A}:saml-provider/Okta`,
    federatedProvider: `arn:aws:iam::${A}:saml-provider/Okta`,
  },
  cognito: { kind: 'web-identity', partition: 'aws', arn: 'cognito-identity.amazonaws.com', federatedProvider: 'cognito-identity.amazonaws.com' },
} satisfies Record<string, CallerIdentity>;

type CallerName = keyof typeof callers;

function kinds(element: PrincipalElement, negated = false): Record<CallerName, PrincipalMatchKind> {
  const m = compilePrincipalMatcher(element, negated);
  const out = {} as Record<CallerName, PrincipalMatchKind>;
  for (const name of Object.keys(callers) as CallerName[]) out[name] = m.match(callers[name]);
  return out;
}

const nobody: Record<CallerName, PrincipalMatchKind> = {
  bob: 'none',
  session: 'none',
  carol: 'none',
  root: 'none',
  outsider: 'none',
  chinaUser: 'none',
  cloudtrail: 'none',
  anonymous: 'none',
  saml: 'none',
  cognito: 'none',
};
const accountA = { bob: 'account', session: 'account', carol: 'account', root: 'account' } as const;

describe('Principal element forms (docs/aws-authorization.md#principal-element-forms)', () => {
  const table: Array<[why: string, element: PrincipalElement, expected: Partial<Record<CallerName, PrincipalMatchKind>>]> = [
    ['docs/aws-authorization.md#principal-element-forms: "*" is everyone, anonymous included', '*', Object.fromEntries(Object.keys(callers).map((k) => [k, 'wildcard']))],
    ['docs/aws-authorization.md#principal-element-forms: {"AWS":"*"} ≡ "*"', { AWS: '*' }, Object.fromEntries(Object.keys(callers).map((k) => [k, 'wildcard']))],
    ['docs/aws-authorization.md#principal-element-forms, #cross-account-resource-only-not-enough: an account id names every principal of the account', { AWS: A }, { ...accountA, chinaUser: 'account' }],
    ['docs/aws-authorization.md#trust-account-principal: the root ARN names the whole account, not only the root user', { AWS: `arn:aws:iam::${A}:root` }, accountA],
    ['docs/aws-authorization.md#cross-account-resource-only-not-enough: the root ARN is partition-specific', { AWS: `arn:aws-cn:iam::${A}:root` }, { chinaUser: 'account' }],
    ['docs/aws-authorization.md#same-account-resource-policy-principal: a user ARN (with its path) names that user and the sessions it issued', { AWS: `arn:aws:iam::${A}:user/division/bob` }, { bob: 'user', carol: 'issuer' }],
    ['docs/aws-authorization.md#condition-key-case: the user-name part is case-sensitive', { AWS: `arn:aws:iam::${A}:user/division/Bob` }, {}],
    ['a user ARN without the user’s path is another user', { AWS: `arn:aws:iam::${A}:user/bob` }, {}],
    ['docs/aws-authorization.md#trust-role-arn-matches-sessions: a role ARN (with path) names its sessions', { AWS: `arn:aws:iam::${A}:role/ci/deploy` }, { session: 'role' }],
    ['docs/aws-authorization.md#trust-role-arn-matches-sessions: a role ARN without path names its sessions', { AWS: `arn:aws:iam::${A}:role/deploy` }, { session: 'role' }],
    ['docs/aws-authorization.md#principal-element-forms: a session ARN names that session', { AWS: `arn:aws:sts::${A}:assumed-role/deploy/build-42` }, { session: 'session' }],
    ['docs/aws-authorization.md#principal-element-forms: another session of the same role is not named', { AWS: `arn:aws:sts::${A}:assumed-role/deploy/build-43` }, {}],
    ['docs/aws-authorization.md#principal-element-forms: a federated-user ARN names that session', { AWS: `arn:aws:sts::${A}:federated-user/carol` }, { carol: 'session' }],
    ['docs/aws-authorization.md#principal-unique-id: AIDA unique id names the user', { AWS: 'AIDAEXAMPLEBOB000001' }, { bob: 'user' }],
    ['docs/aws-authorization.md#trust-unique-id-as-role: AROA unique id names the role’s sessions', { AWS: 'AROAEXAMPLEDEPLOY001' }, { session: 'role' }],
    ['docs/aws-authorization.md#condition-key-case: partial wildcards name nothing', { AWS: [`arn:aws:iam::${A}:role/*`, `arn:aws:iam::*:root`, `arn:aws:iam::${A}:user/*`, '1111222233*'] }, {}],
    ['docs/aws-authorization.md#principal-element-forms: service principal', { Service: 'cloudtrail.amazonaws.com' }, { cloudtrail: 'service' }],
    ['service principal names are case-insensitive', { Service: ['CloudTrail.amazonaws.com'] }, { cloudtrail: 'service' }],
    ['another service', { Service: 'sns.amazonaws.com' }, {}],
    ['{"Service":"*"} names every service principal', { Service: '*' }, { cloudtrail: 'service' }],
    ['docs/aws-authorization.md#service-principal-trust: SAML provider', { Federated: `arn:aws:iam::${A}:saml-provider/Okta` }, { saml: 'federated' }],
    ['docs/aws-authorization.md#service-principal-trust: web identity provider', { Federated: 'cognito-identity.amazonaws.com' }, { cognito: 'federated' }],
    ['docs/aws-authorization.md#principal-element-forms: canonical user', { CanonicalUser: 'canon-a' }, { bob: 'canonical-user', root: 'canonical-user' }],
    ['docs/aws-authorization.md#principal-element-forms: a group cannot be a principal', { AWS: `arn:aws:iam::${A}:group/admins` }, {}],
    ['another account', { AWS: B }, { outsider: 'account' }],
    ['docs/aws-authorization.md#principal-element-forms: arrays are OR', { AWS: [B, `arn:aws:iam::${A}:role/deploy`], Service: 'cloudtrail.amazonaws.com' }, { outsider: 'account', session: 'role', cloudtrail: 'service' }],
  ];

  it.each(table)('%s', (_why, element, expected) => {
    expect(kinds(element)).toEqual({ ...nobody, ...expected });
  });
});

describe('strongest match wins (PrincipalMatchKind order)', () => {
  it.each([
    [{ AWS: [A, `arn:aws:sts::${A}:assumed-role/deploy/build-42`, `arn:aws:iam::${A}:role/deploy`, '*'] }, 'session', 'session'],
    [{ AWS: [A, `arn:aws:iam::${A}:role/deploy`] }, 'session', 'role'],
    [{ AWS: ['*', `arn:aws:iam::${A}:role/deploy`] }, 'session', 'role'],
    [{ AWS: [A, '*'] }, 'bob', 'wildcard'],
    [{ AWS: [`arn:aws:iam::${A}:root`, `arn:aws:iam::${A}:user/division/bob`] }, 'bob', 'user'],
    [{ AWS: [A, `arn:aws:iam::${A}:user/division/bob`] }, 'carol', 'issuer'],
    [{ AWS: `arn:aws:iam::${A}:root`, CanonicalUser: 'canon-a' }, 'root', 'account'],
  ] as const)('%j for %s → %s', (element, caller, expected) => {
    expect(compilePrincipalMatcher(element, false).match(callers[caller])).toBe(expected);
  });
});

describe('NotPrincipal (docs/aws-authorization.md#not-principal, #not-principal-user-without-account)', () => {
  const exempt = (names: CallerName[]): Record<CallerName, PrincipalMatchKind> => {
    const out = {} as Record<CallerName, PrincipalMatchKind>;
    for (const name of Object.keys(callers) as CallerName[]) out[name] = names.includes(name) ? 'none' : 'not-principal';
    return out;
  };

  it('docs/aws-authorization.md#not-principal, #not-principal-user-without-account: user Bob plus his account exempts Bob (and sessions he issued) and the account root, not the account’s other principals', () => {
    expect(kinds({ AWS: [`arn:aws:iam::${A}:user/division/bob`, `arn:aws:iam::${A}:root`] }, true)).toEqual(
      exempt(['bob', 'carol', 'root']),
    );
  });

  it('docs/aws-authorization.md#not-principal-user-without-account: listing only a user exempts only that user, not the account root', () => {
    expect(kinds({ AWS: `arn:aws:iam::${A}:user/division/bob` }, true)).toEqual(exempt(['bob', 'carol']));
  });

  it('docs/aws-authorization.md#not-principal: session + role + account', () => {
    const element = { AWS: [`arn:aws:sts::${A}:assumed-role/deploy/build-42`, `arn:aws:iam::${A}:role/deploy`, A] };
    expect(kinds(element, true)).toEqual(exempt(['session', 'root']));
  });

  it('"*" exempts everyone', () => {
    expect(kinds('*', true)).toEqual(nobody);
  });

  it('a service principal is exempt only when listed', () => {
    expect(kinds({ Service: 'cloudtrail.amazonaws.com' }, true)).toEqual(exempt(['cloudtrail']));
  });
});

describe('matcher metadata', () => {
  it.each([
    ['*', true],
    [{ AWS: '*' }, true],
    [{ AWS: [A, '*'] }, true],
    [{ AWS: A }, false],
    [{ Service: '*' }, false],
  ] as const)('isWildcard of %j → %s', (element, expected) => {
    expect(compilePrincipalMatcher(element, false).isWildcard).toBe(expected);
  });

  it('lists every entry by type', () => {
    const m = compilePrincipalMatcher({ AWS: [A, `arn:aws:iam::${B}:root`], Service: 'sns.amazonaws.com' }, true);
    expect(m.negated).toBe(true);
    expect(m.entries).toEqual([
      { type: 'AWS', value: A },
      { type: 'AWS', value: `arn:aws:iam::${B}:root` },
      { type: 'Service', value: 'sns.amazonaws.com' },
    ]);
    expect(compilePrincipalMatcher('*', false).entries).toEqual([{ type: 'AWS', value: '*' }]);
  });
});
