import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUncollected, type Uncollected } from '../../src/core/model/estate.js';
import type { IdentityCenterInstance, PermissionSet } from '../../src/core/model/identity-center.js';
import { loadIamCollect } from '../../src/loaders/iam-collect/load-iam-collect.js';
import { errors, expectDiagnostic, fixtureCopy, fixtures, uncollected } from './loader-helpers.js';

const ROOT = path.join(fixtures, 'iam-collect-identity-center');
const MGMT = 'aws/aws/accounts/111111111111';
const MEMBER = 'aws/aws/accounts/222222222222';
const INSTANCE = `${MGMT}/sso/us-east-1/instance/ssoins-1111111111111111`;
const READ_ONLY_DIR = `${MGMT}/sso/us-east-1/permissionset/ssoins-1111111111111111%2fps-aaaaaaaaaaaaaaaa`;
const READ_ONLY = 'arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-aaaaaaaaaaaaaaaa';
const ADMIN = 'arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-bbbbbbbbbbbbbbbb';
const EMPTY = 'arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-cccccccccccccccc';

function collected<T>(value: T | Uncollected): T {
  if (isUncollected(value)) throw new Error(`uncollected: ${value.what}`);
  return value;
}

function instanceOf(root: string, storeId: string): { instance: IdentityCenterInstance; loaded: ReturnType<typeof loadIamCollect> } {
  const loaded = loadIamCollect(root);
  const instance = loaded.estate.identityCenter?.get(storeId);
  if (!instance) throw new Error(`no instance ${storeId}: ${JSON.stringify(loaded.diagnostics, null, 2)}`);
  return { instance, loaded };
}

function set(instance: IdentityCenterInstance, arn: string): PermissionSet {
  const found = collected(instance.permissionSets).get(arn);
  if (!found) throw new Error(`no permission set ${arn}`);
  return found;
}

