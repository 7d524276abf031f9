import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUncollected } from '../../src/core/model/estate.js';
import type { IdentityCenterInstance, PermissionSet } from '../../src/core/model/identity-center.js';
import { loadSnapshot } from '../../src/loaders/snapshot/load-snapshot.js';
import { errors, expectDiagnostic, fixtureCopy, fixtures, policyOf, repoRoot, uncollected } from './loader-helpers.js';

// The fixtures follow the AWS SDK models named in test/fixtures/snapshot-identity-center/README.md.
const FIXTURES = path.join(fixtures, 'snapshot-identity-center');
const MGMT = '111111111111';
const WORK = '222222222222';
const STORE = 'd-9067a1b2c3';
const INSTANCE = 'ssoins-7223a1b2c3d4e5f6';
const DIR = `identity-center/${INSTANCE}`;
const ALICE = '94482488-3041-7026-18f3-be45837cd0e4';
const BOB = 'f4d8a4b8-e0a1-70e5-9c3a-3a1f0b7d2c11';
const ADMINS = 'e4c8b4f8-5021-7089-23a9-91b0c2d3e4f5';
const PS_ADMIN = `arn:aws:sso:::permissionSet/${INSTANCE}/ps-a1b2c3d4e5f60001`;
const PS_READ = `arn:aws:sso:::permissionSet/${INSTANCE}/ps-a1b2c3d4e5f60002`;

function load(fixture: string) {
  const root = path.join(FIXTURES, fixture);
  return { root, ...loadSnapshot(root) };
}

function instanceOf(loaded: ReturnType<typeof load>, store = STORE): IdentityCenterInstance {
  const found = loaded.estate.identityCenter?.get(store);
  if (!found) throw new Error(`no instance with identity store ${store}`);
  return found;
}

function permissionSet(instance: IdentityCenterInstance, arn: string): PermissionSet {
  if (isUncollected(instance.permissionSets)) throw new Error(instance.permissionSets.what);
  const found = instance.permissionSets.get(arn);
  if (!found) throw new Error(`no permission set ${arn}`);
  return found;
}

function collected<T>(value: T): Exclude<T, { uncollected: true }> {
  if (isUncollected(value)) throw new Error(`uncollected: ${value.what}`);
  return value as Exclude<T, { uncollected: true }>;
}

describe('snapshot identity-center/: one instance', () => {
  const loaded = load('one-instance');
  const instance = instanceOf(loaded);

  it('loads without a diagnostic, keyed by identity store id', () => {
    expect(loaded.diagnostics).toEqual([]);
    expect([...loaded.estate.identityCenter!.keys()]).toEqual([STORE]);
    expect(instance).toMatchObject({ instanceArn: `arn:aws:sso:::instance/${INSTANCE}`, identityStoreId: STORE, name: 'main', ownerAccountId: MGMT, region: 'eu-west-1' });
    expect(instance.source).toMatchObject({ file: path.join(loaded.root, 'identity-center/list-instances.json'), pointer: '/Instances/0', line: 3 });
  });

  it('reads the users and the group with its members', () => {
    const users = collected(instance.users);
    expect([...users.values()].map((u) => [u.id, u.userName, u.displayName, u.emails])).toEqual([
      [ALICE, 'alice@example.com', 'Alice Martin', ['alice@example.com']],
      [BOB, 'bob@example.com', 'Bob Chen', ['bob@example.com']],
    ]);
    const groups = collected(instance.groups);
    expect([...groups.values()].map((g) => [g.id, g.displayName, g.description, g.memberIds])).toEqual([[ADMINS, 'Admins', 'Platform administrators', [ALICE, BOB]]]);
  });

  it('reads each permission set: description, inline policy, managed and customer managed policies, boundary, accounts', () => {
    expect([...collected(instance.permissionSets).keys()]).toEqual([PS_ADMIN, PS_READ]);
    const admin = permissionSet(instance, PS_ADMIN);
    expect(admin).toMatchObject({ name: 'AdministratorAccess', description: 'Full access', sessionDuration: 'PT1H', inlinePolicy: null, boundary: null, customerManagedPolicies: [], provisionedAccounts: [MGMT, WORK] });
    expect(admin.managedPolicies).toEqual([{ arn: 'arn:aws:iam::aws:policy/AdministratorAccess', name: 'AdministratorAccess' }]);

    const read = permissionSet(instance, PS_READ);
    expect(read).toMatchObject({ name: 'ReadWorkloadData', sessionDuration: 'PT8H', managedPolicies: [], provisionedAccounts: [WORK] });
    expect(read.customerManagedPolicies).toEqual([{ name: 'workload-extras', path: '/teams/' }]);
    expect(read.boundary).toEqual({ kind: 'customer-managed', name: 'workload-boundary', path: '/' });
    const inline = policyOf(read.inlinePolicy);
    expect(inline).toMatchObject({ kind: 'identity', name: `${PS_READ}#inline`, version: '2012-10-17' });
    expect(inline.statements.map((s) => s.sid)).toEqual(['ReadData']);
  });

  it('gathers the assignments of every assignments/*.json, to a group and to a user', () => {
    expect(instance.assignments.map((a) => [a.accountId, a.permissionSetArn, a.principalType, a.principalId])).toEqual([
      [WORK, PS_ADMIN, 'GROUP', ADMINS],
      [WORK, PS_READ, 'USER', ALICE],
    ]);
    expect(instance.assignments[1]!.source).toMatchObject({ file: path.join(loaded.root, `${DIR}/permission-sets/ps-a1b2c3d4e5f60002/assignments/${WORK}.json`), pointer: '/AccountAssignments/0', line: 3 });
  });

  it('a permission set provisioned to an account where nobody is assigned: provisioned, with no assignment there', () => {
    expect(permissionSet(instance, PS_ADMIN).provisionedAccounts).toContain(MGMT);
    expect(instance.assignments.filter((a) => a.accountId === MGMT)).toEqual([]);
  });

  it('without identity-center/, the estate has no Identity Center', () => {
    const bare = loadSnapshot(fixtureCopy('snapshot-identity-center/one-instance', { 'identity-center': null }));
    expect(bare.estate.identityCenter).toBeUndefined();
    expect(bare.diagnostics).toEqual([]);
  });
});

