import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadServiceCatalog } from '../../../src/catalog/iam-data-catalog.js';
import { evaluateRequest } from '../../../src/core/decision/evaluate-request.js';
import { loadScenarioText } from '../../../src/loaders/scenario/load-scenario-file.js';
import { referenceEngine, type EngineInstance } from './reference-engine.js';

/**
 * The engine's speed comes from fast paths: an action index per policy, resource policies prepared
 * per caller, action and resource, hops resolved and planned once, guardrail and caller-side
 * results memoized by the context keys they read, and a shortcut for single-hop requests. Each
 * decision they give must be byte for byte the one the plain evaluation gives (decision, deciding
 * gate, every gate with its statements, residual, missing data, assumptions, hops), on the first
 * evaluation and on later ones that reuse what the first kept. The plain evaluation is a second
 * instance of the engine with the policy evaluation replaced by `reference-policy-evaluation.ts`
 * and no memo (`reference-engine.ts`).
 */
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CORPUS = join(ROOT, 'test', 'corpus');
const catalog = loadServiceCatalog();
const fast: Pick<EngineInstance, 'evaluateRequest' | 'loadScenarioText'> = { evaluateRequest, loadScenarioText };
let plain: EngineInstance;

beforeAll(async () => {
  plain = await referenceEngine();
}, 60_000);

/** Each request's decision as JSON: once on a freshly loaded estate, then again on the same objects. */
function decisionsOf(engine: Pick<EngineInstance, 'evaluateRequest' | 'loadScenarioText'>, text: string, file: string, passes: number): { names: string[]; passes: string[][] } {
  const loaded = engine.loadScenarioText(text, file, { catalog });
  const out: string[][] = [];
  for (let p = 0; p < passes; p++) out.push(loaded.requests.map((r) => JSON.stringify(engine.evaluateRequest(loaded.estate, r, { catalog }))));
  return { names: loaded.requests.map((r) => r.name ?? `${r.principal} ${r.action} ${r.resource}`), passes: out };
}

/** Compares the fast engine's passes with the plain engine's single pass; returns the decisions compared. */
function expectSameDecisions(text: string, file: string): string[] {
  const expected = decisionsOf(plain, text, file, 1);
  const actual = decisionsOf(fast, text, file, 2);
  expect(actual.names).toEqual(expected.names);
  actual.passes.forEach((pass, p) => {
    pass.forEach((json, i) => expect(json, `${file} › ${actual.names[i]} (pass ${p + 1})`).toBe(expected.passes[0]![i]));
  });
  return expected.passes[0]!.map((json) => (JSON.parse(json) as { decision: string }).decision);
}

