import { describe, expect, it } from 'vitest';
import { loadServiceCatalog } from '../../../src/catalog/iam-data-catalog.js';
import { evaluateRequest } from '../../../src/core/decision/evaluate-request.js';
import { loadScenarioText } from '../../../src/loaders/scenario/load-scenario-file.js';

/** Engine regressions that the corpus format cannot state (gates, sides, assumptions, hops). */
const catalog = loadServiceCatalog();

const estate = loadScenarioText(
  `
trustmap: scenario/v1
accounts:
  "111111111111":
    users:
      - name: lister
        policies:
          - Version: "2012-10-17"
            Statement: [{ Effect: Allow, Action: ["s3:ListAllMyBuckets", "ec2:DescribeInstances"], Resource: "*" }]
      - name: nothing
      - name: reader
        policies:
          - Version: "2012-10-17"
            Statement: [{ Effect: Allow, Action: ["s3:GetObject", "kms:Decrypt"], Resource: "*" }]
resources:
  - arn: arn:aws:s3:::reports
    account: "111111111111"
    region: eu-west-1
    s3: { defaultEncryption: { kmsKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/abc" } }
    policy:
      Version: "2012-10-17"
      Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::111111111111:user/nothing" }, Action: s3:GetObject, Resource: "arn:aws:s3:::reports/*" }]
`,
  'edges.yaml',
  { catalog },
);