describe('snapshot identity-center/: two instances', () => {
  const loaded = load('two-instances');

  it('keeps instances apart by identity store id, even when their user ids coincide (list-instances in SDK pages)', () => {
    expect(loaded.diagnostics).toEqual([]);
    expect([...loaded.estate.identityCenter!.keys()]).toEqual([STORE, 'd-90670000aa']);
    const org = instanceOf(loaded);
    const workload = instanceOf(loaded, 'd-90670000aa');
    expect(org).toMatchObject({ instanceArn: `arn:aws:sso:::instance/${INSTANCE}`, ownerAccountId: MGMT, region: 'eu-west-1' });
    expect(workload).toMatchObject({ instanceArn: 'arn:aws:sso:::instance/ssoins-6684f0e1d2c3b4a5', ownerAccountId: WORK, region: 'us-east-1' });
    expect(collected(org.users).get(ALICE)?.userName).toBe('alice@example.com');
    expect(collected(workload.users).get(ALICE)?.userName).toBe('alice@workload.example.com');
    expect(workload.source).toMatchObject({ pointer: '/1/Instances/0', line: 18 });
  });
});

describe('snapshot identity-center/: what was not collected', () => {
  const loaded = load('uncollected');
  const instance = instanceOf(loaded);

  it('AccessDenied on list-users: the users are Uncollected, with the error', () => {
    const users = uncollected(instance.users);
    expect(users.error).toBe('AccessDeniedException');
    expect(users.what).toContain(`the users of identity store ${STORE}`);
    expectDiagnostic(loaded.diagnostics, loaded.root, { code: 'snapshot/access-denied', file: `${DIR}/identitystore/list-users.json`, pointer: '/Error/Code', line: 3, severity: 'info' });
  });

  it('a missing boundary file: Uncollected; ResourceNotFoundException: no boundary', () => {
    const boundary = uncollected(permissionSet(instance, PS_READ).boundary);
    expect(boundary.error).toBeUndefined();
    expect(boundary.what).toMatch(/^the permissions boundary of permission set .*get-permissions-boundary-for-permission-set\.json was not collected\)$/);
    expect(permissionSet(instance, PS_ADMIN).boundary).toBeNull();
  });

  it('missing memberships: the group is there, its members Uncollected', () => {
    expect(uncollected(collected(instance.groups).get(ADMINS)?.memberIds).what).toContain(`the members of group ${ADMINS}`);
  });

  it('an account provisioned without its assignments file is noted', () => {
    expect(instance.assignments.map((a) => a.permissionSetArn)).toEqual([PS_READ]);
    expectDiagnostic(loaded.diagnostics, loaded.root, { code: 'snapshot/identity-center-assignments-not-collected', file: `${DIR}/permission-sets/ps-a1b2c3d4e5f60001/assignments/${WORK}.json`, pointer: '', severity: 'info' });
    expect(loaded.diagnostics).toHaveLength(2);
  });

  it('no list-instances: nothing is read, and a warning says so', () => {
    const root = fixtureCopy('snapshot-identity-center/one-instance', { 'identity-center/list-instances.json': null });
    const bare = loadSnapshot(root);
    expect(bare.estate.identityCenter).toBeUndefined();
    expectDiagnostic(bare.diagnostics, root, { code: 'snapshot/identity-center-instances-not-collected', file: 'identity-center/list-instances.json', pointer: '', severity: 'warning' });
  });

  it('a list of permission sets denied: Uncollected, and the assignments on file still read', () => {
    const root = fixtureCopy('snapshot-identity-center/one-instance', { [`${DIR}/list-permission-sets.json`]: '{"Error": {"Code": "AccessDeniedException", "Message": "denied"}}\n' });
    const denied = loadSnapshot(root);
    const ic = denied.estate.identityCenter!.get(STORE)!;
    expect(uncollected(ic.permissionSets).error).toBe('AccessDeniedException');
    expect(ic.assignments).toHaveLength(2);
    expect(denied.diagnostics.map((d) => d.code)).toEqual(['snapshot/access-denied']);
  });
});

