import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { sameResidual } from '../../src/analyses/check-scenario.js';
import { explainRequest } from '../../src/analyses/explain/explain-request.js';
import type { Explanation, Fix } from '../../src/analyses/explain/explanation.js';
import { loadServiceCatalog } from '../../src/catalog/iam-data-catalog.js';
import { evaluateRequest } from '../../src/core/decision/evaluate-request.js';
import { loadScenarioFile, loadScenarioText } from '../../src/loaders/scenario/load-scenario-file.js';
import type { LoadedScenario, ScenarioRequest } from '../../src/loaders/scenario/scenario-types.js';
import { renderExplainText } from '../../src/reporters/explain-text.js';
import { pasteFixes } from './paste-fixes.js';

const catalog = loadServiceCatalog();
const EXAMPLE = 'examples/org-estate.yaml';
const FIXES = 'test/fixtures/explain/fixes.yaml';

interface Loaded {
  readonly file: string;
  readonly scenario: LoadedScenario;
  readonly explain: (name: string) => Explanation;
  readonly request: (name: string) => ScenarioRequest;
}

function load(file: string): Loaded {
  const scenario = loadScenarioFile(file, { catalog });
  expect(scenario.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const request = (name: string): ScenarioRequest => {
    const r = scenario.requests.find((x) => x.name === name);
    if (!r) throw new Error(`no request named ${name}`);
    return r;
  };
  return { file, scenario, request, explain: (name) => explainRequest(scenario.estate, request(name), { catalog }) };
}

const example = load(EXAMPLE);
const fixtures = load(FIXES);
const M = (n: number): string => example.scenario.requests.find((r) => r.name.startsWith(`mistake ${n}:`))!.name;

const alternatives = (e: Explanation): Fix[][] => [...new Set(e.fixes.map((f) => f.alternative))].map((n) => e.fixes.filter((f) => f.alternative === n));

/** The decoded file, edited by hand with every fix of one alternative, loaded again and evaluated. */
function pastedDecision(l: Loaded, name: string, fixes: readonly Fix[]): string {
  const doc = parse(readFileSync(l.file, 'utf8')) as Record<string, unknown>;
  const edited = loadScenarioText(JSON.stringify(pasteFixes(doc, fixes, name)), 'pasted.json', { catalog });
  expect(edited.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const request = edited.requests.find((r) => r.name === name)!;
  return evaluateRequest(edited.estate, request, { catalog }).decision;
}

describe('explain: every request of the example estate (examples/org-estate.yaml)', () => {
  it.each(example.scenario.requests.map((r) => [r.name, r] as const))('%s', (_name, request) => {
    const e = explainRequest(example.scenario.estate, request, { catalog });
    // results.md "Decisions": the explanation carries the engine's decision unchanged
    expect(e.decision.decision).toBe(request.expect);
    if (request.expect === 'Conditional' && request.expectResidual) expect(sameResidual(e.decision.residual, request.expectResidual)).toBe(true);

    // results.md "Sides and gates": the caller's account is the caller box, the resource's account the target box
    const main = e.hops[0]!;
    const caller = e.boundaries.find((b) => b.parts.includes('caller'))!;
    expect(caller.account).toBe(main.callerAccount);
    expect(caller.principals.map((p) => p.arn)).toEqual([request.principal]);
    if (main.resourceAccount !== undefined) expect(e.boundaries.find((b) => b.account === main.resourceAccount)!.parts).toContain('target');
    for (const b of e.boundaries) for (const g of b.gates) if (g.account) expect(g.account).toBe(b.account);
    // the network side is a VPC endpoint's policy (docs/aws-authorization.md#vpc-endpoint-policy)
    for (const g of e.boundaries.flatMap((b) => b.gates)) expect(g.side).toBe(g.gate === 'scp' || ['identity', 'boundary', 'session'].includes(g.gate) ? 'caller' : g.gate === 'vpc-endpoint' ? 'network' : 'target');

    const denied = e.decision.decision === 'ImplicitDeny' || e.decision.decision === 'ExplicitDeny';
    if (!denied) expect(e.fixes).toEqual([]);
    if (denied) expect(e.fixes.length + e.blockedBy.length).toBeGreaterThan(0);
    if (e.blockedBy.length > 0) expect(e.fixes).toEqual([]);
  });
});

describe('explain: fixes land in the account that can grant them, and are verified (results.md "Fixes")', () => {
  const denials = [...example.scenario.requests, ...fixtures.scenario.requests].filter((r) => r.expect === 'ImplicitDeny' || r.expect === 'ExplicitDeny');

  it.each(denials.map((r) => [r.name, r] as const))('%s', (_name, request) => {
    const estate = (example.scenario.requests.includes(request) ? example : fixtures).scenario.estate;
    const e = explainRequest(estate, request, { catalog });
    for (const f of e.fixes) {
      const hop = e.hops[f.hops[0]!]!;
      // the caller's side changes in the caller's account, the target's in the resource's (docs/aws-authorization.md#cross-account-both-sides),
      // the network's in the endpoint owner's (#vpc-endpoint-policy)
      const endpointOwner = e.decision.hops[f.hops[0]!]?.gates.find((g) => g.gate === 'vpc-endpoint')?.account;
      expect(f.account).toBe(f.side === 'caller' ? hop.callerAccount : f.side === 'network' ? endpointOwner : hop.resourceAccount);
      const statement = f.statement as { Principal?: unknown; Resource?: unknown; Action?: unknown } | undefined;
      // an endpoint policy names its principals as "*" with an aws:PrincipalArn condition, the form gateway endpoints take
      if (f.kind === 'add-statement' && f.side !== 'network') {
        expect(JSON.stringify(statement?.Principal ?? null)).not.toContain('"*"');
        expect(JSON.stringify(statement?.Principal ?? null)).not.toContain(':assumed-role/');
        const actions = [statement!.Action].flat();
        for (const h of f.hops) expect(actions).toContain(e.hops[h]!.action);
        if (f.policyKind === 'identity' || f.policyKind === 'resource') expect(statement!.Resource).toBe(e.hops[f.hops[0]!]!.resource);
        if (f.policyKind === 'key') expect(statement!.Resource).toBe('*');
        if (f.policyKind === 'trust') expect(statement!.Resource).toBeUndefined();
      }
    }
    for (const alt of alternatives(e)) expect(alt.every((f) => f.verified)).toBe(true);
  });

  it('mistake 1: the DLQ policy in prod (444444444444) must name the etl role; etl already has its grant', () => {
    const e = example.explain(M(1));
    expect(e.fixes).toHaveLength(1);
    expect(e.fixes[0]).toMatchObject({
      account: '444444444444',
      side: 'target',
      gate: 'resource',
      kind: 'add-statement',
      policy: 'arn:aws:sqs:us-east-1:444444444444:orders-dlq#policy',
      verified: true,
      statement: {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::555555555555:role/etl' },
        Action: 'sqs:SendMessage',
        Resource: 'arn:aws:sqs:us-east-1:444444444444:orders-dlq',
      },
    });
  });

  it('mistake 2: the analytics deploy role (555555555555) lacks the identity grant; the bucket already allows it', () => {
    const e = example.explain(M(2));
    expect(e.fixes).toHaveLength(1);
    expect(e.fixes[0]).toMatchObject({
      account: '555555555555',
      side: 'caller',
      gate: 'identity',
      kind: 'add-statement',
      attachedTo: 'arn:aws:iam::555555555555:role/deploy',
      newPolicy: true,
      verified: true,
      statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-ci-artifacts/app/1.4.2/app.zip' },
    });
    expect((e.fixes[0]!.statement as object as Record<string, unknown>).Principal).toBeUndefined();
  });

  it('mistake 3: the KMS hop is drawn in the key owner account (444444444444) and fixed in its key policy (docs/aws-authorization.md#kms-cross-account-both-sides, #s3-sse-kms-permissions)', () => {
    const e = example.explain(M(3));
    const key = 'arn:aws:kms:us-east-1:444444444444:key/4a4a4a4a-0000-4000-8000-000000000444';
    expect(e.hops.map((h) => [h.action, h.decision])).toEqual([
      ['s3:GetObject', 'Allow'],
      ['kms:Decrypt', 'ImplicitDeny'],
    ]);
    const owner = e.boundaries.find((b) => b.account === '444444444444')!;
    expect(owner.parts).toEqual(['target', 'key-owner']);
    expect(owner.resources.map((r) => [r.type, r.arn, r.hops])).toContainEqual(['key', key, [1]]);
    expect(owner.resources[0]!.encryptedWith).toBe(key);
    expect(owner.gates.find((g) => g.hop === 1 && g.gate === 'key-policy')).toMatchObject({ verdict: 'no-match', blocking: true, side: 'target' });
    expect(e.fixes).toEqual([
      expect.objectContaining({
        alternative: 1,
        account: '444444444444',
        side: 'target',
        gate: 'key-policy',
        hops: [1],
        kind: 'add-statement',
        policy: `${key}#policy`,
        policyKind: 'key',
        verified: true,
        verifiedDecision: 'Allow',
        statement: {
          Sid: 'AllowMlTrainingKmsDecrypt',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::555555555555:role/ml-training' },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
        },
      }),
    ]);
  });

  it('mistake 7: in one account either side can grant, so both alternatives are listed (results.md "Fixes")', () => {
    const e = example.explain(M(7));
    expect(alternatives(e).map((alt) => alt.map((f) => [f.account, f.side, f.gate]))).toEqual([
      [['888888888888', 'caller', 'identity']],
      [['888888888888', 'target', 'resource']],
    ]);
    expect(e.notes.join('\n')).toContain('SCPs never grant');
  });

  it('a cross-account denial missing both grants lists both, verified together', () => {
    const e = example.explain('analytics etl cannot read outside its prefix');
    expect(alternatives(e)).toHaveLength(1);
    expect(e.fixes.map((f) => [f.account, f.side, f.gate, f.verified])).toEqual([
      ['555555555555', 'caller', 'identity', true],
      ['444444444444', 'target', 'resource', true],
    ]);
    expect(renderExplainText(e)).toContain('apply both together: one alone does not allow the request');
  });

  it('a KMS key in a third account is its own boundary, and its hop is fixed on both sides (results.md "Sides and gates")', () => {
    const e = fixtures.explain('an object encrypted with a key of a third account needs both the key policy and carol\'s own grant');
    expect(e.boundaries.map((b) => [b.account, b.parts])).toEqual([
      ['111111111111', ['caller']],
      ['222222222222', ['target']],
      ['333333333333', ['key-owner']],
    ]);
    expect(e.hops[1]).toMatchObject({ action: 'kms:Decrypt', resourceAccount: '333333333333', decision: 'ImplicitDeny' });
    expect(e.fixes.map((f) => [f.account, f.side, f.gate, f.hops, f.verified])).toEqual([
      ['111111111111', 'caller', 'identity', [1], true],
      ['333333333333', 'target', 'key-policy', [1], true],
    ]);
  });

  it('a service principal is granted with the source the request gave (docs/aws-authorization.md#service-principal-confused-deputy), in the queue and its key policy', () => {
    const e = example.explain('another topic cannot deliver to the orders queue');
    expect(e.fixes.map((f) => [f.gate, f.hops])).toEqual([
      ['resource', [0]],
      ['key-policy', [1, 2]],
    ]);
    for (const f of e.fixes) {
      expect(f.statement).toMatchObject({
        Principal: { Service: 'sns.amazonaws.com' },
        Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:999999999999:spam' }, StringEquals: { 'aws:SourceAccount': '999999999999' } },
      });
    }
    expect((e.fixes[1]!.statement as { Action: unknown }).Action).toEqual(['kms:GenerateDataKey', 'kms:Decrypt']);
  });

  it.each([
    [EXAMPLE, 'analytics etl cannot read outside its prefix'],
    [EXAMPLE, M(1)],
    [EXAMPLE, M(2)],
    [EXAMPLE, M(3)],
    [EXAMPLE, M(7)],
    [EXAMPLE, 'another topic cannot deliver to the orders queue'],
    ...fixtures.scenario.requests.map((r) => [FIXES, r.name] as [string, string]),
  ])('pasted by hand into %s, the fixes for "%s" allow it', (file, name) => {
    const l = file === EXAMPLE ? example : fixtures;
    const e = l.explain(name);
    for (const alt of alternatives(e)) {
      expect(pastedDecision(l, name, alt)).toBe(alt[0]!.verifiedDecision);
      expect(['Allow', 'Conditional']).toContain(alt[0]!.verifiedDecision);
    }
  });

  it('the estate is not changed by trying fixes', () => {
    const request = example.request(M(3));
    const before = JSON.stringify(evaluateRequest(example.scenario.estate, request, { catalog }));
    const key = example.scenario.estate.resources.get('arn:aws:kms:us-east-1:444444444444:key/4a4a4a4a-0000-4000-8000-000000000444')!;
    const policy = key.policy;
    example.explain(M(3));
    expect(example.scenario.estate.resources.get(key.arn)).toBe(key);
    expect(key.policy).toBe(policy);
    expect(JSON.stringify(evaluateRequest(example.scenario.estate, request, { catalog }))).toBe(before);
  });
});

describe('explain: explicit denies are narrowed or removed, naming the statement (docs/aws-authorization.md#explicit-deny-wins)', () => {
  it('a Deny in the target account\'s queue policy keeps its Sid and exempts the caller by aws:PrincipalArn', () => {
    const e = fixtures.explain('a cross-account deny in the queue policy is narrowed for carol, and the missing grant added');
    const replace = e.fixes.find((f) => f.kind === 'replace-statement')!;
    expect(replace).toMatchObject({ account: '222222222222', side: 'target', policy: 'arn:aws:sqs:us-east-1:222222222222:jobs#policy', current: { index: 1, sid: 'DenyOtherAccounts' }, verified: true });
    expect(replace.statement).toMatchObject({
      Sid: 'DenyOtherAccounts',
      Effect: 'Deny',
      Condition: { StringNotEquals: { 'aws:PrincipalAccount': '222222222222' }, ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/carol' } },
    });
    expect(e.fixes.find((f) => f.kind === 'add-statement')).toMatchObject({ account: '222222222222', gate: 'resource' });
  });

  it('a Deny in the caller\'s own policy listing several actions loses only this one', () => {
    const e = fixtures.explain("carol's own deny lists the action among others");
    const replace = e.fixes.find((f) => f.kind === 'replace-statement')!;
    expect(replace).toMatchObject({ account: '111111111111', side: 'caller', gate: 'identity', current: { sid: 'NoDeletes' } });
    expect(replace.statement).toEqual({ Sid: 'NoDeletes', Effect: 'Deny', Action: ['s3:DeleteBucket'], Resource: '*' });
  });

  it('a Deny on a wildcard action is removed', () => {
    const e = fixtures.explain("carol's own deny is a wildcard");
    expect(e.fixes.filter((f) => f.kind === 'remove-statement').map((f) => [f.policy, f.current?.index, f.current?.sid])).toContainEqual([
      'arn:aws:iam::111111111111:user/carol#inline-0',
      2,
      'NoSecrets',
    ]);
  });
});

describe('explain: what no policy statement in either account can fix', () => {
  it('the SCP region denial goes to blockedBy, unfixable, with its policy, OU and statement (docs/aws-authorization.md#scp-does-not-grant)', () => {
    const e = example.explain('the region guardrail denies prod deploys outside approved regions');
    expect(e.fixes).toEqual([]);
    expect(e.blockedBy).toEqual([
      expect.objectContaining({
        guardrail: 'scp',
        account: '444444444444',
        policy: 'scp:DenyUnapprovedRegions@ou-ex01-workloads',
        targetId: 'ou-ex01-workloads',
        ou: 'Workloads',
        statement: expect.objectContaining({ index: 0, sid: 'DenyOutsideApprovedRegions' }),
        unfixable: 'organization guardrail',
      }),
    ]);
    expect(renderExplainText(e)).toContain('unfixable: no IAM change in either account can fix it');
  });

  it('the data perimeter RCP blocks on the target side, for the object and its key (docs/aws-authorization.md#rcp-does-not-grant)', () => {
    const e = example.explain('the data perimeter RCP keeps the vendor off production data');
    expect(e.blockedBy.map((b) => [b.guardrail, b.hop, b.account, b.policy])).toEqual([
      ['rcp', 0, '444444444444', 'rcp:DataPerimeterRcp@ou-ex01-workloads'],
      ['rcp', 1, '444444444444', 'rcp:DataPerimeterRcp@ou-ex01-workloads'],
    ]);
  });

  it('an SCP level without an Allow blocks too, naming the policies attached there', () => {
    const e = fixtures.explain("the lab OU's allow-list SCP has no Allow for EC2");
    expect(e.blockedBy).toEqual([expect.objectContaining({ guardrail: 'scp', policy: 'scp:LabAllowS3Only@ou-fix0-lab', targetName: 'Lab', unfixable: 'organization guardrail' })]);
    expect(e.blockedBy[0]!.statement).toBeUndefined();
  });

  it.each([
    ['deleting a key of another account never works across accounts', 'never effective across accounts'],
    ['an anonymous caller is never given a public grant', 'never proposes'],
    ['the root user cannot assume a role', 'cannot assume a role'],
  ])('%s: no fix, a note says why', (name, words) => {
    const e = fixtures.explain(name);
    expect(e.fixes).toEqual([]);
    expect(e.notes.join('\n')).toContain(words);
  });
});

describe('explain: decisions that are not denials', () => {
  it('the Conditional CloudTrail request prints its residual instead of a fix (results.md)', () => {
    const e = example.explain('CloudTrail delivery without the request facts is allowed only for the org trail');
    expect(e.fixes).toEqual([]);
    expect(e.decision.residual).toEqual([{ StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail' } }]);
    const text = renderExplainText(e);
    expect(text).toContain('Allowed if (AWS condition syntax');
    expect(text).toContain('"aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail"');
    expect(text).not.toContain('How to allow it');
  });

  it('a fix that leaves the caller a condition to meet is verified with that residual', () => {
    const e = fixtures.explain("dave's grant needs MFA, and the queue of the other account has no policy");
    expect(e.fixes).toEqual([expect.objectContaining({ account: '222222222222', newPolicy: true, verified: true, verifiedDecision: 'Conditional', verifiedResidual: [{ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }] })]);
  });

  it.each([
    [4, 'names the whole account 333333333333'],
    [5, 'without `sts:ExternalId`'],
    [6, 'no aws:SourceArn or aws:SourceAccount condition'],
    [8, 'grants to every principal (`*`), anonymous callers included'],
  ])('mistake %i is allowed, and the notes say how wide the granting statement is', (n, words) => {
    const e = example.explain(M(n));
    expect(e.decision.decision).toBe('Allow');
    expect(e.decidingStatements.length).toBeGreaterThan(0);
    expect(e.notes.join('\n')).toContain(words);
  });

  it('a narrowly scoped allow has no such note', () => {
    expect(example.explain('central CI assumes the prod deploy role').notes).toEqual([]);
  });
});

describe('explain: no fix is verified while a statement that cannot be read could change the answer', () => {
  const FILE = 'broken-explain.yaml';
  const text = `trustmap: scenario/v1
accounts:
  "111111111111":
    users:
      - name: star-get
        policies:
          - Version: "2012-10-17"
            Statement:
              - { Effect: Allow, Action: "*:GetObject", Resource: "arn:aws:s3:::b/*" }
      - name: broken-deny
        policies:
          - Version: "2012-10-17"
            Statement:
              - { Effect: Deny, Action: "*:*", Resource: "arn:aws:s3:::b/*" }
resources:
  - { arn: "arn:aws:s3:::b", account: "111111111111", region: us-east-1 }
  - { arn: "arn:aws:s3:::c", account: "111111111111", region: us-east-1 }
`;
  const loaded = loadScenarioText(text, FILE, { catalog });
  const explain = (user: string, action: string, resource: string): Explanation =>
    explainRequest(loaded.estate, { principal: `arn:aws:iam::111111111111:user/${user}`, action, resource }, { catalog });

  it('an unreadable Allow (`*:GetObject`) that could grant the request: Unknown, naming the statement, and no verified fix', () => {
    const e = explain('star-get', 's3:GetObject', 'arn:aws:s3:::b/key');
    expect(e.decision.decision).toBe('Unknown');
    expect(e.decision.missing.join('\n')).toContain(`${FILE}:9, /accounts/111111111111/users/0/policies/0/Statement/0`);
    expect(e.fixes.filter((f) => f.verified)).toEqual([]);
    // A request its readable Resource rules out keeps its answer, and its fix stays verified.
    const other = explain('star-get', 's3:GetObject', 'arn:aws:s3:::c/key');
    expect(other.decision.decision).toBe('ImplicitDeny');
    expect(other.fixes.some((f) => f.verified)).toBe(true);
  });

  it('an unreadable Deny (`*:*`) that could deny once a grant is added: the grants are offered unverified, and the note names the statement', () => {
    const e = explain('broken-deny', 's3:GetObject', 'arn:aws:s3:::b/key');
    expect(e.decision.decision).toBe('ImplicitDeny');
    expect(e.fixes.length).toBeGreaterThan(0);
    expect(e.fixes.filter((f) => f.verified)).toEqual([]);
    expect(e.fixes.every((f) => f.verifiedDecision === 'Unknown')).toBe(true);
    expect(e.notes.join('\n')).toContain(`${FILE}:14, /accounts/111111111111/users/1/policies/0/Statement/0`);
  });
});
