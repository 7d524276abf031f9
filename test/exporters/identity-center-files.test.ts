import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServiceCatalog } from '../../src/catalog/iam-data-catalog.js';
import type { Estate } from '../../src/core/model/estate.js';
import type { IdentityCenterInstance, PermissionSet } from '../../src/core/model/identity-center.js';
import { snapshotFiles, writeSnapshot } from '../../src/exporters/snapshot/index.js';
import { loadScenarioText } from '../../src/loaders/scenario/index.js';
import { loadSnapshot } from '../../src/loaders/snapshot/load-snapshot.js';

const catalog = loadServiceCatalog();

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'trustmap-identity-center-writer-'));
}

/** Writes the estate as a snapshot folder and loads it back with the snapshot reader. */
function roundTrip(estate: Estate): { dir: string } & ReturnType<typeof loadSnapshot> {
  const dir = tempDir();
  writeSnapshot(estate, dir);
  return { dir, ...loadSnapshot(dir, { catalog }) };
}

/**
 * The Identity Center of an estate as plain data: no `source` locations, maps as objects, policies
 * as their documents, and lists sorted (the writer sorts what AWS lists in no set order).
 */
function outline(value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, outline(v)]));
  if (Array.isArray(value)) return value.map(outline).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (typeof value !== 'object' || value === null) return value;
  if ('statements' in value && 'document' in value) return { policy: (value as { document: unknown }).document };
  return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (k === 'source' ? [] : [[k, outline(v)]])));
}

const SCENARIO = `
trustmap: scenario/v1
policies:
  ReadLogs: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "logs:Get*", Resource: "*" }] }
accounts:
  "111111111111": { roles: [{ name: ops, trustPolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: sts:AssumeRole }] } }] }
  "222222222222": { roles: [{ name: app, trustPolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] } }] }
identityCenter:
  - identityStoreId: d-1111111111
    name: main
    region: eu-west-1
    ownerAccount: "111111111111"
    users:
      - { userName: alice@example.com, displayName: Alice, emails: [alice@example.com, a@example.org] }
      - { userName: bob@example.com, id: 11111111-2222-3333-4444-555555555555 }
      - { userName: carol@example.com }
    groups:
      - { name: Platform, description: platform team, members: [alice@example.com, carol@example.com] }
      - { name: Auditors, members: [bob@example.com] }
      - { name: Nobody }
    permissionSets:
      - name: AdministratorAccess
        managedPolicies: [arn:aws:iam::aws:policy/AdministratorAccess]
        sessionDuration: PT1H
        description: Full access
      - name: ReadOnly
        managedPolicies: [arn:aws:iam::aws:policy/job-function/ViewOnlyAccess, arn:aws:iam::aws:policy/ReadOnlyAccess]
        inlinePolicy: ReadLogs
        customerManagedPolicies: [{ name: TeamRead, path: /team/ }, Common]
        boundary: { name: Boundary, path: /limits/ }
        provisionedTo: ["111111111111", "222222222222"]
      - name: Deploy
        inlinePolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:PutObject", Resource: "*" }] }
        boundary: { managedPolicyArn: arn:aws:iam::aws:policy/PowerUserAccess }
    assignments:
      - { account: "111111111111", permissionSet: AdministratorAccess, group: Platform }
      - { account: "222222222222", permissionSet: AdministratorAccess, user: bob@example.com }
      - { account: "222222222222", permissionSet: ReadOnly, group: Auditors }
      - { account: "222222222222", permissionSet: ReadOnly, user: alice@example.com }
      - { account: "222222222222", permissionSet: Deploy, group: Platform }
  - identityStoreId: d-2222222222
    instance: arn:aws:sso:::instance/ssoins-2222222222222222
    region: us-east-1
    ownerAccount: "222222222222"
    users:
      - { userName: dave@example.com, id: 11111111-2222-3333-4444-555555555555 }
    groups:
      - { name: Builders, id: 99999999-8888-7777-6666-555555555555, members: [dave@example.com] }
    permissionSets:
      - name: Build
        arn: arn:aws:sso:::permissionSet/ssoins-2222222222222222/ps-2222222222222222
        customerManagedPolicies: [Builder]
    assignments:
      - { account: "222222222222", permissionSet: Build, group: Builders }
`;