describe('engine edges', () => {
  it('loads', () => expect(estate.diagnostics.filter((d) => d.severity === 'error')).toEqual([]));

  it('docs/aws-authorization.md#cross-account-resource-only-not-enough, #not-action: an action on `*` is decided by the caller’s own policies alone', () => {
    const d = evaluateRequest(estate.estate, { principal: 'arn:aws:iam::111111111111:user/lister', action: 's3:ListAllMyBuckets', resource: '*' }, { catalog });
    expect(d.decision).toBe('Allow');
    expect(d.decidedBy).toBe('identity');
    const none = evaluateRequest(estate.estate, { principal: 'arn:aws:iam::111111111111:user/nothing', action: 'ec2:DescribeInstances', resource: '*' }, { catalog });
    expect(none.decision).toBe('ImplicitDeny');
    expect(none.side).toBe('caller');
  });

  it('docs/aws-authorization.md#s3-sse-kms-permissions, scenario-format "Implied actions": an object without an entry is taken to use the bucket default key, said as an assumption', () => {
    const d = evaluateRequest(estate.estate, { principal: 'arn:aws:iam::111111111111:user/reader', action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q3.csv' }, { catalog });
    expect(d.hops.map((h) => h.action)).toEqual(['s3:GetObject', 'kms:Decrypt']);
    expect(d.hops[1]!.resourceAccount).toBe('222222222222');
    // The key is referenced but not listed: its key policy is unknown (scenario-format.md).
    expect(d.decision).toBe('Unknown');
    expect(d.missing.join(' ')).toContain('key policy of arn:aws:kms:eu-west-1:222222222222:key/abc');
    expect(d.assumptions).toEqual([{ code: 'bucket-default-key', rule: 's3-sse-kms-permissions', message: expect.stringContaining("bucket's default key") }]);
    expect(d.hops[0]!.decision).toBe('Allow');
    // results.md rule 2: a gate that denies for certain wins over an unknown one.
    const denied = evaluateRequest(estate.estate, { principal: 'arn:aws:iam::111111111111:user/nothing', action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q3.csv' }, { catalog });
    expect(denied.decision).toBe('ImplicitDeny');
    expect(denied.hops[1]!.decidedBy).toBe('identity');
  });

  it('results.md: gates carry side and account; the S3 grant to the user ARN bypasses identity in the same account (docs/aws-authorization.md#same-account-resource-policy-principal)', () => {
    const d = evaluateRequest(estate.estate, { principal: 'arn:aws:iam::111111111111:user/nothing', action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q3.csv' }, { catalog });
    const main = d.hops[0]!;
    expect(main.gates.map((g) => [g.gate, g.side, g.account, g.verdict])).toEqual([
      ['identity', 'caller', '111111111111', 'no-match'],
      ['resource', 'target', '111111111111', 'allow'],
    ]);
    expect(main.decidedBy).toBe('resource');
  });
});

describe('guardrail memo (reads-memo.ts) stays exact', () => {
  const org = loadScenarioText(
    `
trustmap: scenario/v1
organization:
  id: o-memo123456
  managementAccount: "111111111111"
  root:
    id: r-memo
    scps:
      - FullAWSAccess
      - Version: "2012-10-17"
        Statement: [{ Effect: Deny, Action: "s3:*", Resource: "*", Condition: { StringNotEquals: { aws:RequestedRegion: eu-west-1 } } }]
    rcps:
      - Version: "2012-10-17"
        Statement: [{ Effect: Deny, Principal: "*", Action: "s3:*", Resource: "*", Condition: { StringNotEquals: { aws:PrincipalTag/team: data } } }]
  accounts:
    - { id: "111111111111", parent: r-memo }
    - { id: "222222222222", parent: r-memo }
accounts:
  "111111111111": {}
  "222222222222":
    users:
      - { name: d, tags: { team: data }, policies: [{ Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:*", Resource: "*" }] }] }
      - { name: o, tags: { team: ops }, policies: [{ Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:*", Resource: "*" }] }] }
resources:
  - { arn: "arn:aws:s3:::b", account: "222222222222" }
`,
    'memo.yaml',
    { catalog },
  );

  it('loads', () => expect(org.diagnostics.filter((d) => d.severity === 'error')).toEqual([]));

  it('docs/aws-authorization.md#scp-does-not-grant, #rcp-does-not-grant: the same SCP chain and RCP chain answer per context value and per caller, in any order', () => {
    const ask = (user: string, region: string | null | undefined) =>
      evaluateRequest(
        org.estate,
        { principal: `arn:aws:iam::222222222222:user/${user}`, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', ...(region !== undefined ? { context: { 'aws:RequestedRegion': region } } : {}) },
        { catalog },
      );
    const expected: Array<[string, string | null | undefined, string]> = [
      ['d', 'eu-west-1', 'Allow'],
      ['d', 'us-east-1', 'ExplicitDeny'],
      ['d', null, 'ExplicitDeny'],
      ['d', undefined, 'Conditional'],
      ['o', 'eu-west-1', 'ExplicitDeny'],
      ['d', 'eu-west-1', 'Allow'],
      ['o', undefined, 'ExplicitDeny'],
      ['d', 'us-east-1', 'ExplicitDeny'],
      ['d', undefined, 'Conditional'],
    ];
    for (const [user, region, decision] of [...expected, ...expected.reverse()]) {
      expect([user, region, ask(user, region).decision]).toEqual([user, region, decision]);
    }
  });
});

describe('caller-side memo stays exact', () => {
  const s = loadScenarioText(
    `
trustmap: scenario/v1
accounts:
  "111111111111":
    users:
      - name: u
        policies:
          - Version: "2012-10-17"
            Statement: [{ Effect: Allow, Action: "s3:GetObject", Resource: "*", Condition: { IpAddress: { aws:SourceIp: 10.0.0.0/8 } } }]
resources:
  - { arn: "arn:aws:s3:::b", account: "111111111111" }
`,
    'caller-memo.yaml',
    { catalog },
  );
  it('docs/aws-authorization.md#condition-operators: the same caller, action and resource answer per source IP, in any order', () => {
    const ask = (ip: string | null | undefined) =>
      evaluateRequest(s.estate, { principal: 'arn:aws:iam::111111111111:user/u', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', ...(ip !== undefined ? { context: { 'aws:SourceIp': ip } } : {}) }, { catalog }).decision;
    const cases: Array<[string | null | undefined, string]> = [
      ['10.1.2.3', 'Allow'],
      ['192.168.1.1', 'ImplicitDeny'],
      [undefined, 'Conditional'],
      [null, 'ImplicitDeny'],
      ['10.9.9.9', 'Allow'],
    ];
    for (const [ip, d] of [...cases, ...cases.reverse()]) expect([ip, ask(ip)]).toEqual([ip, d]);
  });
});
