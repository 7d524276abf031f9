import { createHash } from 'node:crypto';
import { didYouMean } from '../../core/did-you-mean.js';
import type { DiagnosticCode } from '../../core/diagnostic-codes.js';
import type {
  AccountAssignment,
  IdentityCenterGroup,
  IdentityCenterInstance,
  IdentityCenterUser,
  PermissionSet,
  PermissionSetBoundary,
} from '../../core/model/identity-center.js';
import type { Policy } from '../../core/policy/policy-types.js';
import type { PolicyResolver } from './policy-refs.js';
import { child, type Fields, type ScenarioReader } from './scenario-reader.js';

const INSTANCE_FIELDS = ['instance', 'identityStoreId', 'name', 'region', 'ownerAccount', 'users', 'groups', 'permissionSets', 'assignments'] as const;
const USER_FIELDS = ['userName', 'displayName', 'id', 'emails'] as const;
const GROUP_FIELDS = ['name', 'id', 'description', 'members'] as const;
const PERMISSION_SET_FIELDS = ['name', 'arn', 'description', 'sessionDuration', 'managedPolicies', 'inlinePolicy', 'customerManagedPolicies', 'boundary', 'provisionedTo'] as const;
const ASSIGNMENT_FIELDS = ['account', 'permissionSet', 'user', 'group'] as const;
const POLICY_REFERENCE_FIELDS = ['name', 'path'] as const;
const BOUNDARY_FIELDS = ['managedPolicyArn', 'name', 'path'] as const;