describe('iam-collect store: IAM Identity Center (README "sso", docs/AgentInstructions.md "identitystore")', () => {
  const { instance, loaded } = instanceOf(ROOT, 'd-1111111111');

  it('reads each owner account\'s instances, kept apart by identity store id', () => {
    expect(errors(loaded.diagnostics)).toEqual([]);
    expect([...(loaded.estate.identityCenter?.keys() ?? [])].sort()).toEqual(['d-1111111111', 'd-2222222222']);
    expect(instance).toMatchObject({ instanceArn: 'arn:aws:sso:::instance/ssoins-1111111111111111', name: 'org', ownerAccountId: '111111111111', region: 'us-east-1' });
    const member = loaded.estate.identityCenter!.get('d-2222222222')!;
    expect(member).toMatchObject({ ownerAccountId: '222222222222', region: 'eu-west-1' });
    expect([...collected(member.permissionSets).values()].map((p) => [p.name, p.managedPolicies])).toEqual([
      ['Developer', [{ arn: 'arn:aws:iam::aws:policy/PowerUserAccess', name: 'PowerUserAccess' }]],
    ]);
  });

  it('reads a permission set\'s policies and accounts from its own files', () => {
    const readOnly = set(instance, READ_ONLY);
    expect(readOnly).toMatchObject({
      name: 'ReadOnly',
      description: 'read everything',
      sessionDuration: 'PT4H',
      managedPolicies: [{ arn: 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess', name: 'ViewOnlyAccess' }],
      customerManagedPolicies: [{ name: 'TeamRead', path: '/team/' }],
      boundary: { kind: 'customer-managed', name: 'Boundary', path: '/' },
      provisionedAccounts: ['111111111111', '222222222222'],
    });
    const inline = readOnly.inlinePolicy;
    expect(inline !== null && !isUncollected(inline) ? [inline.name, inline.statements.length] : inline).toEqual([`${READ_ONLY}#inline`, 1]);
    expect(readOnly.source?.file).toBe(path.join(ROOT, READ_ONLY_DIR, 'metadata.json'));
  });

  it('reads them from metadata.json when there is no file, and a missing datum as none', () => {
    expect(set(instance, ADMIN)).toMatchObject({
      managedPolicies: [{ arn: 'arn:aws:iam::aws:policy/AdministratorAccess', name: 'AdministratorAccess' }],
      boundary: { kind: 'managed', arn: 'arn:aws:iam::aws:policy/PowerUserAccess' },
      provisionedAccounts: ['222222222222'],
      inlinePolicy: null,
    });
    expect(set(instance, EMPTY)).toMatchObject({ inlinePolicy: null, managedPolicies: [], customerManagedPolicies: [], boundary: null, provisionedAccounts: [] });
  });

  it('reads users and groups of identitystore/, members from members.json and memberships', () => {
    const users = [...collected(instance.users).values()];
    expect(users.map((u) => [u.id, u.userName, u.displayName, u.emails])).toEqual([
      ['11111111-aaaa-4aaa-8aaa-111111111111', 'alice@example.com', 'Alice', ['alice@example.com']],
      ['22222222-bbbb-4bbb-8bbb-222222222222', 'bob@example.com', undefined, []],
    ]);
    const groups = [...collected(instance.groups).values()];
    expect(groups.map((g) => [g.displayName, g.memberIds])).toEqual([
      ['Platform', ['11111111-aaaa-4aaa-8aaa-111111111111']],
      ['Auditors', ['22222222-bbbb-4bbb-8bbb-222222222222']],
    ]);
  });

  it('leaves users and groups unknown without identitystore/, and says the assignments are not stored', () => {
    const member = loaded.estate.identityCenter!.get('d-2222222222')!;
    expect(uncollected(member.users).what).toContain('identity store d-2222222222');
    uncollected(member.groups);
    expect(member.assignments).toEqual([]);
    expectDiagnostic(loaded.diagnostics, ROOT, { code: 'iam-collect/identity-center-assignments-not-collected', file: `${INSTANCE}/metadata.json`, pointer: '', severity: 'info' });
    expect(loaded.diagnostics.filter((d) => d.code === 'iam-collect/identity-center-assignments-not-collected')).toHaveLength(2);
    expect(loaded.diagnostics.map((d) => d.code)).not.toContain('iam-collect/services-skipped');
  });
});

describe('iam-collect store: Identity Center problems', () => {
  it('a broken policy file leaves that datum unknown, and the rest loads', () => {
    const root = fixtureCopy('iam-collect-identity-center', { [`${READ_ONLY_DIR}/managed-policies.json`]: '["arn:aws:iam::aws:policy/', [`${READ_ONLY_DIR}/permissions-boundary.json`]: '{' });
    const { instance, loaded } = instanceOf(root, 'd-1111111111');
    const readOnly = set(instance, READ_ONLY);
    expect(uncollected(readOnly.managedPolicies).what).toContain('managed-policies.json could not be read');
    uncollected(readOnly.boundary);
    expect(readOnly.customerManagedPolicies).toEqual([{ name: 'TeamRead', path: '/team/' }]);
    expect(loaded.diagnostics.filter((d) => d.code === 'iam-collect/invalid-json')).toHaveLength(2);
  });

  it('an instance that does not name its identity store is keyed by its instance id, or by what a membership says', () => {
    const bare = JSON.stringify({ arn: 'arn:aws:sso:::instance/ssoins-2222222222222222', ownerAccountId: '222222222222' });
    const root = fixtureCopy('iam-collect-identity-center', { [`${MEMBER}/sso/eu-west-1/instance/ssoins-2222222222222222/metadata.json`]: bare });
    const { instance, loaded } = instanceOf(root, 'ssoins-2222222222222222');
    expect(instance.instanceArn).toBe('arn:aws:sso:::instance/ssoins-2222222222222222');
    expectDiagnostic(loaded.diagnostics, root, { code: 'iam-collect/identity-store-unknown', file: `${MEMBER}/sso/eu-west-1/instance/ssoins-2222222222222222/metadata.json`, pointer: '', severity: 'warning' });

    const named = fixtureCopy('iam-collect-identity-center', { [`${INSTANCE}/metadata.json`]: JSON.stringify({ arn: 'arn:aws:sso:::instance/ssoins-1111111111111111' }) });
    expect(instanceOf(named, 'd-1111111111').loaded.diagnostics.map((d) => d.code)).not.toContain('iam-collect/identity-store-unknown');
  });

  it('a permission set whose instance folder is missing still names its instance', () => {
    const root = fixtureCopy('iam-collect-identity-center', { [`${MEMBER}/sso/eu-west-1/instance`]: null });
    const { instance } = instanceOf(root, 'ssoins-2222222222222222');
    expect(instance).toMatchObject({ instanceArn: 'arn:aws:sso:::instance/ssoins-2222222222222222', region: 'eu-west-1', ownerAccountId: '222222222222' });
    expect([...collected(instance.permissionSets).values()].map((p) => p.name)).toEqual(['Developer']);
  });

  it('two instances of one identity store: the first is kept', () => {
    const twin = JSON.stringify({ arn: 'arn:aws:sso:::instance/ssoins-2222222222222222', identityStoreId: 'd-1111111111' });
    const root = fixtureCopy('iam-collect-identity-center', { [`${MEMBER}/sso/eu-west-1/instance/ssoins-2222222222222222/metadata.json`]: twin });
    const { instance, loaded } = instanceOf(root, 'd-1111111111');
    expect(instance.instanceArn).toBe('arn:aws:sso:::instance/ssoins-1111111111111111');
    expectDiagnostic(loaded.diagnostics, root, { code: 'iam-collect/identity-center-duplicate-store', file: `${MEMBER}/sso/eu-west-1/instance/ssoins-2222222222222222/metadata.json`, pointer: '', severity: 'error' });
  });

  it('a user that does not say its identity store, in an account of two instances, is left out', () => {
    const second = JSON.stringify({ arn: 'arn:aws:sso:::instance/ssoins-3333333333333333', identityStoreId: 'd-3333333333' });
    const user = JSON.stringify({ arn: 'arn:aws:identitystore:::user/99999999-aaaa-4aaa-8aaa-999999999999', UserName: 'carol' });
    const root = fixtureCopy('iam-collect-identity-center', {
      [`${MGMT}/sso/us-east-1/instance/ssoins-3333333333333333/metadata.json`]: second,
      [`${MGMT}/identitystore/user/99999999-aaaa-4aaa-8aaa-999999999999/metadata.json`]: user,
    });
    const { instance, loaded } = instanceOf(root, 'd-1111111111');
    expect([...collected(instance.users).values()].map((u) => u.userName)).toEqual(['alice@example.com', 'bob@example.com']);
    expect(collected(loaded.estate.identityCenter!.get('d-3333333333')!.users).size).toBe(0);
    expectDiagnostic(loaded.diagnostics, root, { code: 'iam-collect/identity-center-unattributed', file: `${MGMT}/identitystore/user/99999999-aaaa-4aaa-8aaa-999999999999/metadata.json`, pointer: '', severity: 'warning' });
  });
});