describe('snapshot identity-center/: bad input', () => {
  const loaded = load('bad-input');
  const instance = instanceOf(loaded);
  const table = [
    { code: 'snapshot/identity-center-duplicate-store', file: 'identity-center/list-instances.json', pointer: '/Instances/1/IdentityStoreId', line: 14, severity: 'error' },
    { code: 'snapshot/invalid-json', file: `${DIR}/identitystore/list-groups.json`, pointer: '', line: 6, severity: 'error' },
    { code: 'snapshot/invalid-shape', file: `${DIR}/identitystore/list-users.json`, pointer: '/Users/1/Emails', line: 28, severity: 'error' },
    { code: 'snapshot/identity-center-invalid-principal-type', file: `${DIR}/permission-sets/ps-a1b2c3d4e5f60001/assignments/${WORK}.json`, pointer: '/AccountAssignments/1/PrincipalType', line: 12, severity: 'error' },
    { code: 'snapshot/identity-center-folder-mismatch', file: `${DIR}/permission-sets/ps-a1b2c3d4e5f60001/assignments/${WORK}.json`, pointer: '/AccountAssignments/2/AccountId', line: 16, severity: 'warning' },
    { code: 'snapshot/identity-center-folder-mismatch', file: `${DIR}/permission-sets/ps-a1b2c3d4e5f60002/describe-permission-set.json`, pointer: '/PermissionSet/PermissionSetArn', line: 4, severity: 'warning' },
    { code: 'snapshot/identity-center-unnamed-permission-set', file: `${DIR}/permission-sets/ps-a1b2c3d4e5f60002/describe-permission-set.json`, pointer: '', severity: 'warning' },
    { code: 'policy/invalid-effect', file: `${DIR}/permission-sets/ps-a1b2c3d4e5f60002/get-inline-policy-for-permission-set.json`, pointer: '/InlinePolicy (inside the string, at /Statement/0/Effect)', line: 2, severity: 'error' },
    { code: 'snapshot/identity-center-unlisted-folder', file: 'identity-center/ssoins-stray', pointer: '', severity: 'warning' },
  ] as const;

  it.each(table)('$code at $file $pointer', (expected) => {
    expectDiagnostic(loaded.diagnostics, loaded.root, expected);
  });

  it('has exactly those diagnostics, and never throws', () => {
    expect(loaded.diagnostics).toHaveLength(table.length);
    expect(errors(loaded.diagnostics)).toHaveLength(5);
  });

  it('loads the rest: the first instance of the store, both users, the permission sets and the good assignments', () => {
    expect(loaded.estate.identityCenter!.size).toBe(1);
    expect(instance.instanceArn).toBe(`arn:aws:sso:::instance/${INSTANCE}`);
    const users = collected(instance.users);
    expect(users.get(BOB)).toMatchObject({ userName: 'bob@example.com', emails: [] });
    expect(users.get(ALICE)?.emails).toEqual(['alice@example.com']);
    uncollected(instance.groups); // not valid JSON: not collected
    expect(permissionSet(instance, PS_READ).name).toBe('ps-a1b2c3d4e5f60002');
    expect(policyOf(permissionSet(instance, PS_READ).inlinePolicy).name).toBe(`${PS_READ}#inline`);
    // the ROLE assignment is left out; the one filed under the wrong account is kept as it says
    expect(instance.assignments.map((a) => [a.accountId, a.principalType, a.principalId])).toEqual([
      [WORK, 'GROUP', ADMINS],
      ['333333333333', 'USER', BOB],
      [WORK, 'USER', ALICE],
    ]);
  });

  it('a membership or user filed under another group or identity store is left out', () => {
    const root = fixtureCopy('snapshot-identity-center/one-instance', {
      [`${DIR}/identitystore/group-memberships/${ADMINS}.json`]: JSON.stringify({ GroupMemberships: [{ IdentityStoreId: STORE, GroupId: 'another-group', MemberId: { UserId: ALICE } }, { IdentityStoreId: STORE, GroupId: ADMINS, MemberId: { UserId: BOB } }] }, null, 2),
      [`${DIR}/identitystore/list-users.json`]: JSON.stringify({ Users: [{ UserId: ALICE, UserName: 'alice', IdentityStoreId: 'd-0000000000' }, { UserId: BOB, UserName: 'bob', IdentityStoreId: STORE }] }, null, 2),
    });
    const read = loadSnapshot(root);
    const ic = read.estate.identityCenter!.get(STORE)!;
    expect(collected(collected(ic.groups).get(ADMINS)!.memberIds)).toEqual([BOB]);
    expect([...collected(ic.users).keys()]).toEqual([BOB]);
    expectDiagnostic(read.diagnostics, root, { code: 'snapshot/identity-center-folder-mismatch', file: `${DIR}/identitystore/group-memberships/${ADMINS}.json`, pointer: '/GroupMemberships/0/GroupId', line: 5 });
    expectDiagnostic(read.diagnostics, root, { code: 'snapshot/identity-center-folder-mismatch', file: `${DIR}/identitystore/list-users.json`, pointer: '/Users/0/IdentityStoreId', line: 6 });
  });
});

