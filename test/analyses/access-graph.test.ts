import { describe, expect, it } from 'vitest';
import { CARRIED_OVER_NOTE, NO_EXTERNAL_ID_NOTE, ROLE_CHAINING_NOTE, UNKNOWN_SOURCE_NOTE } from '../../src/analyses/access-graph/edge-notes.js';
import { chainsFrom, reachableFrom, reachersOf } from '../../src/analyses/access-graph/reachability.js';
import { ARN, EXAMPLE, fixture, graphOf } from './access-graph-helpers.js';

describe('access graph edges on the example estate (docs/aws-authorization.md#cross-account-assume-role–docs/aws-authorization.md#trust-role-arn-matches-sessions)', () => {
  it.each([
    // from, to, action, decision — each edge evaluated by the full engine
    [ARN.ciRunner, ARN.prodDeploy, 'sts:AssumeRole', 'Allow', 'docs/aws-authorization.md#cross-account-assume-role: the trust names the CI role and its policy allows sts:AssumeRole on deploy'],
    [ARN.ciRunner, ARN.analyticsDeploy, 'sts:AssumeRole', 'Allow', 'docs/aws-authorization.md#cross-account-assume-role'],
    [ARN.ciRunner, ARN.legacyAdmin, 'sts:AssumeRole', 'Allow', 'docs/aws-authorization.md#trust-account-principal: legacy-admin trusts the whole CI account (mistake 4)'],
    [ARN.auditor, ARN.audit, 'sts:AssumeRole', 'Allow', 'docs/aws-authorization.md#cross-account-assume-role: the security auditor assumes the prod audit role'],
    [ARN.vendor, ARN.acmeMonitoring, 'sts:AssumeRole', 'Allow', 'docs/aws-authorization.md#sts-external-id: the vendor needs no external id (mistake 5)'],
    [ARN.provider, ARN.ciRunner, 'sts:AssumeRoleWithWebIdentity', 'Conditional', 'docs/aws-authorization.md#service-principal-trust: a web identity provider of the estate'],
    ['glue.amazonaws.com', ARN.etl, 'sts:AssumeRole', 'Allow', 'docs/aws-authorization.md#service-principal-trust: a service principal in a trust policy'],
  ])('%s → %s: %s %s (%s)', (from, to, action, decision) => {
    const g = graphOf(EXAMPLE);
    const edge = g.edgesFrom(from).find((e) => e.to === to);
    expect(edge?.action).toBe(action);
    expect(edge?.decision).toBe(decision);
    expect(g.edgesInto(to).some((e) => e.from === from && e.decision === decision)).toBe(true);
  });

  it('a Conditional edge carries its residual: the token conditions of the OIDC trust', () => {
    const edge = graphOf(EXAMPLE).edgesFrom(ARN.provider)[0]!;
    expect(edge.residual).toEqual([
      { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:example-corp/*:ref:refs/heads/main' } },
    ]);
    expect(edge.chained).toBe(false);
  });

  it('a role assuming itself adds no reach: the auditor\'s own trust (its account, with MFA) gives no self-edge (docs/aws-authorization.md#role-self-assumption)', () => {
    const g = graphOf(EXAMPLE);
    expect(g.edgesFrom(ARN.auditor).map((e) => e.to)).toEqual([ARN.audit]);
  });

  it('a hop from a role session is role chaining: one hour at most (docs/aws-authorization.md#role-chaining-one-hour), transitive tags and source identity carried over (docs/aws-authorization.md#session-tags-require-tag-session, #source-identity)', () => {
    const g = graphOf(EXAMPLE);
    const chained = g.edgesFrom(ARN.ciRunner).find((e) => e.to === ARN.prodDeploy)!;
    expect(chained.chained).toBe(true);
    expect(chained.notes).toEqual(expect.arrayContaining([ROLE_CHAINING_NOTE, CARRIED_OVER_NOTE]));
    const first = g.edgesFrom(ARN.provider)[0]!;
    expect(first.notes).not.toContain(ROLE_CHAINING_NOTE);
  });

  it('a trust from outside the organization without sts:ExternalId is noted (docs/aws-authorization.md#sts-external-id)', () => {
    const edge = graphOf(EXAMPLE).edgesInto(ARN.acmeMonitoring).find((e) => e.from === ARN.vendor)!;
    expect(edge.notes).toContain(NO_EXTERNAL_ID_NOTE);
  });

  it('an explicitly or implicitly denied assumption is no edge: the developer role is reachable from nobody (docs/aws-authorization.md#trust-account-principal)', () => {
    const g = graphOf(EXAMPLE);
    expect(g.edgesInto(ARN.developer)).toEqual([]);
  });

  it('every edge carries the engine decision with both sides\' gates', () => {
    const edge = graphOf(EXAMPLE).edgesFrom(ARN.ciRunner).find((e) => e.to === ARN.prodDeploy)!;
    const sides = new Set(edge.detail.gates.map((g) => `${g.gate}/${g.side}`));
    expect(sides).toEqual(new Set(['identity/caller', 'scp/caller', 'trust/target', 'rcp/target']));
  });

  it('start nodes: users, roles, providers, then the service principals and outsiders that trust policies name', () => {
    const kinds = graphOf(EXAMPLE).startNodes().reduce<Record<string, number>>((acc, n) => ({ ...acc, [n.kind]: (acc[n.kind] ?? 0) + 1 }), {});
    // The four IAM Identity Center roles and their SAML providers count among them.
    expect(kinds).toEqual({ role: 16, user: 1, provider: 5, service: 3 });
  });
});

describe('lazy expansion of account-root trusts (docs/aws-authorization.md#trust-account-principal)', () => {
  const sharedAdmin = 'arn:aws:iam::111111111111:role/shared-admin';

  it('only principals of the trusted account whose identity policies allow sts:AssumeRole on the role appear', () => {
    const g = graphOf(fixture('root-trust.yaml'));
    const from = g.edgesInto(sharedAdmin).map((e) => e.from).sort();
    expect(from).toEqual(['arn:aws:iam::222222222222:role/allowed', 'arn:aws:iam::222222222222:role/wildcard', 'arn:aws:iam::222222222222:user/bob']);
  });

  it('asks the engine only about the candidates the action index gives (storage, elsewhere and carol are never evaluated; denied is, and is refused)', () => {
    const g = graphOf(fixture('root-trust.yaml'));
    g.edgesInto(sharedAdmin);
    expect(g.evaluationCount).toBe(4);
    expect(g.decide(g.node('arn:aws:iam::222222222222:role/denied')!, 'sts:AssumeRole', sharedAdmin).decision).toBe('ExplicitDeny');
  });

  it('a user gets the permission from a group (docs/aws-authorization.md#group-policies-apply-to-members)', () => {
    const g = graphOf(fixture('root-trust.yaml'));
    expect(g.edgesFrom('arn:aws:iam::222222222222:user/bob').map((e) => e.to)).toEqual([sharedAdmin]);
  });

  it('an account outside the estate becomes one outside node, an Unknown edge with its missing data and the trust residual', () => {
    const g = graphOf(fixture('root-trust.yaml'));
    const edges = g.edgesInto('arn:aws:iam::111111111111:role/partner-access');
    const byFrom = new Map(edges.map((e) => [e.from, e]));
    expect([...byFrom.keys()].sort()).toEqual(['arn:aws:iam::777777777777:role/sync', 'arn:aws:iam::777777777777:root']);
    const account = byFrom.get('arn:aws:iam::777777777777:root')!;
    expect(account.decision).toBe('Unknown');
    expect(account.missing[0]).toBe('the identity policies of the caller, any principal of account 777777777777 (not in the estate)');
    expect(account.residual).toEqual([{ StringEquals: { 'sts:ExternalId': 'partner-7f3a' } }]);
    expect(account.notes).toContain(UNKNOWN_SOURCE_NOTE);
    expect(g.node('arn:aws:iam::777777777777:root')).toMatchObject({ kind: 'outside', permissionsUnknown: true, label: 'any principal of 777777777777' });
  });

  it('outside nodes are start nodes too', () => {
    const ids = graphOf(fixture('root-trust.yaml')).startNodes().filter((n) => n.kind === 'outside').map((n) => n.id).sort();
    expect(ids).toEqual(['arn:aws:iam::777777777777:role/sync', 'arn:aws:iam::777777777777:root']);
  });
});

describe('reachability terminates on cycles (visited sets, breadth-first)', () => {
  const a = 'arn:aws:iam::111111111111:role/a';
  const b = 'arn:aws:iam::111111111111:role/b';
  const c = 'arn:aws:iam::111111111111:role/c';
  const alice = 'arn:aws:iam::111111111111:user/alice';

  it('forward: alice reaches a, then b, then c, each once, shortest chain first', () => {
    const reach = reachableFrom(graphOf(fixture('cycle.yaml')), alice, { maxHops: 10 });
    expect(reach.map((r) => [r.node.id, r.chain.length])).toEqual([
      [alice, 0],
      [a, 1],
      [b, 2],
      [c, 3],
    ]);
  });

  it('backward: who reaches c, each once', () => {
    const reach = reachersOf(graphOf(fixture('cycle.yaml')), c, { maxHops: 10 });
    expect(reach.map((r) => [r.node.id, r.chain.length])).toEqual([
      [c, 0],
      [b, 1],
      [a, 2],
      [alice, 3],
    ]);
    expect(reach[3]!.chain.map((e) => e.to)).toEqual([a, b, c]);
  });

  it('every simple chain: the cycle a → b → a is never walked twice', () => {
    const chains = [...chainsFrom(graphOf(fixture('cycle.yaml')), a, { maxHops: 10, limit: 100 })];
    expect(chains.map((r) => r.chain.map((e) => e.to.split('/').pop()).join('>'))).toEqual(['', 'b', 'b>c']);
  });

  it('maxHops bounds the search', () => {
    expect(reachableFrom(graphOf(fixture('cycle.yaml')), alice, { maxHops: 1 }).map((r) => r.node.id)).toEqual([alice, a]);
  });
});
