import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { identityCenterLinks, provisionedPermissionSetName } from '../../../src/core/model/identity-center-links.js';
import { loadEstate } from '../../../src/loaders/load-estate.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/identity-center/linked.yaml', import.meta.url));
const loaded = loadEstate(FIXTURE);
const links = identityCenterLinks(loaded.estate);
const ROLE = (name: string) => `arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/${name}`;

describe('IAM Identity Center linked to provisioned roles (docs/inputs.md, "People linked to roles")', () => {
  it('reads the permission set from the documented role name and path only', () => {
    expect(provisionedPermissionSetName({ name: 'AWSReservedSSO_AdministratorAccess_0123456789abcdef', path: '/aws-reserved/sso.amazonaws.com/' })).toBe('AdministratorAccess');
    expect(provisionedPermissionSetName({ name: 'AWSReservedSSO_Data_Read_0123456789abcdef', path: '/aws-reserved/sso.amazonaws.com/eu-west-1/' })).toBe('Data_Read');
    expect(provisionedPermissionSetName({ name: 'AWSReservedSSO_AdministratorAccess_0123456789abcdef', path: '/' })).toBeUndefined();
    expect(provisionedPermissionSetName({ name: 'AWSReservedSSO_NotAPermissionSet', path: '/aws-reserved/sso.amazonaws.com/' })).toBeUndefined();
  });

  it('links a group assignment to every member, and a user assignment to the user, through the role of the account', () => {
    const admin = links.byRole.get(ROLE('AWSReservedSSO_AdministratorAccess_0123456789abcdef')) ?? [];
    expect(admin.map((r) => [r.user.userName, r.group?.displayName, r.permissionSet.name, r.accountId])).toEqual([
      ['alice@example.com', 'Platform', 'AdministratorAccess', '222222222222'],
      ['bob@example.com', 'Platform', 'AdministratorAccess', '222222222222'],
    ]);
    const data = links.byRole.get(ROLE('AWSReservedSSO_DataRead_89abcdef01234567')) ?? [];
    expect(data.map((r) => [r.user.userName, r.group])).toEqual([['carol@example.com', undefined]]);
  });

  it('gives each person every route, one per account and permission set (cartography #2127: not only the first role)', () => {
    const alice = links.routes.filter((r) => r.user.userName === 'alice@example.com');
    expect(alice.map((r) => [r.accountId, r.permissionSet.name, r.role?.name])).toEqual([
      ['111111111111', 'Billing', undefined],
      ['222222222222', 'AdministratorAccess', 'AWSReservedSSO_AdministratorAccess_0123456789abcdef'],
    ]);
  });

  it('does not count a provisioned permission set as access (cartography #2120): AuditReadOnly has a role in prod and no route', () => {
    expect(links.byRole.get(ROLE('AWSReservedSSO_AuditReadOnly_fedcba9876543210'))).toBeUndefined();
    expect(links.provisioned.get(ROLE('AWSReservedSSO_AuditReadOnly_fedcba9876543210'))?.permissionSet.name).toBe('AuditReadOnly');
  });

  it('reports what does not fit, with stable codes and where it is written', () => {
    const found = loaded.diagnostics.filter((d) => d.code.startsWith('identity-center/'));
    expect(found.map((d) => [d.code, d.severity])).toEqual(
      expect.arrayContaining([
        ['identity-center/assignment-role-missing', 'warning'],
        ['identity-center/provisioned-not-assigned', 'info'],
        ['identity-center/unexplained-role', 'warning'],
      ]),
    );
    expect(found).toHaveLength(3);
    const missing = found.find((d) => d.code === 'identity-center/assignment-role-missing')!;
    expect(missing.message).toContain('Billing');
    expect(missing.message).toContain('111111111111');
    expect(missing.source?.file).toContain('linked.yaml');
    expect(missing.source?.line).toBeGreaterThan(0);
    expect(found.find((d) => d.code === 'identity-center/provisioned-not-assigned')!.message).toContain('AuditReadOnly');
    expect(found.find((d) => d.code === 'identity-center/unexplained-role')!.message).toContain('AWSReservedSSO_Legacy_0000111122223333');
  });

  it('says nothing of roles no assignment explains where some assignments were not collected', () => {
    const estate = loaded.estate;
    const instance = [...estate.identityCenter!.values()][0]!;
    const partial = { ...estate, identityCenter: new Map([[instance.identityStoreId, { ...instance, assignmentsUncollected: { uncollected: true as const, what: 'the assignments' } }]]) };
    const codes = identityCenterLinks(partial).diagnostics.map((d) => d.code);
    expect(codes).not.toContain('identity-center/unexplained-role');
    expect(codes).not.toContain('identity-center/provisioned-not-assigned');
  });
});

const REAL_EXPORT = fileURLToPath(new URL('../../../../shared/peers-data/cloudsplaining-example-gaad.json', import.meta.url));

describe('IAM Identity Center roles of a real authorization-details export (needs ../shared/peers-data)', () => {
  it.skipIf(!existsSync(REAL_EXPORT))('recognizes the provisioned roles by name and path, and without an instance says nothing of them', () => {
    const real = loadEstate(REAL_EXPORT);
    const roles = [...real.estate.accounts.values()].flatMap((a) => [...a.roles.values()]);
    expect(roles.map((r) => provisionedPermissionSetName(r)).filter((n) => n !== undefined).sort()).toEqual(['AdministratorAccess', 'ViewOnlyAccess']);
    expect(real.estate.identityCenter).toBeUndefined();
    expect(identityCenterLinks(real.estate).routes).toEqual([]);
    expect(real.diagnostics.filter((d) => d.code.startsWith('identity-center/'))).toEqual([]);
  });
});
