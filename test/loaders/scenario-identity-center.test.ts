import { describe, expect, it } from 'vitest';
import { isUncollected, type Uncollected } from '../../src/core/model/estate.js';
import type { IdentityCenterInstance, PermissionSet } from '../../src/core/model/identity-center.js';
import { loadScenarioText } from '../../src/loaders/scenario/load-scenario-file.js';
import type { LoadedScenario } from '../../src/loaders/scenario/scenario-types.js';

const HEAD = 'trustmap: scenario/v1\n';

function load(body: string): LoadedScenario {
  return loadScenarioText(`${HEAD}${body}`, 'case.yaml');
}

function instance(loaded: LoadedScenario, storeId: string): IdentityCenterInstance {
  const found = loaded.estate.identityCenter?.get(storeId);
  if (!found) throw new Error(`no instance ${storeId}: ${JSON.stringify(loaded.diagnostics, null, 2)}`);
  return found;
}

function collected<T>(value: T | Uncollected): T {
  if (isUncollected(value)) throw new Error('uncollected');
  return value as T;
}

function permissionSet(ic: IdentityCenterInstance, name: string): PermissionSet {
  const found = [...collected(ic.permissionSets).values()].find((p) => p.name === name);
  if (!found) throw new Error(`no permission set ${name}`);
  return found;
}

const ESTATE = `policies:
  ReadLogs: { Version: "2012-10-17", Statement: [ { Effect: Allow, Action: "logs:Get*", Resource: "*" } ] }
identityCenter:
  identityStoreId: d-1111111111
  region: eu-west-1
  users:
    - { userName: alice@example.com, displayName: Alice }
    - { userName: bob@example.com, id: 11111111-2222-3333-4444-555555555555, emails: [bob@example.com] }
  groups:
    - { name: Platform, members: [alice@example.com] }
    - { name: Auditors, description: read-only people, members: [alice@example.com, bob@example.com] }
  permissionSets:
    - name: AdministratorAccess
      managedPolicies: [arn:aws:iam::aws:policy/AdministratorAccess]
      sessionDuration: PT1H
    - name: ReadOnly
      managedPolicies: [arn:aws:iam::aws:policy/job-function/ViewOnlyAccess]
      inlinePolicy: ReadLogs
      customerManagedPolicies: [{ name: TeamRead, path: /team/ }, Common]
      boundary: { name: Boundary }
      provisionedTo: ["333333333333"]
    - name: Deploy
      inlinePolicy: { Version: "2012-10-17", Statement: [ { Effect: Allow, Action: "s3:PutObject", Resource: "*" } ] }
      boundary: { managedPolicyArn: arn:aws:iam::aws:policy/PowerUserAccess }
  assignments:
    - { account: "111111111111", permissionSet: AdministratorAccess, group: Platform }
    - { account: "222222222222", permissionSet: AdministratorAccess, group: Platform }
    - { account: "222222222222", permissionSet: ReadOnly, user: bob@example.com }
    - { account: "222222222222", permissionSet: Deploy, group: Auditors }
`;

