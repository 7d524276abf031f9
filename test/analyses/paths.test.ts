import { describe, expect, it } from 'vitest';
import { NO_EXTERNAL_ID_NOTE, ROLE_CHAINING_NOTE } from '../../src/analyses/access-graph/edge-notes.js';
import { findPaths, type PathsResult } from '../../src/analyses/paths/find-paths.js';
import type { GivenValue } from '../../src/core/decision/request.js';
import { ARN, EXAMPLE, fixture, graphOf } from './access-graph-helpers.js';

function paths(from: string, to: string, action: string, opts: { maxHops?: number; file?: string; context?: Record<string, GivenValue> } = {}): PathsResult {
  const g = graphOf(opts.file ?? EXAMPLE, opts.context);
  return findPaths(g, g.node(from)!, to, { action, ...(opts.maxHops !== undefined ? { maxHops: opts.maxHops } : {}) });
}

/** `ci-runner > deploy | deploy sts:AssumeRole Allow` — the roles of each hop, then the request. */
function shape(r: PathsResult): string[] {
  const short = (id: string): string => id.split(/[/:]/).pop()!;
  return r.paths.map((p) => [...p.chain.map((e) => `${short(e.from)}>${short(e.to)}`), `${short(p.requester.id)} ${p.final.action} ${p.decision}`].join(' | '));
}

describe('trustmap paths on the example estate', () => {
  it.each([
    ['CI assumes the prod deploy role (docs/aws-authorization.md#cross-account-assume-role)', ARN.ciRunner, ARN.prodDeploy, 'sts:AssumeRole', ['ci-runner sts:AssumeRole Allow']],
    ['CI reaches legacy-admin through the root trust (mistake 4, docs/aws-authorization.md#trust-account-principal)', ARN.ciRunner, ARN.legacyAdmin, 'sts:AssumeRole', ['ci-runner sts:AssumeRole Allow']],
    ['the vendor integration role reaches acme-monitoring without an external id (mistake 5, docs/aws-authorization.md#sts-external-id)', ARN.vendor, ARN.acmeMonitoring, 'sts:AssumeRole', ['integration sts:AssumeRole Allow']],
    ['the security auditor reaches the prod audit role (docs/aws-authorization.md#cross-account-assume-role)', ARN.auditor, ARN.audit, 'sts:AssumeRole', ['auditor sts:AssumeRole Allow']],
    [
      'GitHub OIDC reaches prod deploy through ci-runner, under the token conditions (docs/aws-authorization.md#service-principal-trust, #trust-role-arn-matches-sessions)',
      ARN.provider,
      ARN.prodDeploy,
      'sts:AssumeRole',
      ['token.actions.githubusercontent.com>ci-runner | ci-runner sts:AssumeRole Conditional'],
    ],
    ['CI publishes to the prod topic as prod deploy: a chain, then the request', ARN.ciRunner, 'arn:aws:sns:us-east-1:444444444444:orders', 'sns:Publish', ['ci-runner>deploy | deploy sns:Publish Allow', 'ci-runner>legacy-admin | legacy-admin sns:Publish Allow']],
    ['CI reads the public sandbox datasets through either prod role', ARN.ciRunner, 'arn:aws:s3:::example-sandbox-datasets/train.csv', 's3:GetObject', ['ci-runner>deploy | deploy s3:GetObject Allow', 'ci-runner>legacy-admin | legacy-admin s3:GetObject Allow']],
  ])('%s', (_name, from, to, action, expected) => {
    expect(shape(paths(from, to, action))).toEqual(expected);
  });

  it('a chained hop carries the one-hour note (docs/aws-authorization.md#role-chaining-one-hour)', () => {
    const r = paths(ARN.ciRunner, 'arn:aws:sns:us-east-1:444444444444:orders', 'sns:Publish');
    expect(r.paths[0]!.chain[0]!.notes).toContain(ROLE_CHAINING_NOTE);
  });

  it('the final assumption keeps its notes: the vendor trust has no sts:ExternalId (docs/aws-authorization.md#sts-external-id)', () => {
    expect(paths(ARN.vendor, ARN.acmeMonitoring, 'sts:AssumeRole').paths[0]!.finalNotes).toContain(NO_EXTERNAL_ID_NOTE);
  });

  it('the last hop is the resource request with its implied KMS hop (docs/aws-authorization.md#s3-sse-kms-permissions)', () => {
    const r = paths(ARN.ciRunner, ARN.report, 's3:GetObject');
    expect(shape(r)).toEqual(['ci-runner>legacy-admin | legacy-admin s3:GetObject Allow']);
    const final = r.paths[0]!.final;
    expect(final.hops.map((h) => [h.action, h.resource, h.decision])).toEqual([
      ['s3:GetObject', ARN.report, 'Allow'],
      ['kms:Decrypt', ARN.dataLakeKey, 'Allow'],
    ]);
  });

  it('each hop shows its gates: the root-trust hop is granted by the trust policy on the target side', () => {
    const edge = paths(ARN.ciRunner, ARN.report, 's3:GetObject').paths[0]!.chain[0]!;
    expect(edge.detail.decidedBy).toBe('trust');
    expect(edge.detail.gates.find((g) => g.gate === 'trust')).toMatchObject({ side: 'target', account: '444444444444', verdict: 'allow' });
  });

  it('no path: the direct answer says why — the data perimeter RCP denies the vendor (docs/aws-authorization.md#organizations-policies)', () => {
    const r = paths(ARN.vendor, ARN.report, 's3:GetObject');
    expect(r.paths).toEqual([]);
    expect(r.direct).toMatchObject({ decision: 'ExplicitDeny', decidedBy: 'rcp' });
  });

  it('no path for ml-training: the key policy does not let it decrypt (mistake 3, docs/aws-authorization.md#s3-sse-kms-permissions)', () => {
    const r = paths(ARN.mlTraining, ARN.features, 's3:GetObject');
    expect(r.paths).toEqual([]);
    expect(r.direct?.decision).toBe('ImplicitDeny');
  });

  it('--max-hops 0 asks about direct access only', () => {
    expect(paths(ARN.ciRunner, 'arn:aws:sns:us-east-1:444444444444:orders', 'sns:Publish', { maxHops: 0 }).paths).toEqual([]);
  });

  it('context given on the command line settles the residual of every hop', () => {
    const context = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:example-corp/api:ref:refs/heads/main' };
    expect(shape(paths(ARN.provider, ARN.prodDeploy, 'sts:AssumeRole', { context }))).toEqual(['token.actions.githubusercontent.com>ci-runner | ci-runner sts:AssumeRole Allow']);
  });

  it('a cycle terminates: alice reaches the reports through a → b → c, and the a ⇄ b cycle is walked once', () => {
    const r = paths('arn:aws:iam::111111111111:user/alice', 'arn:aws:s3:::cycle-reports/q1.csv', 's3:GetObject', { file: fixture('cycle.yaml'), maxHops: 10 });
    expect(shape(r)).toEqual(['alice>a | a>b | b>c | c s3:GetObject Allow']);
  });
});
