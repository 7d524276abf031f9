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

describe('Principal element forms (spec §11)', () => {
  const table: Array<[why: string, element: PrincipalElement, expected: Partial<Record<CallerName, PrincipalMatchKind>>]> = [
    ['spec §11: "*" is everyone, anonymous included', '*', Object.fromEntries(Object.keys(callers).map((k) => [k, 'wildcard']))],
    ['spec §11: {"AWS":"*"} ≡ "*"', { AWS: '*' }, Object.fromEntries(Object.keys(callers).map((k) => [k, 'wildcard']))],
    ['spec §11, §4.3: an account id names every principal of the account', { AWS: A }, { ...accountA, chinaUser: 'account' }],
    ['spec §5.3: the root ARN names the whole account, not only the root user', { AWS: `arn:aws:iam::${A}:root` }, accountA],
    ['spec §4.3: the root ARN is partition-specific', { AWS: `arn:aws-cn:iam::${A}:root` }, { chinaUser: 'account' }],
    ['spec §3.2: a user ARN (with its path) names that user and the sessions it issued', { AWS: `arn:aws:iam::${A}:user/division/bob` }, { bob: 'user', carol: 'issuer' }],
    ['spec §9.8: the user-name part is case-sensitive', { AWS: `arn:aws:iam::${A}:user/division/Bob` }, {}],
    ['a user ARN without the user’s path is another user', { AWS: `arn:aws:iam::${A}:user/bob` }, {}],
    ['spec §5.4: a role ARN (with path) names its sessions', { AWS: `arn:aws:iam::${A}:role/ci/deploy` }, { session: 'role' }],
    ['spec §5.4: a role ARN without path names its sessions', { AWS: `arn:aws:iam::${A}:role/deploy` }, { session: 'role' }],
    ['spec §11: a session ARN names that session', { AWS: `arn:aws:sts::${A}:assumed-role/deploy/build-42` }, { session: 'session' }],
    ['spec §11: another session of the same role is not named', { AWS: `arn:aws:sts::${A}:assumed-role/deploy/build-43` }, {}],
    ['spec §11: a federated-user ARN names that session', { AWS: `arn:aws:sts::${A}:federated-user/carol` }, { carol: 'session' }],
    ['spec §5.9: AIDA unique id names the user', { AWS: 'AIDAEXAMPLEBOB000001' }, { bob: 'user' }],
    ['spec §14.15: AROA unique id names the role’s sessions', { AWS: 'AROAEXAMPLEDEPLOY001' }, { session: 'role' }],
    ['spec §9.8: partial wildcards name nothing', { AWS: [`arn:aws:iam::${A}:role/*`, `arn:aws:iam::*:root`, `arn:aws:iam::${A}:user/*`, '1111222233*'] }, {}],
    ['spec §11: service principal', { Service: 'cloudtrail.amazonaws.com' }, { cloudtrail: 'service' }],
    ['service principal names are case-insensitive', { Service: ['CloudTrail.amazonaws.com'] }, { cloudtrail: 'service' }],
    ['another service', { Service: 'sns.amazonaws.com' }, {}],
    ['{"Service":"*"} names every service principal', { Service: '*' }, { cloudtrail: 'service' }],
    ['spec §5.10: SAML provider', { Federated: `arn:aws:iam::${A}:saml-provider/Okta` }, { saml: 'federated' }],
    ['spec §5.10: web identity provider', { Federated: 'cognito-identity.amazonaws.com' }, { cognito: 'federated' }],
    ['spec §11: canonical user', { CanonicalUser: 'canon-a' }, { bob: 'canonical-user', root: 'canonical-user' }],
    ['spec §11: a group cannot be a principal', { AWS: `arn:aws:iam::${A}:group/admins` }, {}],
    ['another account', { AWS: B }, { outsider: 'account' }],
    ['spec §11: arrays are OR', { AWS: [B, `arn:aws:iam::${A}:role/deploy`], Service: 'cloudtrail.amazonaws.com' }, { outsider: 'account', session: 'role', cloudtrail: 'service' }],
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

describe('NotPrincipal (spec §9.12, §14.4)', () => {
  const exempt = (names: CallerName[]): Record<CallerName, PrincipalMatchKind> => {
    const out = {} as Record<CallerName, PrincipalMatchKind>;
    for (const name of Object.keys(callers) as CallerName[]) out[name] = names.includes(name) ? 'none' : 'not-principal';
    return out;
  };

  it('spec §9.12, §14.4: user Bob plus his account exempts Bob (and sessions he issued) and the account root, not the account’s other principals', () => {
    expect(kinds({ AWS: [`arn:aws:iam::${A}:user/division/bob`, `arn:aws:iam::${A}:root`] }, true)).toEqual(
      exempt(['bob', 'carol', 'root']),
    );
  });

  it('spec §14.4: listing only a user exempts only that user, not the account root', () => {
    expect(kinds({ AWS: `arn:aws:iam::${A}:user/division/bob` }, true)).toEqual(exempt(['bob', 'carol']));
  });

  it('spec §9.12: session + role + account', () => {
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