describe('the fast paths decide byte for byte as the plain evaluation', () => {
  it('the plain engine really runs on the reference evaluation', () => {
    expect(plain.onReferenceEvaluation).toBe(true);
  });

  it('on every request of the conformance corpus, first and second evaluation', () => {
    const files = readdirSync(CORPUS, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    let compared = 0;
    for (const f of files) compared += expectSameDecisions(readFileSync(join(CORPUS, f), 'utf8'), relative(ROOT, join(CORPUS, f))).length;
    expect(compared).toBeGreaterThan(600);
  });

  it('on the example estate', () => {
    const file = 'examples/org-estate.yaml';
    expect(expectSameDecisions(readFileSync(join(ROOT, file), 'utf8'), file).length).toBeGreaterThan(10);
  });

  it('on random policies and requests over a small organization (seeded)', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(randomScenario, (scenario) => {
        for (const d of expectSameDecisions(JSON.stringify(scenario), 'random.json')) seen.set(d, (seen.get(d) ?? 0) + 1);
      }),
      { seed: 20261129, numRuns: 300 },
    );
    // The random estates reach every kind of answer, not mostly denials.
    expect([...seen.keys()].sort()).toEqual(['Allow', 'Conditional', 'ExplicitDeny', 'ImplicitDeny', 'Unknown']);
    // (random requests the service reference data refuses, an action on a resource type it does not take, are invalid and left out)
    expect([...seen.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(900);
  });
});

// ---- random scenarios ----------------------------------------------------------------------------

const ORG = 'o-aaaaaaaaaa';
const ALICE = 'arn:aws:iam::222222222222:user/alice';
const BOB = 'arn:aws:iam::333333333333:user/bob';
const APP = 'arn:aws:iam::222222222222:role/app';
const BUCKET = 'arn:aws:s3:::data';
const QUEUE = 'arn:aws:sqs:us-east-1:333333333333:q';
const KEY = 'arn:aws:kms:us-east-1:333333333333:key/k1';

const actions = fc.constantFrom<unknown>('s3:GetObject', 's3:*', 'S3:Get*', 'sqs:SendMessage', 'sqs:*', 'kms:Decrypt', 'kms:*', 'sts:AssumeRole', 'sts:TagSession', '*', ['s3:PutObject', 'sqs:SendMessage', 'kms:GenerateDataKey']);
const resources = fc.constantFrom<unknown>(
  '*',
  `${BUCKET}/*`,
  `${BUCKET}/\${aws:username}/*`,
  `${BUCKET}/\${aws:PrincipalTag/team}/*`,
  [`${BUCKET}/a*`, QUEUE],
  'arn:aws:sqs:*:333333333333:*',
  KEY,
  APP,
  'arn:aws:iam::*:role/*',
);
const principals = fc.constantFrom<unknown>(
  '*',
  { AWS: '*' },
  { AWS: '222222222222' },
  { AWS: 'arn:aws:iam::333333333333:root' },
  { AWS: APP },
  { AWS: [ALICE, 'arn:aws:sts::222222222222:assumed-role/app/s1'] },
  { Service: 'sns.amazonaws.com' },
  { AWS: 'arn:aws:iam::444444444444:user/*' },
);
const conditions = fc.constantFrom<unknown>(
  undefined,
  { StringEquals: { 'aws:PrincipalOrgID': ORG } },
  { StringEquals: { 'aws:PrincipalOrgID': 'o-bbbbbbbbbb' } },
  { StringEquals: { 'sts:ExternalId': 'x' } },
  { Bool: { 'aws:SecureTransport': 'false' } },
  { StringLike: { 'aws:username': 'a*' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { StringEquals: { 'aws:PrincipalTag/team': 'data', 'aws:ResourceAccount': '333333333333' } },
  { StringEquals: { 'kms:CallerAccount': '222222222222' } },
  { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:*' } },
  { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a', 'b'] } },
  { NotIpAddressIfExists: { 'aws:SourceIp': '192.168.0.0/16' } },
  { StringEqualsWeird: { 'aws:username': 'a' } },
);

function statements(withPrincipal: boolean): fc.Arbitrary<unknown[]> {
  const statement = fc
    .record({
      sid: fc.constantFrom(undefined, 'S1', 'S2'),
      effect: fc.constantFrom<unknown>('Allow', 'Allow', 'Deny', 'Maybe'),
      principal: principals,
      notPrincipal: fc.boolean(),
      action: actions,
      notAction: fc.boolean(),
      resource: resources,
      notResource: fc.boolean(),
      condition: conditions,
    })
    .map((s) => {
      const out: Record<string, unknown> = { Effect: s.effect };
      if (s.sid !== undefined) out.Sid = s.sid;
      if (withPrincipal) out[s.notPrincipal && s.effect === 'Deny' ? 'NotPrincipal' : 'Principal'] = s.principal;
      out[s.notAction ? 'NotAction' : 'Action'] = s.action;
      out[s.notResource ? 'NotResource' : 'Resource'] = s.resource;
      if (s.condition !== undefined) out.Condition = s.condition;
      return out;
    });
  // Half the documents also grant broadly, so that allows and residuals are common, not only denials.
  const broad = fc.constantFrom<Record<string, unknown>>(
    { Effect: 'Allow', Action: '*', Resource: '*' },
    { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } },
    { Effect: 'Allow', Action: ['s3:*', 'sqs:*', 'kms:*', 'sts:*'], Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
  );
  return fc.tuple(fc.array(statement, { minLength: 1, maxLength: 4 }), fc.option(broad, { nil: undefined })).map(([list, grant]) => {
    if (!grant) return list;
    return [...list, withPrincipal ? { ...grant, Principal: { AWS: '*' } } : grant];
  });
}

const identityPolicy = statements(false).map((Statement) => ({ Version: '2012-10-17', Statement }));
const resourcePolicy = statements(true).map((Statement) => ({ Version: '2012-10-17', Statement }));
const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 3 });

const request = fc
  .record({
    principal: fc.constantFrom(ALICE, ALICE, BOB, 'arn:aws:sts::222222222222:assumed-role/app/s1', 'arn:aws:iam::222222222222:root', 'anonymous', 'sns.amazonaws.com', 'arn:aws:iam::444444444444:user/outsider'),
    action: fc.constantFrom('s3:GetObject', 's3:PutObject', 'sqs:SendMessage', 'kms:Decrypt', 'sts:AssumeRole'),
    resource: fc.constantFrom(`${BUCKET}/alice/report.csv`, `${BUCKET}/data/x`, BUCKET, QUEUE, KEY, APP, 'not-an-arn', 'arn:aws:sqs:us-east-1:444444444444:elsewhere'),
    context: fc.constantFrom<Record<string, unknown> | undefined>(
      undefined,
      { 'aws:SourceIp': '10.1.2.3' },
      { 'aws:SecureTransport': 'false', 'sts:ExternalId': 'x' },
      { 'sts:ExternalId': null, 'aws:SourceIp': '192.168.1.1', 'aws:TagKeys': ['a'] },
    ),
    sessionTags: optional(fc.constant({ team: 'data' })),
  })
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));

const randomScenario = fc
  .record({
    scp: identityPolicy,
    rcp: resourcePolicy,
    aliceIdentity: identityPolicy,
    aliceBoundary: optional(identityPolicy),
    appIdentity: identityPolicy,
    appTrust: resourcePolicy,
    bobIdentity: identityPolicy,
    bucketPolicy: optional(resourcePolicy),
    bucketEncrypted: fc.boolean(),
    queuePolicy: resourcePolicy,
    keyPolicy: resourcePolicy,
    requests: fc.array(request, { minLength: 6, maxLength: 12 }),
  })
  .map((s) => ({
    trustmap: 'scenario/v1',
    organization: {
      id: ORG,
      managementAccount: '111111111111',
      root: { id: 'r-ab12' },
      ous: [{ id: 'ou-ab12-apps0001', name: 'Apps', parent: 'r-ab12', scps: ['FullAWSAccess', s.scp] }],
      accounts: [
        { id: '222222222222', parent: 'ou-ab12-apps0001' },
        { id: '333333333333', parent: 'r-ab12', rcps: [s.rcp] },
      ],
    },
    accounts: {
      '111111111111': { name: 'management' },
      '222222222222': {
        name: 'apps',
        users: [{ name: 'alice', tags: { team: 'data' }, policies: [s.aliceIdentity], ...(s.aliceBoundary ? { boundary: s.aliceBoundary } : {}) }],
        roles: [{ name: 'app', trustPolicy: s.appTrust, policies: [s.appIdentity] }],
      },
      '333333333333': { name: 'data', users: [{ name: 'bob', policies: [s.bobIdentity] }] },
    },
    resources: [
      {
        arn: BUCKET,
        account: '333333333333',
        region: 'us-east-1',
        ...(s.bucketPolicy ? { policy: s.bucketPolicy } : {}),
        ...(s.bucketEncrypted ? { s3: { defaultEncryption: { kmsKeyArn: KEY } } } : {}),
      },
      { arn: QUEUE, policy: s.queuePolicy, kmsKeyArn: KEY },
      { arn: KEY, policy: s.keyPolicy },
    ],
    // The same requests twice, under other names: a planned request met again and a fresh one alike.
    requests: [...s.requests, ...s.requests].map((r, i) => ({ name: `r${i}`, ...r })),
  }));