describe('scenario `identityCenter` (scenario-format.md, "identityCenter")', () => {
  it('reads users, groups, permission sets and assignments, direct and through a group', () => {
    const loaded = load(ESTATE);
    expect(loaded.diagnostics).toEqual([]);
    const ic = instance(loaded, 'd-1111111111');
    expect(ic.instanceArn).toMatch(/^arn:aws:sso:::instance\/ssoins-[0-9a-f]{16}$/);
    expect(ic.region).toBe('eu-west-1');
    expect(ic.source?.line).toBe(4);

    const users = [...collected(ic.users).values()];
    expect(users.map((u) => u.userName)).toEqual(['alice@example.com', 'bob@example.com']);
    const [alice, bob] = users;
    expect(alice!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(alice!.displayName).toBe('Alice');
    expect(bob).toMatchObject({ id: '11111111-2222-3333-4444-555555555555', emails: ['bob@example.com'] });

    const groups = [...collected(ic.groups).values()];
    expect(groups.map((g) => [g.displayName, g.memberIds])).toEqual([
      ['Platform', [alice!.id]],
      ['Auditors', [alice!.id, bob!.id]],
    ]);
    expect(groups[1]!.description).toBe('read-only people');

    const admin = permissionSet(ic, 'AdministratorAccess');
    const instanceId = ic.instanceArn.slice(ic.instanceArn.lastIndexOf('/') + 1);
    expect(admin.arn).toMatch(new RegExp(`^arn:aws:sso:::permissionSet/${instanceId}/ps-[0-9a-f]{16}$`));
    expect(admin).toMatchObject({
      sessionDuration: 'PT1H',
      inlinePolicy: null,
      managedPolicies: [{ arn: 'arn:aws:iam::aws:policy/AdministratorAccess', name: 'AdministratorAccess' }],
      customerManagedPolicies: [],
      boundary: null,
      // Not given: the accounts it is assigned in.
      provisionedAccounts: ['111111111111', '222222222222'],
    });

    const readOnly = permissionSet(ic, 'ReadOnly');
    expect(readOnly.managedPolicies).toEqual([{ arn: 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess', name: 'ViewOnlyAccess' }]);
    expect(readOnly.customerManagedPolicies).toEqual([{ name: 'TeamRead', path: '/team/' }, { name: 'Common', path: '/' }]);
    expect(readOnly.boundary).toEqual({ kind: 'customer-managed', name: 'Boundary', path: '/' });
    expect(readOnly.provisionedAccounts).toEqual(['333333333333']);
    const inline = readOnly.inlinePolicy;
    expect(inline && !isUncollected(inline) ? inline.name : undefined).toBe('ReadLogs');

    const deploy = permissionSet(ic, 'Deploy');
    expect(deploy.boundary).toEqual({ kind: 'managed', arn: 'arn:aws:iam::aws:policy/PowerUserAccess' });
    expect(deploy.inlinePolicy && !isUncollected(deploy.inlinePolicy) ? deploy.inlinePolicy.name : undefined).toBe(`${deploy.arn}#inline`);

    expect(ic.assignments.map((a) => [a.accountId, a.permissionSetArn, a.principalType, a.principalId])).toEqual([
      ['111111111111', admin.arn, 'GROUP', groups[0]!.id],
      ['222222222222', admin.arn, 'GROUP', groups[0]!.id],
      ['222222222222', readOnly.arn, 'USER', bob!.id],
      ['222222222222', deploy.arn, 'GROUP', groups[1]!.id],
    ]);
    expect(ic.assignments[2]!.source?.line).toBe(29);
  });

  it('makes up the same ids and ARNs on every load', () => {
    const first = instance(load(ESTATE), 'd-1111111111');
    const second = instance(load(ESTATE), 'd-1111111111');
    expect(second.instanceArn).toBe(first.instanceArn);
    expect([...collected(second.users).keys()]).toEqual([...collected(first.users).keys()]);
    expect([...collected(second.groups).keys()]).toEqual([...collected(first.groups).keys()]);
    expect([...collected(second.permissionSets).keys()]).toEqual([...collected(first.permissionSets).keys()]);
  });

  it('keeps the instance ARN it is given', () => {
    const ic = instance(load('identityCenter:\n  instance: arn:aws:sso:::instance/ssoins-1111111111111111\n  identityStoreId: d-1111111111\n  permissionSets: [{ name: A }]\n'), 'd-1111111111');
    expect(ic.instanceArn).toBe('arn:aws:sso:::instance/ssoins-1111111111111111');
    expect(permissionSet(ic, 'A').arn).toMatch(/^arn:aws:sso:::permissionSet\/ssoins-1111111111111111\/ps-[0-9a-f]{16}$/);
  });

  it('reads a list of instances, kept apart by identity store id', () => {
    const loaded = load(`identityCenter:
  - identityStoreId: d-1111111111
    ownerAccount: "111111111111"
    users: [{ userName: alice }]
    permissionSets: [{ name: Admin }]
    assignments: [{ account: "111111111111", permissionSet: Admin, user: alice }]
  - identityStoreId: d-2222222222
    ownerAccount: "222222222222"
    users: [{ userName: alice }]
    permissionSets: [{ name: Admin }]
`);
    expect(loaded.diagnostics).toEqual([]);
    expect([...(loaded.estate.identityCenter?.keys() ?? [])]).toEqual(['d-1111111111', 'd-2222222222']);
    const one = instance(loaded, 'd-1111111111');
    const two = instance(loaded, 'd-2222222222');
    expect(one.instanceArn).not.toBe(two.instanceArn);
    expect(one.ownerAccountId).toBe('111111111111');
    expect([...collected(one.users).keys()]).not.toEqual([...collected(two.users).keys()]);
    expect(permissionSet(one, 'Admin').arn).not.toBe(permissionSet(two, 'Admin').arn);
    expect(permissionSet(two, 'Admin').provisionedAccounts).toEqual([]);
    expect(two.assignments).toEqual([]);
  });

  it('leaves the estate without Identity Center when the block is absent', () => {
    expect(load('accounts: {}\n').estate.identityCenter).toBeUndefined();
  });
});

interface BadCase {
  readonly name: string;
  readonly body: string;
  readonly code: string;
  readonly pointer: string;
  readonly line: number;
  readonly help?: string;
  readonly severity?: 'error' | 'warning';
}

const IC = 'identityCenter:\n  identityStoreId: d-1111111111\n';
const PEOPLE = `${IC}  users: [{ userName: alice@example.com }]\n  groups: [{ name: Platform }]\n  permissionSets: [{ name: ReadOnly }]\n`;

const BAD: readonly BadCase[] = [
  {
    name: 'an assignment to an unknown user',
    body: `${PEOPLE}  assignments:\n    - { account: "111111111111", permissionSet: ReadOnly, user: alice@exmaple.com }\n`,
    code: 'scenario/identity-center-unknown-user',
    pointer: '/identityCenter/assignments/0/user',
    line: 8,
    help: 'did you mean `alice@example.com`?',
  },
  {
    name: 'a group member who is not a user',
    body: `${IC}  users: [{ userName: alice }]\n  groups: [{ name: Platform, members: [alcie] }]\n`,
    code: 'scenario/identity-center-unknown-user',
    pointer: '/identityCenter/groups/0/members/0',
    line: 5,
    help: 'did you mean `alice`?',
  },
  {
    name: 'an assignment to an unknown group',
    body: `${PEOPLE}  assignments:\n    - { account: "111111111111", permissionSet: ReadOnly, group: platform }\n`,
    code: 'scenario/identity-center-unknown-group',
    pointer: '/identityCenter/assignments/0/group',
    line: 8,
    help: 'did you mean `Platform`?',
  },
  {
    name: 'an assignment of an unknown permission set',
    body: `${PEOPLE}  assignments:\n    - { account: "111111111111", permissionSet: ReadOnyl, group: Platform }\n`,
    code: 'scenario/identity-center-unknown-permission-set',
    pointer: '/identityCenter/assignments/0/permissionSet',
    line: 8,
    help: 'did you mean `ReadOnly`?',
  },
  {
    name: 'an assignment to a user and a group',
    body: `${PEOPLE}  assignments:\n    - { account: "111111111111", permissionSet: ReadOnly, group: Platform, user: alice@example.com }\n`,
    code: 'scenario/identity-center-assignment-principal',
    pointer: '/identityCenter/assignments/0',
    line: 8,
  },
  {
    name: 'an assignment to nobody',
    body: `${PEOPLE}  assignments:\n    - { account: "111111111111", permissionSet: ReadOnly }\n`,
    code: 'scenario/identity-center-assignment-principal',
    pointer: '/identityCenter/assignments/0',
    line: 8,
  },
  {
    name: 'an assignment in an account that is not 12 digits',
    body: `${PEOPLE}  assignments:\n    - { account: "11111111111", permissionSet: ReadOnly, group: Platform }\n`,
    code: 'scenario/invalid-account-id',
    pointer: '/identityCenter/assignments/0/account',
    line: 8,
  },
  {
    name: 'an assignment without an account',
    body: `${PEOPLE}  assignments:\n    - { permissionSet: ReadOnly, group: Platform }\n`,
    code: 'scenario/missing-field',
    pointer: '/identityCenter/assignments/0/account',
    line: 8,
  },
  {
    name: 'two users of one name',
    body: `${IC}  users: [{ userName: alice }, { userName: alice }]\n`,
    code: 'scenario/duplicate-name',
    pointer: '/identityCenter/users/1/userName',
    line: 4,
  },
  {
    name: 'two permission sets of one name',
    body: `${IC}  permissionSets:\n    - { name: ReadOnly }\n    - { name: ReadOnly }\n`,
    code: 'scenario/duplicate-name',
    pointer: '/identityCenter/permissionSets/1/name',
    line: 6,
  },
  {
    name: 'two instances of one identity store',
    body: 'identityCenter:\n  - { identityStoreId: d-1111111111 }\n  - { identityStoreId: d-1111111111 }\n',
    code: 'scenario/identity-center-duplicate-store',
    pointer: '/identityCenter/1/identityStoreId',
    line: 4,
  },
  {
    name: 'an instance without an identity store id',
    body: 'identityCenter:\n  region: us-east-1\n',
    code: 'scenario/missing-field',
    pointer: '/identityCenter/identityStoreId',
    line: 2,
  },
  {
    name: 'a misspelt field of a permission set',
    body: `${IC}  permissionSets:\n    - { name: ReadOnly, managedPolicy: [arn:aws:iam::aws:policy/ReadOnlyAccess] }\n`,
    code: 'scenario/unknown-field',
    pointer: '/identityCenter/permissionSets/0/managedPolicy',
    line: 5,
    help: 'did you mean `managedPolicies`?',
  },
  {
    name: 'a customer managed policy under managedPolicies',
    body: `${IC}  permissionSets:\n    - { name: ReadOnly, managedPolicies: [arn:aws:iam::111111111111:policy/Mine] }\n`,
    code: 'scenario/invalid-arn',
    pointer: '/identityCenter/permissionSets/0/managedPolicies/0',
    line: 5,
  },
  {
    name: 'a boundary with both kinds',
    body: `${IC}  permissionSets:\n    - { name: ReadOnly, boundary: { name: B, managedPolicyArn: arn:aws:iam::aws:policy/ReadOnlyAccess } }\n`,
    code: 'scenario/invalid-value',
    pointer: '/identityCenter/permissionSets/0/boundary',
    line: 5,
  },
  {
    name: 'a session duration that is not ISO 8601',
    body: `${IC}  permissionSets:\n    - { name: ReadOnly, sessionDuration: 1h }\n`,
    code: 'scenario/invalid-value',
    pointer: '/identityCenter/permissionSets/0/sessionDuration',
    line: 5,
  },
  {
    name: 'a malformed identity store id',
    body: 'identityCenter:\n  identityStoreId: store-1\n',
    code: 'scenario/invalid-value',
    pointer: '/identityCenter/identityStoreId',
    line: 3,
  },
  {
    name: 'a malformed instance ARN',
    body: `${IC}  instance: arn:aws:sso:::instance/nope\n`,
    code: 'scenario/invalid-arn',
    pointer: '/identityCenter/instance',
    line: 4,
  },
  {
    name: 'an inline policy that names no policy',
    body: `${IC}  permissionSets:\n    - { name: ReadOnly, inlinePolicy: Missing }\n`,
    code: 'scenario/unknown-policy',
    pointer: '/identityCenter/permissionSets/0/inlinePolicy',
    line: 5,
  },
];

describe('scenario `identityCenter` diagnostics', () => {
  it.each(BAD)('$name → $code', (c) => {
    const loaded = load(c.body);
    const found = loaded.diagnostics.find((d) => d.code === c.code);
    expect(found, JSON.stringify(loaded.diagnostics, null, 2)).toBeDefined();
    expect(found?.severity).toBe(c.severity ?? 'error');
    expect(found?.source?.pointer).toBe(c.pointer);
    expect(found?.source?.line).toBe(c.line);
    expect(found?.message).toMatch(/^[^A-Z].*[^.]$/);
    if (c.help !== undefined) expect(found?.help).toBe(c.help);
    expect(loaded.unusable).toBeUndefined();
  });

  it('leaves out what is wrong and keeps the rest', () => {
    const loaded = load(`${PEOPLE}  assignments:\n    - { account: "111111111111", permissionSet: ReadOnly, group: Nobody }\n    - { account: "111111111111", permissionSet: ReadOnly, group: Platform }\n`);
    const ic = instance(loaded, 'd-1111111111');
    expect(ic.assignments).toHaveLength(1);
    expect(permissionSet(ic, 'ReadOnly').provisionedAccounts).toEqual(['111111111111']);
  });

  it('drops an instance without a usable store id, but still checks its parts', () => {
    const loaded = load('identityCenter:\n  users: [{ userName: a, nickname: x }]\n');
    expect(loaded.estate.identityCenter).toBeUndefined();
    expect(loaded.diagnostics.map((d) => d.code).sort()).toEqual(['scenario/missing-field', 'scenario/unknown-field']);
  });
});
