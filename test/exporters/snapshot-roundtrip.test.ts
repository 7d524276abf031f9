import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadServiceCatalog } from '../../src/catalog/iam-data-catalog.js';
import { evaluateRequest } from '../../src/core/decision/evaluate-request.js';
import type { AuthorizationRequest } from '../../src/core/decision/request.js';
import type { Decision } from '../../src/core/decision/result.js';
import type { Estate, Resource, Uncollected } from '../../src/core/model/estate.js';
import { renderSnapshotFile, snapshotFiles, writeSnapshot } from '../../src/exporters/snapshot/index.js';
import { loadEstate } from '../../src/loaders/load-estate.js';
import { loadScenarioFile, loadScenarioText } from '../../src/loaders/scenario/index.js';
import { estateOutline } from './estate-outline.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXAMPLE = path.join(root, 'examples/org-estate.yaml');
const COMMITTED = path.join(root, 'examples/org-estate-snapshot');
const catalog = loadServiceCatalog();

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'trustmap-snapshot-writer-'));
}

/** Writes the estate as a snapshot and loads it back through the snapshot reader. */
function roundTrip(estate: Estate): ReturnType<typeof loadEstate> {
  const dir = tempDir();
  writeSnapshot(estate, dir);
  return loadEstate(dir, { catalog });
}

/**
 * What must not change when the same estate is read from a snapshot instead (results.md). What is
 * missing is named by the file it was not read from, so only its count is compared.
 */
function answer(decision: Decision): unknown {
  const hop = (h: Decision | Decision['hops'][number]) => ({ action: h.action, resource: h.resource, decision: h.decision, decidedBy: h.decidedBy, side: h.side, residual: h.residual, missing: h.missing.length });
  return { ...hop(decision), hops: decision.hops.map(hop), assumptions: decision.assumptions };
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    return entry.isDirectory() ? filesUnder(dir, rel) : [rel];
  });
}

const example = loadScenarioFile(EXAMPLE, { catalog });

describe('the example estate survives a trip through a snapshot folder', () => {
  const loaded = roundTrip(example.estate);

  // Mistakes 9 and 16 of the example (a deleted principal's unique id, an RCP on Lambda) are also
  // what the policy parser points out, and the whole estate's load notes the Identity Center
  // permission set provisioned where nobody is assigned it: those diagnostics, and no other.
  it('loads back as a snapshot without a diagnostic but the deliberate mistakes', () => {
    expect(example.diagnostics.map((d) => d.code)).toEqual(['policy/rcp-unsupported-service', 'policy/unique-id-principal']);
    expect(loaded.kind).toBe('snapshot');
    expect(loaded.diagnostics.map((d) => d.code).sort()).toEqual(['identity-center/provisioned-not-assigned', 'policy/rcp-unsupported-service', 'policy/unique-id-principal']);
  });

  it('holds the same organization, principals, policies and resources', () => {
    expect(estateOutline(loaded.estate)).toEqual(estateOutline(example.estate));
  });

  it.each(example.requests.map((r) => [r.name, r] as const))('%s: the same answer from both', (_name, request) => {
    const fromScenario = evaluateRequest(example.estate, request, { catalog });
    const fromSnapshot = evaluateRequest(loaded.estate, request, { catalog });
    expect(answer(fromSnapshot)).toEqual(answer(fromScenario));
    if (request.expect) expect(fromSnapshot.decision).toBe(request.expect);
  });
});

describe('examples/org-estate-snapshot is what the writer makes of examples/org-estate.yaml', () => {
  const expected = snapshotFiles(example.estate).files;

  it('has exactly the files the writer makes (regenerate: npm run example:snapshot)', () => {
    expect(existsSync(COMMITTED)).toBe(true);
    expect(filesUnder(COMMITTED).sort()).toEqual(expected.map((f) => f.path));
  });

  it.each(expected.map((f) => [f.path, f] as const))('%s is up to date', (rel, file) => {
    expect(readFileSync(path.join(COMMITTED, rel), 'utf8')).toBe(renderSnapshotFile(file.content));
  });

  it('is deterministic: the same estate gives the same files', () => {
    expect(snapshotFiles(example.estate)).toEqual(snapshotFiles(loadScenarioFile(EXAMPLE, { catalog }).estate));
  });
});