const hasBash = spawnSync('bash', ['--version']).status === 0;

describe.skipIf(!hasBash)('scripts/collect-snapshot.sh: identity-center/', () => {
  /** The collector with `-r eu-west-1` against the stand-ins: ours for sso-admin and identitystore, test/fixtures/fake-aws/aws for the rest. */
  function collect(args: string[]) {
    const bin = mkdtempSync(path.join(tmpdir(), 'trustmap-fake-aws-'));
    copyFileSync(path.join(FIXTURES, 'fake-aws/aws'), path.join(bin, 'aws'));
    chmodSync(path.join(bin, 'aws'), 0o755);
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'trustmap-collected-')), 'snapshot');
    mkdirSync(out);
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, FAKE_AWS_BASE: path.join(fixtures, 'fake-aws/aws') };
    delete env.FAKE_AWS_REFUSE;
    const run = spawnSync('bash', [path.join(repoRoot, 'scripts/collect-snapshot.sh'), '-o', out, '-r', 'eu-west-1', ...args], { encoding: 'utf8', env });
    return { run, out };
  }

  it('collects the layout the loader reads; a refused assignments call is recorded and listed, no boundary is none', () => {
    const { run, out } = collect([]);
    expect(run.status, run.stderr).toBe(0);
    const ps = 'identity-center/ssoins-1111/permission-sets';
    expect(JSON.parse(readFileSync(path.join(out, `${ps}/ps-aaaa/get-permissions-boundary-for-permission-set.json`), 'utf8'))).toMatchObject({ Error: { Code: 'ResourceNotFoundException' } });
    const refused = JSON.parse(readFileSync(path.join(out, 'refused-calls.json'), 'utf8')) as Array<{ call: string; file: string | null; region: string | null; code: string }>;
    expect(refused.filter((r) => r.call.startsWith('sso-admin') || r.call.startsWith('identitystore'))).toEqual([
      expect.objectContaining({ call: 'sso-admin list-account-assignments', file: `${ps}/ps-bbbb/assignments/999999999999.json`, region: 'eu-west-1', code: 'AccessDeniedException' }),
    ]);

    const loaded = loadSnapshot(out);
    const ic = loaded.estate.identityCenter!.get('d-1234567890')!;
    expect([...collected(ic.users).keys()]).toEqual(['u-1']);
    expect(collected(ic.groups).get('g-1')?.memberIds).toEqual(['u-1']);
    expect([...collected(ic.permissionSets).values()].map((p) => [p.name, p.boundary, p.inlinePolicy, p.provisionedAccounts])).toEqual([
      ['Set-ps-aaaa', null, null, ['999999999999']],
      ['Set-ps-bbbb', null, null, ['999999999999']],
    ]);
    expect(ic.assignments.map((a) => [a.permissionSetArn, a.principalId])).toEqual([['arn:aws:sso:::permissionSet/ssoins-1111/ps-aaaa', 'u-1']]);
    expect(loaded.diagnostics.filter((d) => d.source?.file?.includes('identity-center')).map((d) => d.code)).toEqual(['snapshot/access-denied']);
  });

  it('--identity-center skip collects none', () => {
    const { run, out } = collect(['--identity-center', 'skip']);
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(path.join(out, 'identity-center'))).toBe(false);
  });
});