/** AWS's patterns (sso-admin and identitystore API references). */
const IDENTITY_STORE_ID = /^(?:d-[0-9a-f]{10}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const INSTANCE_ARN = /^arn:[^:]+:sso:::instance\/((?:sso)?ins-[a-zA-Z0-9-.]{16})$/;
const PERMISSION_SET_ARN = /^arn:[^:]+:sso:::permissionSet\/((?:sso)?ins-[a-zA-Z0-9-.]{16})\/ps-[a-zA-Z0-9-./]{16}$/;
const AWS_MANAGED_POLICY_ARN = /^arn:[^:]+:iam::aws:policy\/(?:.+\/)?([^/]+)$/;
const IAM_PATH = /^\/(?:[\x21-\x7e]+\/)?$/;
/** ISO 8601 durations as permission sets take them (`PT1H`, `PT90M`). */
const SESSION_DURATION = /^PT(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?$/;

interface Scope {
  readonly reader: ScenarioReader;
  readonly policies: PolicyResolver;
  readonly partition: string;
}

/** A permission set before its assignments are known (its default `provisionedTo` comes from them). */
interface PermissionSetDraft {
  readonly set: Omit<PermissionSet, 'provisionedAccounts'>;
  readonly provisionedTo: readonly string[] | undefined;
}

/**
 * Reads `identityCenter:`, one instance (a mapping) or several (a list), kept apart by identity
 * store id. Ids and ARNs left out are made up from names, the same on every load.
 */
export function loadIdentityCenter(value: unknown, pointer: string, partition: string, reader: ScenarioReader, policies: PolicyResolver): Map<string, IdentityCenterInstance> {
  const instances = new Map<string, IdentityCenterInstance>();
  if (value === undefined || value === null) return instances;
  const entries = Array.isArray(value) ? value.map((entry, i) => ({ entry, at: child(pointer, i) })) : [{ entry: value, at: pointer }];
  for (const { entry, at } of entries) {
    const fields = reader.mapping(entry, at, 'an Identity Center instance');
    if (!fields) {
      if (entry === null) reader.report(at, 'scenario/invalid-type', 'error', 'an Identity Center instance cannot be null');
      continue;
    }
    const instance = loadInstance(fields, at, { reader, policies, partition });
    if (!instance) continue;
    if (instances.has(instance.identityStoreId)) {
      reader.report(child(at, 'identityStoreId'), 'scenario/identity-center-duplicate-store', 'error', `the identity store \`${instance.identityStoreId}\` is listed for two instances; the first is kept`, 'each Identity Center instance has its own identity store');
      continue;
    }
    instances.set(instance.identityStoreId, instance);
  }
  return instances;
}

function loadInstance(fields: Fields, pointer: string, scope: Scope): IdentityCenterInstance | undefined {
  const { reader } = scope;
  reader.knownFields(fields, pointer, INSTANCE_FIELDS, 'an Identity Center instance');
  const storeId = identityStoreId(fields.identityStoreId, child(pointer, 'identityStoreId'), reader);
  // Read on without a store id, so that the rest of the block is still checked.
  const seed = storeId ?? 'unknown';
  const instanceArn = readInstanceArn(fields.instance, child(pointer, 'instance'), reader) ?? `arn:${scope.partition}:sso:::instance/ssoins-${hex16(`instance:${seed}`)}`;
  const instanceId = instanceArn.slice(instanceArn.lastIndexOf('/') + 1);
  const name = reader.string(fields.name, child(pointer, 'name'), 'the instance `name`');
  const region = reader.string(fields.region, child(pointer, 'region'), 'the instance `region`');
  const ownerAccountId = reader.accountId(fields.ownerAccount, child(pointer, 'ownerAccount'), 'the `ownerAccount`');
  const users = loadUsers(fields.users, child(pointer, 'users'), seed, scope);
  const userIds = new Map([...users.values()].map((u) => [u.userName, u.id]));
  const groups = loadGroups(fields.groups, child(pointer, 'groups'), seed, userIds, scope);
  const drafts = loadPermissionSets(fields.permissionSets, child(pointer, 'permissionSets'), instanceArn, instanceId, scope);
  const groupIds = new Map([...groups.values()].map((g) => [g.displayName, g.id]));
  const setArns = new Map([...drafts].map(([setName, d]) => [setName, d.set.arn]));
  const assignments = loadAssignments(fields.assignments, child(pointer, 'assignments'), { users: userIds, groups: groupIds, permissionSets: setArns }, scope);
  if (storeId === undefined) return undefined;
  return {
    instanceArn,
    identityStoreId: storeId,
    ...(name !== undefined ? { name } : {}),
    ...(ownerAccountId !== undefined ? { ownerAccountId } : {}),
    ...(region !== undefined ? { region } : {}),
    users,
    groups,
    permissionSets: new Map([...drafts.values()].map((d) => [d.set.arn, finishPermissionSet(d, assignments)])),
    assignments,
    assignmentsUncollected: [],
    source: reader.location(pointer),
  };
}

function identityStoreId(value: unknown, pointer: string, reader: ScenarioReader): string | undefined {
  const id = reader.requiredString(value, pointer, 'the `identityStoreId` of an Identity Center instance');
  if (id === undefined || IDENTITY_STORE_ID.test(id)) return id;
  reader.report(pointer, 'scenario/invalid-value', 'error', `\`${id}\` is not an identity store id`, 'an identity store id is `d-` and 10 hexadecimal digits, as in `d-1111111111`');
  return undefined;
}

function readInstanceArn(value: unknown, pointer: string, reader: ScenarioReader): string | undefined {
  const arn = reader.string(value, pointer, 'the `instance` ARN');
  if (arn === undefined || INSTANCE_ARN.test(arn)) return arn;
  reader.report(pointer, 'scenario/invalid-arn', 'error', `\`${arn}\` is not an Identity Center instance ARN`, 'write `arn:aws:sso:::instance/ssoins-<16 characters>`, or leave it out to have one made up');
  return undefined;
}

/**
 * The entries of a list of named things, each checked for unknown fields first; an entry without a
 * usable name, or with a name already taken, is reported and skipped.
 */
function namedEntries(value: unknown, pointer: string, what: string, nameField: string, known: readonly string[], one: string, reader: ScenarioReader): Array<{ fields: Fields; at: string; name: string }> {
  const seen = new Set<string>();
  return reader.list(value, pointer, `\`${what}\``).flatMap((entry, i) => {
    const at = child(pointer, i);
    const fields = reader.mapping(entry, at, `an entry of \`${what}\``);
    if (!fields) {
      if (entry === null) reader.report(at, 'scenario/invalid-type', 'error', `an entry of \`${what}\` cannot be null`);
      return [];
    }
    reader.knownFields(fields, at, known, one);
    const name = reader.requiredString(fields[nameField], child(at, nameField), `the \`${nameField}\` of ${one}`);
    if (name === undefined) return [];
    if (seen.has(name)) {
      reader.report(child(at, nameField), 'scenario/duplicate-name', 'error', `\`${name}\` is listed twice under \`${what}\``);
      return [];
    }
    seen.add(name);
    return [{ fields, at, name }];
  });
}

function loadUsers(value: unknown, pointer: string, storeSeed: string, scope: Scope): Map<string, IdentityCenterUser> {
  const { reader } = scope;
  const users = new Map<string, IdentityCenterUser>();
  for (const { fields, at, name } of namedEntries(value, pointer, 'users', 'userName', USER_FIELDS, 'an Identity Center user', reader)) {
    const id = reader.string(fields.id, child(at, 'id'), 'the user `id`') ?? stableUuid(`user:${storeSeed}:${name}`);
    if (users.has(id)) {
      reader.report(child(at, 'id'), 'scenario/duplicate-name', 'error', `the user id \`${id}\` is listed twice under \`users\``);
      continue;
    }
    const displayName = reader.string(fields.displayName, child(at, 'displayName'), 'the user `displayName`');
    const emails = reader.list(fields.emails, child(at, 'emails'), 'the user `emails`').flatMap((e, i) => reader.string(e, child(child(at, 'emails'), i), 'an e-mail address') ?? []);
    users.set(id, { id, userName: name, ...(displayName !== undefined ? { displayName } : {}), emails, source: reader.location(at) });
  }
  return users;
}

function loadGroups(value: unknown, pointer: string, storeSeed: string, userIds: ReadonlyMap<string, string>, scope: Scope): Map<string, IdentityCenterGroup> {
  const { reader } = scope;
  const groups = new Map<string, IdentityCenterGroup>();
  for (const { fields, at, name } of namedEntries(value, pointer, 'groups', 'name', GROUP_FIELDS, 'an Identity Center group', reader)) {
    const id = reader.string(fields.id, child(at, 'id'), 'the group `id`') ?? stableUuid(`group:${storeSeed}:${name}`);
    if (groups.has(id)) {
      reader.report(child(at, 'id'), 'scenario/duplicate-name', 'error', `the group id \`${id}\` is listed twice under \`groups\``);
      continue;
    }
    const description = reader.string(fields.description, child(at, 'description'), 'the group `description`');
    const membersAt = child(at, 'members');
    const memberIds = reader.list(fields.members, membersAt, 'the group `members`').flatMap((entry, i) => {
      const userName = reader.string(entry, child(membersAt, i), 'a member `userName`');
      return userName === undefined ? [] : (lookUp(userName, userIds, child(membersAt, i), 'user', reader) ?? []);
    });
    groups.set(id, { id, displayName: name, ...(description !== undefined ? { description } : {}), memberIds: [...new Set(memberIds)], source: reader.location(at) });
  }
  return groups;
}

function loadPermissionSets(value: unknown, pointer: string, instanceArn: string, instanceId: string, scope: Scope): Map<string, PermissionSetDraft> {
  const { reader } = scope;
  const drafts = new Map<string, PermissionSetDraft>();
  const arns = new Set<string>();
  for (const { fields, at, name } of namedEntries(value, pointer, 'permissionSets', 'name', PERMISSION_SET_FIELDS, 'a permission set', reader)) {
    const arn = permissionSetArn(fields.arn, child(at, 'arn'), instanceArn, instanceId, reader) ?? `${instanceArn.replace(/:instance\/.*$/, ':permissionSet/')}${instanceId}/ps-${hex16(`permission-set:${name}`)}`;
    if (arns.has(arn)) {
      reader.report(child(at, 'arn'), 'scenario/duplicate-name', 'error', `the permission set \`${arn}\` is listed twice under \`permissionSets\``);
      continue;
    }
    arns.add(arn);
    const description = reader.string(fields.description, child(at, 'description'), 'the permission set `description`');
    const sessionDuration = readSessionDuration(fields.sessionDuration, child(at, 'sessionDuration'), reader);
    const inline = fields.inlinePolicy;
    const inlinePolicy: Policy | null =
      inline === undefined || inline === null ? null : scope.policies.resolve(inline, child(at, 'inlinePolicy'), 'identity', typeof inline === 'string' ? inline : `${arn}#inline`);
    const provisionedTo = fields.provisionedTo === undefined || fields.provisionedTo === null ? undefined : accountList(fields.provisionedTo, child(at, 'provisionedTo'), reader);
    drafts.set(name, {
      set: {
        arn,
        name,
        ...(description !== undefined ? { description } : {}),
        ...(sessionDuration !== undefined ? { sessionDuration } : {}),
        inlinePolicy,
        managedPolicies: managedPolicies(fields.managedPolicies, child(at, 'managedPolicies'), reader),
        customerManagedPolicies: customerManagedPolicies(fields.customerManagedPolicies, child(at, 'customerManagedPolicies'), reader),
        boundary: readBoundary(fields.boundary, child(at, 'boundary'), reader),
        source: reader.location(at),
      },
      provisionedTo,
    });
  }
  return drafts;
}

function permissionSetArn(value: unknown, pointer: string, instanceArn: string, instanceId: string, reader: ScenarioReader): string | undefined {
  const arn = reader.string(value, pointer, 'the permission set `arn`');
  if (arn === undefined) return undefined;
  const match = PERMISSION_SET_ARN.exec(arn);
  if (!match) {
    reader.report(pointer, 'scenario/invalid-arn', 'error', `\`${arn}\` is not a permission set ARN`, 'write `arn:aws:sso:::permissionSet/<instance id>/ps-<16 characters>`, or leave it out to have one made up');
    return undefined;
  }
  if (match[1] !== instanceId) {
    reader.report(pointer, 'scenario/invalid-arn', 'error', `the permission set \`${arn}\` belongs to another instance than \`${instanceArn}\``);
    return undefined;
  }
  return arn;
}

function readSessionDuration(value: unknown, pointer: string, reader: ScenarioReader): string | undefined {
  const duration = reader.string(value, pointer, 'the `sessionDuration`');
  if (duration === undefined || SESSION_DURATION.test(duration)) return duration;
  reader.report(pointer, 'scenario/invalid-value', 'error', `\`${duration}\` is not an ISO 8601 duration`, 'write hours and minutes as `PT1H`, `PT8H` or `PT90M`');
  return undefined;
}

function managedPolicies(value: unknown, pointer: string, reader: ScenarioReader): Array<{ arn: string; name: string }> {
  return reader.list(value, pointer, 'the `managedPolicies`').flatMap((entry, i) => {
    const at = child(pointer, i);
    const arn = reader.string(entry, at, 'a managed policy ARN');
    if (arn === undefined) return [];
    const match = AWS_MANAGED_POLICY_ARN.exec(arn);
    if (match) return [{ arn, name: match[1]! }];
    reader.report(at, 'scenario/invalid-arn', 'error', `\`${arn}\` is not an AWS managed policy ARN`, 'a permission set attaches AWS managed policies by ARN (`arn:aws:iam::aws:policy/ReadOnlyAccess`); name your own policies under `customerManagedPolicies`');
    return [];
  });
}

/** `{ name, path }` references, or a bare name (path `/`). */
function customerManagedPolicies(value: unknown, pointer: string, reader: ScenarioReader): Array<{ name: string; path: string }> {
  return reader.list(value, pointer, 'the `customerManagedPolicies`').flatMap((entry, i) => {
    const at = child(pointer, i);
    if (typeof entry === 'string') return [{ name: entry, path: '/' }];
    const fields = reader.mapping(entry, at, 'a customer managed policy reference');
    if (!fields) return [];
    reader.knownFields(fields, at, POLICY_REFERENCE_FIELDS, 'a customer managed policy reference');
    const reference = policyReference(fields, at, reader);
    return reference ? [reference] : [];
  });
}

function policyReference(fields: Fields, pointer: string, reader: ScenarioReader): { name: string; path: string } | undefined {
  const name = reader.requiredString(fields.name, child(pointer, 'name'), 'the policy `name`');
  const path = reader.string(fields.path, child(pointer, 'path'), 'the policy `path`') ?? '/';
  if (!IAM_PATH.test(path)) {
    reader.report(child(pointer, 'path'), 'scenario/invalid-path', 'error', `the path \`${path}\` must begin and end with \`/\``);
    return undefined;
  }
  return name === undefined ? undefined : { name, path };
}

/** `{ managedPolicyArn }` (an AWS managed policy) or `{ name, path }` (a customer managed one). */
function readBoundary(value: unknown, pointer: string, reader: ScenarioReader): PermissionSetBoundary | null {
  const fields = reader.mapping(value, pointer, 'the permission set `boundary`');
  if (!fields) return null;
  reader.knownFields(fields, pointer, BOUNDARY_FIELDS, 'a permission set boundary');
  const managed = reader.string(fields.managedPolicyArn, child(pointer, 'managedPolicyArn'), 'the boundary `managedPolicyArn`');
  const hasName = fields.name !== undefined && fields.name !== null;
  if ((managed !== undefined) === hasName) {
    reader.report(pointer, 'scenario/invalid-value', 'error', 'a permission set boundary names either `managedPolicyArn` or a customer managed policy (`name`, `path`), not both nor neither');
    return null;
  }
  if (managed !== undefined) {
    if (AWS_MANAGED_POLICY_ARN.test(managed)) return { kind: 'managed', arn: managed };
    reader.report(child(pointer, 'managedPolicyArn'), 'scenario/invalid-arn', 'error', `\`${managed}\` is not an AWS managed policy ARN`);
    return null;
  }
  const reference = policyReference(fields, pointer, reader);
  return reference ? { kind: 'customer-managed', ...reference } : null;
}

function accountList(value: unknown, pointer: string, reader: ScenarioReader): string[] {
  const ids = reader.list(value, pointer, 'the `provisionedTo` accounts').flatMap((entry, i) => reader.accountId(entry, child(pointer, i), 'the account id') ?? []);
  return [...new Set(ids)];
}

interface Names {
  readonly users: ReadonlyMap<string, string>;
  readonly groups: ReadonlyMap<string, string>;
  readonly permissionSets: ReadonlyMap<string, string>;
}

function loadAssignments(value: unknown, pointer: string, names: Names, scope: Scope): AccountAssignment[] {
  const { reader } = scope;
  return reader.list(value, pointer, '`assignments`').flatMap((entry, i) => {
    const at = child(pointer, i);
    const fields = reader.mapping(entry, at, 'an assignment');
    if (!fields) return [];
    reader.knownFields(fields, at, ASSIGNMENT_FIELDS, 'an assignment');
    const hasUser = fields.user !== undefined && fields.user !== null;
    const hasGroup = fields.group !== undefined && fields.group !== null;
    if (hasUser === hasGroup) {
      reader.report(at, 'scenario/identity-center-assignment-principal', 'error', hasUser ? 'an assignment names both a `user` and a `group`' : 'an assignment names neither a `user` nor a `group`', 'an account assignment gives a permission set to one user or one group: write two assignments for both');
    }
    if (fields.account === undefined || fields.account === null) reader.report(child(at, 'account'), 'scenario/missing-field', 'error', 'the `account` of an assignment is required');
    const account = reader.accountId(fields.account, child(at, 'account'), 'the assignment `account`');
    const setName = reader.requiredString(fields.permissionSet, child(at, 'permissionSet'), 'the `permissionSet` of an assignment');
    const permissionSetArn = setName === undefined ? undefined : lookUp(setName, names.permissionSets, child(at, 'permissionSet'), 'permission set', reader);
    const kind = hasUser ? 'user' : 'group';
    const principalName = hasUser !== hasGroup ? reader.string(fields[kind], child(at, kind), `the assignment \`${kind}\``) : undefined;
    const principalId = principalName === undefined ? undefined : lookUp(principalName, hasUser ? names.users : names.groups, child(at, kind), kind, reader);
    if (account === undefined || permissionSetArn === undefined || principalId === undefined) return [];
    return [{ accountId: account, permissionSetArn, principalType: hasUser ? 'USER' : 'GROUP', principalId, source: reader.location(at) } as const];
  });
}

const UNKNOWN: Readonly<Record<'user' | 'group' | 'permission set', { readonly code: DiagnosticCode; readonly list: string }>> = {
  user: { code: 'scenario/identity-center-unknown-user', list: 'users' },
  group: { code: 'scenario/identity-center-unknown-group', list: 'groups' },
  'permission set': { code: 'scenario/identity-center-unknown-permission-set', list: 'permissionSets' },
};

/** The id (or ARN) a name stands for in this instance; an unknown name is reported, with the closest known one. */
function lookUp(name: string, known: ReadonlyMap<string, string>, pointer: string, kind: 'user' | 'group' | 'permission set', reader: ScenarioReader): string | undefined {
  const found = known.get(name);
  if (found !== undefined) return found;
  const { code, list } = UNKNOWN[kind];
  reader.report(pointer, code, 'error', `the instance has no ${kind} \`${name}\``, didYouMean(name, [...known.keys()]) ?? `list it under the instance's \`${list}\``);
  return undefined;
}

/** Without `provisionedTo`, a permission set is provisioned to the accounts it is assigned in, as AWS does on assignment. */
function finishPermissionSet(draft: PermissionSetDraft, assignments: readonly AccountAssignment[]): PermissionSet {
  const assigned = [...new Set(assignments.filter((a) => a.permissionSetArn === draft.set.arn).map((a) => a.accountId))].sort();
  return { ...draft.set, provisionedAccounts: draft.provisionedTo ?? assigned };
}

function hex(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

/** 16 hexadecimal digits drawn from `seed`: the random part of instance and permission set ids. */
function hex16(seed: string): string {
  return hex(seed).slice(0, 16);
}

/** A UUID-shaped id, as the identity store gives users and groups. */
function stableUuid(seed: string): string {
  const h = hex(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