// Everything the scenario format can say that the snapshot layout also holds.
const RICH = `
trustmap: scenario/v1
policies:
  ReadData:
    Version: "2012-10-17"
    Statement: [{ Effect: Allow, Action: ["s3:GetObject", "secretsmanager:GetSecretValue", "sqs:SendMessage"], Resource: "*" }]
  Boundary:
    Version: "2012-10-17"
    Statement: [{ Effect: Allow, Action: ["s3:*", "secretsmanager:*", "kms:*"], Resource: "*" }]
organization:
  id: o-rich000001
  managementAccount: "111111111111"
  root: { id: r-rich }
  ous:
    - { id: ou-rich-apps, name: Apps, parent: r-rich, scps: [FullAWSAccess, { Version: "2012-10-17", Statement: [{ Effect: Deny, Action: "sqs:DeleteQueue", Resource: "*" }] }] }
  accounts:
    - { id: "111111111111", parent: r-rich }
    - { id: "222222222222", parent: ou-rich-apps }
accounts:
  "111111111111":
    name: management
    s3BlockPublicAccess: { BlockPublicAcls: true, IgnorePublicAcls: true }
    identityProviders:
      - { arn: "arn:aws:iam::111111111111:saml-provider/corp" }
    groups:
      - name: readers
        path: /teams/
        policies: [ReadData]
    users:
      - name: alice
        path: /people/
        groups: [readers]
        tags: { team: data, cost-center: "42" }
        boundary: Boundary
        accessKeys: [{ id: AKIAALICE0000000001, status: Active }, { id: AKIAALICE0000000002, status: Inactive }]
        policies:
          - Version: "2012-10-17"
            Statement: [{ Effect: Allow, Action: kms:Decrypt, Resource: "*" }]
  "222222222222":
    name: workload
    roles:
      - name: app
        path: /service/
        id: AROAAPPEXAMPLE000001
        tags: { env: prod }
        trustPolicy:
          Version: "2012-10-17"
          Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
        policies: [ReadData]
        boundary:
          Version: "2012-10-17"
          Statement: [{ Effect: Allow, Action: "*", Resource: "*" }]
resources:
  - arn: arn:aws:s3:::rich-data
    account: "222222222222"
    region: eu-west-1
    tags: { classification: internal }
    policy:
      Version: "2012-10-17"
      Statement: [{ Sid: AliceReads, Effect: Allow, Principal: { AWS: "arn:aws:iam::111111111111:user/people/alice" }, Action: s3:GetObject, Resource: "arn:aws:s3:::rich-data/*" }]
    s3:
      objectOwnership: BucketOwnerPreferred
      acl: { owner: "222222222222", grants: [{ grantee: "111111111111", permission: READ }, { grantee: AllUsers, permission: READ_ACP }] }
      defaultEncryption: { kmsKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab" }
  - arn: arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab
    keyState: Disabled
    tags: { owner: data-team }
    policy:
      Version: "2012-10-17"
      Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "kms:*", Resource: "*" }]
    grants:
      - { granteePrincipal: "arn:aws:iam::111111111111:user/people/alice", operations: [Decrypt], constraints: { encryptionContextSubset: { app: orders } } }
  - arn: arn:aws:secretsmanager:eu-west-1:222222222222:secret:prod/db-password-AbCdEf
    kmsKeyArn: arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab
    tags: { env: prod }
    policy:
      Version: "2012-10-17"
      Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: secretsmanager:GetSecretValue, Resource: "*" }]
  - arn: arn:aws:sqs:eu-west-1:222222222222:orders
    tags: { app: orders }
  - arn: arn:aws:sns:eu-west-1:222222222222:events
    tags: { app: events }
    policy:
      Version: "2012-10-17"
      Statement: [{ Effect: Allow, Principal: { AWS: "*" }, Action: sns:Publish, Resource: "*", Condition: { StringEquals: { aws:PrincipalOrgID: o-rich000001 } } }]
  - arn: arn:aws:lambda:eu-west-1:222222222222:function:thumbnailer
requests:
  - { name: alice reads data, principal: "arn:aws:iam::111111111111:user/people/alice", action: s3:GetObject, resource: "arn:aws:s3:::rich-data/x.csv" }
  - { name: alice reads the secret, principal: "arn:aws:iam::111111111111:user/people/alice", action: secretsmanager:GetSecretValue, resource: "arn:aws:secretsmanager:eu-west-1:222222222222:secret:prod/db-password-AbCdEf" }
  - { name: alice reads the ACL, principal: "arn:aws:iam::111111111111:user/people/alice", action: s3:GetBucketAcl, resource: "arn:aws:s3:::rich-data" }
  - { name: the app publishes, principal: "arn:aws:sts::222222222222:assumed-role/app/x", action: sns:Publish, resource: "arn:aws:sns:eu-west-1:222222222222:events" }
  - { name: the app deletes the queue, principal: "arn:aws:sts::222222222222:assumed-role/app/x", action: sqs:DeleteQueue, resource: "arn:aws:sqs:eu-west-1:222222222222:orders" }
  - { name: the app sends, principal: "arn:aws:sts::222222222222:assumed-role/app/x", action: sqs:SendMessage, resource: "arn:aws:sqs:eu-west-1:222222222222:orders" }
`;

