import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadServiceCatalog } from '../../../src/catalog/iam-data-catalog.js';
import { evaluateRequest } from '../../../src/core/decision/evaluate-request.js';
import { loadScenarioText } from '../../../src/loaders/scenario/load-scenario-file.js';

/**
 * Engine regressions the corpus format cannot state. A corpus case pins the decision, the
 * deciding gate and side, the residual and the assumption codes of the whole request; this file
 * pins only what lies below that:
 * - the hops of a request with an implied action (their actions, the resource account of the
 *   implied hop, each hop's own decision and deciding gate), the gates of one hop with their side,
 *   account and verdict, the text of `missing`, and an assumption's rule and message (the corpus
 *   pins only its code): asked of corpus cases of
 *   test/corpus/decision-order/unknown-data.yaml, which pin their decisions;
 * - that the guardrail and caller-side memos answer the same questions the same way in any order
 *   and repeated, where the corpus asks each request once, in file order.
 */
const catalog = loadServiceCatalog();

const UNKNOWN_DATA = 'test/corpus/decision-order/unknown-data.yaml';
const unknownData = loadScenarioText(readFileSync(fileURLToPath(new URL(`../../../${UNKNOWN_DATA}`, import.meta.url)), 'utf8'), UNKNOWN_DATA, { catalog });
/** A request of unknown-data.yaml by its name; the corpus pins its decision, gate, side and assumptions. */
const corpusRequest = (name: string) => {
  const request = unknownData.requests.find((r) => r.name === name);
  if (request === undefined) throw new Error(`${UNKNOWN_DATA} has no request named \`${name}\``);
  return request;
};
const DEFAULT_KEY_READ = 'reading an object under a bucket default key of an account outside the estate — Unknown';
const KMS_HOP_DENIED = "the S3 grant allows the read, but the caller's own policies certainly refuse the implied kms:Decrypt across accounts — ImplicitDeny despite the unknown key";

describe('engine edges: hops, gates and missing of corpus cases', () => {
  it('docs/aws-authorization.md#s3-sse-kms-permissions, scenario-format "Implied actions": an object without an entry implies kms:Decrypt on the bucket default key, a hop into the key\'s account, whose unknown key policy is named in `missing`; the assumption says so', () => {
    const d = evaluateRequest(unknownData.estate, corpusRequest(DEFAULT_KEY_READ), { catalog });
    expect(d.hops.map((h) => h.action)).toEqual(['s3:GetObject', 'kms:Decrypt']);
    expect(d.hops[1]!.resourceAccount).toBe('999999999999');
    expect(d.hops[0]!.decision).toBe('Allow');
    // The key is referenced but not listed: its key policy is unknown (scenario-format.md).
    expect(d.missing.join(' ')).toContain('key policy of arn:aws:kms:us-east-1:999999999999:key/99999999-9999-9999-9999-999999999999');
    expect(d.assumptions).toEqual([{ code: 'bucket-default-key', rule: 's3-sse-kms-permissions', message: expect.stringContaining("bucket's default key") }]);
  });

  it('results.md rule 2: the implied hop, not the S3 hop, is the one that denies for certain', () => {
    const d = evaluateRequest(unknownData.estate, corpusRequest(KMS_HOP_DENIED), { catalog });
    expect(d.hops.map((h) => [h.action, h.decision, h.decidedBy])).toEqual([
      ['s3:GetObject', 'Allow', 'resource'],
      ['kms:Decrypt', 'ImplicitDeny', 'identity'],
    ]);
  });

  it('results.md: gates carry side and account; the S3 grant to the user ARN bypasses identity in the same account (docs/aws-authorization.md#same-account-resource-policy-principal)', () => {
    const main = evaluateRequest(unknownData.estate, corpusRequest(KMS_HOP_DENIED), { catalog }).hops[0]!;
    expect(main.gates.map((g) => [g.gate, g.side, g.account, g.verdict])).toEqual([
      ['identity', 'caller', '111111111111', 'no-match'],
      ['resource', 'target', '111111111111', 'allow'],
    ]);
    expect(main.decidedBy).toBe('resource');
  });
});

describe('the engine cache (engine-cache.ts) stays exact', () => {
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