describe('Identity Center survives a trip through a snapshot folder', () => {
  const scenario = loadScenarioText(SCENARIO, 'identity-center.yaml', { catalog });
  const loaded = roundTrip(scenario.estate);

  it('loads back without an error and holds the same instances', () => {
    expect(scenario.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(scenario.estate.identityCenter?.size).toBe(2);
    expect(outline(loaded.estate.identityCenter)).toEqual(outline(scenario.estate.identityCenter));
  });

  it('writes an empty assignments list where a permission set is provisioned to nobody', () => {
    const readOnly = permissionSetNamed(scenario.estate, 'ReadOnly');
    const psId = readOnly.arn.slice(readOnly.arn.lastIndexOf('/') + 1);
    const instanceId = instanceOf(scenario.estate, 'd-1111111111').instanceArn.split('/')[1];
    const files = snapshotFiles(scenario.estate).files;
    expect(files.find((f) => f.path === `identity-center/${instanceId}/permission-sets/${psId}/assignments/111111111111.json`)?.content).toEqual({ AccountAssignments: [] });
    expect(files.find((f) => f.path === `identity-center/${instanceId}/permission-sets/${psId}/get-inline-policy-for-permission-set.json`)?.content).toEqual({
      InlinePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:Get*","Resource":"*"}]}',
    });
    const admin = permissionSetNamed(scenario.estate, 'AdministratorAccess');
    const adminDir = `identity-center/${instanceId}/permission-sets/${admin.arn.slice(admin.arn.lastIndexOf('/') + 1)}`;
    expect(files.find((f) => f.path === `${adminDir}/get-inline-policy-for-permission-set.json`)?.content).toEqual({ InlinePolicy: '' });
    expect(files.find((f) => f.path === `${adminDir}/get-permissions-boundary-for-permission-set.json`)?.content).toMatchObject({ Error: { Code: 'ResourceNotFoundException' } });
  });

  it('is rewritten in place: `identity-center/` is part of the layout', () => {
    expect(() => writeSnapshot(scenario.estate, loaded.dir)).not.toThrow();
    expect(existsSync(path.join(loaded.dir, 'identity-center/list-instances.json'))).toBe(true);
  });
});

describe('an estate without Identity Center', () => {
  it('writes no `identity-center/` folder', () => {
    const scenario = loadScenarioText('trustmap: scenario/v1\naccounts:\n  "111111111111": {}\n', 'plain.yaml', { catalog });
    expect(scenario.estate.identityCenter).toBeUndefined();
    expect(snapshotFiles(scenario.estate).files.filter((f) => f.path.startsWith('identity-center/'))).toEqual([]);
    const dir = tempDir();
    writeSnapshot(scenario.estate, dir);
    expect(existsSync(path.join(dir, 'identity-center'))).toBe(false);
  });
});

const INSTANCE = 'arn:aws:sso:::instance/ssoins-3333333333333333';
const PS = 'arn:aws:sso:::permissionSet/ssoins-3333333333333333/ps-3333333333333333';
const DIR = 'identity-center/ssoins-3333333333333333';
const DENIED = { uncollected: true as const, what: 'denied', error: 'AccessDeniedException' };
const NOT_READ = { uncollected: true as const, what: 'not read' };

function permissionSet(fields: Partial<PermissionSet> = {}): PermissionSet {
  return { arn: PS, name: 'Ops', inlinePolicy: null, managedPolicies: [], customerManagedPolicies: [], boundary: null, provisionedAccounts: ['111111111111'], ...fields };
}

function estateWith(fields: Partial<IdentityCenterInstance>): Estate {
  const instance: IdentityCenterInstance = {
    instanceArn: INSTANCE,
    identityStoreId: 'd-3333333333',
    users: new Map(),
    groups: new Map(),
    permissionSets: new Map([[PS, permissionSet()]]),
    assignments: [],
    assignmentsUncollected: [],
    ...fields,
  };
  return { partition: 'aws', organizationStatus: 'none', accounts: new Map(), resources: new Map(), identityCenter: new Map([[instance.identityStoreId, instance]]) };
}

describe('what was not collected stays not collected', () => {
  const estate = estateWith({
    users: DENIED,
    groups: new Map([['g-1', { id: 'g-1', displayName: 'Ops', memberIds: NOT_READ }]]),
    permissionSets: new Map([[PS, permissionSet({ boundary: NOT_READ, managedPolicies: DENIED, provisionedAccounts: ['111111111111', '222222222222'] })]]),
    assignmentsUncollected: [
      { accountId: '111111111111', permissionSetArn: PS },
      { accountId: '333333333333', permissionSetArn: PS },
    ],
  });
  const files = new Map(snapshotFiles(estate).files.map((f) => [f.path, f.content]));

  it('writes the error the collector got, no file where a missing one reads as not collected, and AccessDeniedException where it would not', () => {
    expect(files.get(`${DIR}/identitystore/list-users.json`)).toMatchObject({ Error: { Code: 'AccessDeniedException' } });
    expect(files.has(`${DIR}/identitystore/group-memberships/g-1.json`)).toBe(false);
    expect(files.has(`${DIR}/permission-sets/ps-3333333333333333/get-permissions-boundary-for-permission-set.json`)).toBe(false);
    expect(files.get(`${DIR}/permission-sets/ps-3333333333333333/list-managed-policies-in-permission-set.json`)).toMatchObject({ Error: { Code: 'AccessDeniedException' } });
    // 111111111111 is provisioned: its missing file reads as not collected. 333333333333 is not.
    expect(files.has(`${DIR}/permission-sets/ps-3333333333333333/assignments/111111111111.json`)).toBe(false);
    expect(files.get(`${DIR}/permission-sets/ps-3333333333333333/assignments/222222222222.json`)).toEqual({ AccountAssignments: [] });
    expect(files.get(`${DIR}/permission-sets/ps-3333333333333333/assignments/333333333333.json`)).toMatchObject({ Error: { Code: 'AccessDeniedException' } });
  });

  it('reads back as not collected', () => {
    const loaded = roundTrip(estate);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const instance = instanceOf(loaded.estate, 'd-3333333333');
    expect(instance.users).toMatchObject({ uncollected: true, error: 'AccessDeniedException' });
    expect(outline(instance.groups)).toEqual({ 'g-1': { id: 'g-1', displayName: 'Ops', memberIds: { uncollected: true, what: expect.any(String) } } });
    const set = permissionSetNamed(loaded.estate, 'Ops');
    expect(set.boundary).toMatchObject({ uncollected: true });
    expect(set.managedPolicies).toMatchObject({ uncollected: true, error: 'AccessDeniedException' });
    expect(outline(instance.assignmentsUncollected)).toEqual([
      { accountId: '111111111111', permissionSetArn: PS },
      { accountId: '333333333333', permissionSetArn: PS, error: 'AccessDeniedException' },
    ]);
  });

  it('writes assignments not collected at all for every account each permission set is provisioned to, and says so', () => {
    const all = snapshotFiles(estateWith({ assignmentsUncollected: DENIED }));
    expect(all.files.filter((f) => f.path.includes('/assignments/')).map((f) => [f.path, f.content])).toEqual([
      [`${DIR}/permission-sets/ps-3333333333333333/assignments/111111111111.json`, { Error: { Code: 'AccessDeniedException', Message: expect.any(String) } }],
    ]);
    expect(all.omitted).toEqual([expect.stringContaining('were not collected at all')]);
  });
});

function instanceOf(estate: Estate, store: string): IdentityCenterInstance {
  const found = estate.identityCenter?.get(store);
  if (!found) throw new Error(`no instance with identity store ${store}`);
  return found;
}

function permissionSetNamed(estate: Estate, name: string): PermissionSet {
  for (const instance of estate.identityCenter?.values() ?? []) {
    if (!(instance.permissionSets instanceof Map)) continue;
    for (const set of instance.permissionSets.values()) if (set.name === name) return set;
  }
  throw new Error(`no permission set ${name}`);
}