describe('an estate with users, groups, boundaries, ACLs, grants and secrets survives the trip', () => {
  const rich = loadScenarioText(RICH, 'rich.yaml', { catalog });
  const loaded = roundTrip(rich.estate);

  it('loads back without a diagnostic and holds the same estate', () => {
    expect(rich.diagnostics).toEqual([]);
    expect(loaded.diagnostics).toEqual([]);
    expect(estateOutline(loaded.estate)).toEqual(estateOutline(rich.estate));
  });

  it('keeps the key state: describe-key says Disabled, and the loaded key refuses Decrypt (docs/aws-authorization.md#kms-key-state)', () => {
    const arn = 'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const described = snapshotFiles(rich.estate).files.find((f) => f.path === 'accounts/222222222222/kms/eu-west-1/1234abcd-12ab-34cd-56ef-1234567890ab/describe-key.json');
    expect((described?.content as { KeyMetadata: { KeyState: string; Enabled: boolean } }).KeyMetadata).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    expect(loaded.estate.resources.get(arn)?.kms?.keyState).toBe('Disabled');
    const d = evaluateRequest(loaded.estate, { principal: 'arn:aws:iam::222222222222:root', action: 'kms:Decrypt', resource: arn }, { catalog });
    expect(d.decision).toBe('ImplicitDeny');
    expect(d.decidedBy).toBe('key-state');
  });

  it('names a secret holding `/` by one URL-encoded folder (snapshot-layout.md, "Names")', () => {
    expect(snapshotFiles(rich.estate).files.map((f) => f.path)).toContain('accounts/222222222222/secretsmanager/eu-west-1/prod%2Fdb-password/describe-secret.json');
  });

  it.each(rich.requests.map((r) => [r.name, r] as const))('%s: the same answer from both', (_name, request) => {
    expect(answer(evaluateRequest(loaded.estate, request, { catalog }))).toEqual(answer(evaluateRequest(rich.estate, request, { catalog })));
  });
});

describe('data not collected stays not collected (snapshot-layout.md, "Absent is not unknown")', () => {
  const BUCKET = 'arn:aws:s3:::example-prod-data-lake';
  const QUEUE = 'arn:aws:sqs:us-east-1:555555555555:alerts';
  const denied: Uncollected = { uncollected: true, what: `the bucket policy of ${BUCKET}`, error: 'AccessDenied' };
  const missing: Uncollected = { uncollected: true, what: `the queue policy of ${QUEUE}` };
  const resources = new Map<string, Resource>(example.estate.resources);
  resources.set(BUCKET, { ...resources.get(BUCKET)!, policy: denied });
  resources.set(QUEUE, { ...resources.get(QUEUE)!, policy: missing });
  const partial: Estate = { ...example.estate, resources };
  const files = snapshotFiles(partial).files;
  const loaded = roundTrip(partial);

  it('writes no file for data not collected, and the AWS error where one was recorded', () => {
    expect(files.find((f) => f.path === 'accounts/555555555555/sqs/us-east-1/alerts/get-queue-attributes.json')).toBeUndefined();
    expect(files.find((f) => f.path === 'accounts/444444444444/s3/example-prod-data-lake/get-bucket-policy.json')?.content).toMatchObject({ Error: { Code: 'AccessDenied' } });
  });

  it('reads back as not collected, and answers that need it are Unknown in both', () => {
    expect(loaded.estate.resources.get(BUCKET)?.policy).toMatchObject({ uncollected: true, error: 'AccessDenied' });
    expect(loaded.estate.resources.get(QUEUE)?.policy).toMatchObject({ uncollected: true });
    const request: AuthorizationRequest = { principal: 'arn:aws:sts::555555555555:assumed-role/etl/nightly', action: 's3:GetObject', resource: `${BUCKET}/reports/a.parquet` };
    const fromSnapshot = evaluateRequest(loaded.estate, request, { catalog });
    expect(fromSnapshot.decision).toBe('Unknown');
    expect(fromSnapshot.missing).toEqual([`${denied.what} (accounts/444444444444/s3/example-prod-data-lake/get-bucket-policy.json records AccessDenied)`]);
    expect(answer(fromSnapshot)).toEqual(answer(evaluateRequest(partial, request, { catalog })));
  });
});

describe('when roles were last used and when the estate was taken survive the trip', () => {
  const USAGE = `
trustmap: scenario/v1
collectedAt: "2026-11-28T10:30:00+01:00"
policies:
  Lambda: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
accounts:
  "222222222222":
    roles:
      - { name: used, trustPolicy: Lambda, lastUsed: 2026-11-02T08:00:00Z }
      - { name: unused, trustPolicy: Lambda, lastUsed: never }
      - { name: unknown, trustPolicy: Lambda }
`;
  const scenario = loadScenarioText(USAGE, 'usage.yaml', { catalog });
  const roles = (estate: Estate) => estate.accounts.get('222222222222')!.roles;
  // A region, which a scenario cannot say but an export can.
  const withRegion: Estate = {
    ...scenario.estate,
    accounts: new Map([['222222222222', { ...scenario.estate.accounts.get('222222222222')!, roles: new Map([...roles(scenario.estate)].map(([name, role]) => [name, name === 'used' ? { ...role, lastUsed: { date: role.lastUsed!.date, region: 'eu-west-1' } } : role])) }]]),
  };
  const files = snapshotFiles(withRegion).files;
  const file = (rel: string) => files.find((f) => f.path === rel)?.content as Record<string, unknown>;
  const loaded = roundTrip(withRegion);

  it('writes RoleLastUsed as the export prints it, `{}` where no use is recorded, nothing where it is not known', () => {
    expect(scenario.diagnostics).toEqual([]);
    const details = file('accounts/222222222222/iam/get-account-authorization-details.json') as { RoleDetailList: Array<{ RoleName: string; RoleLastUsed: unknown }> };
    expect(details.RoleDetailList.map((r) => [r.RoleName, r.RoleLastUsed])).toEqual([
      ['unknown', undefined],
      ['unused', {}],
      ['used', { LastUsedDate: '2026-11-02 08:00:00+00:00', Region: 'eu-west-1' }],
    ]);
  });

  it('writes the estate\'s collectedAt in the manifest and as every date, unless told another', () => {
    expect(file('manifest.json')).toMatchObject({ collectedAt: '2026-11-28T09:30:00Z' });
    expect(snapshotFiles(withRegion, { collectedAt: '2027-01-02T03:04:05Z' }).files.find((f) => f.path === 'manifest.json')?.content).toMatchObject({ collectedAt: '2027-01-02T03:04:05Z' });
  });

  it('loads back the same last use and collectedAt; "not known" stays not known', () => {
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.estate.collectedAt).toBe('2026-11-28T09:30:00Z');
    expect(roles(loaded.estate).get('used')?.lastUsed).toEqual({ date: '2026-11-02T08:00:00Z', region: 'eu-west-1' });
    expect(roles(loaded.estate).get('unused')?.lastUsed).toBeNull();
    expect(roles(loaded.estate).get('unknown')?.lastUsed).toBeUndefined();
  });

  it('a snapshot loaded and written again keeps its collectedAt', () => {
    const again = roundTrip(loaded.estate);
    expect(again.estate.collectedAt).toBe('2026-11-28T09:30:00Z');
    expect(roles(again.estate).get('used')?.lastUsed).toEqual({ date: '2026-11-02T08:00:00Z', region: 'eu-west-1' });
  });
});

describe('writeSnapshot and the folder it writes to', () => {
  it('refuses a folder that holds something other than a snapshot', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    expect(() => writeSnapshot(example.estate, dir)).toThrow(/not empty and holds no snapshot/);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('replaces an earlier snapshot, leaving none of its files behind', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'accounts/123456789012/iam'), { recursive: true });
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ format: 'trustmap-snapshot', version: 1 }));
    writeFileSync(path.join(dir, 'accounts/123456789012/iam/get-account-authorization-details.json'), '{}');
    const written = writeSnapshot(example.estate, dir, { collectedAt: '2027-01-02T03:04:05Z' });
    expect(filesUnder(dir).sort()).toEqual(snapshotFiles(example.estate).files.map((f) => f.path));
    expect(written.files).toBe(filesUnder(dir).length);
    expect(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'))).toMatchObject({ collectedAt: '2027-01-02T03:04:05Z', organization: 'collected' });
  });
});
