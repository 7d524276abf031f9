import { locate } from '../../core/diagnostics.js';
import type { Uncollected } from '../../core/model/estate.js';
import type {
  AccountAssignment,
  IdentityCenterGroup,
  IdentityCenterInstance,
  IdentityCenterUser,
  PermissionSet,
  PermissionSetBoundary,
  UncollectedAssignments,
} from '../../core/model/identity-center.js';
import type { JsonDoc, JsonNode } from '../files/json-doc.js';
import type { Recorded } from '../files/data-folder.js';
import type { SnapshotScope } from './snapshot-scope.js';

const DIR = 'identity-center';
/** `get-permissions-boundary-for-permission-set` answers this when the permission set has no boundary. */
const NO_BOUNDARY = ['ResourceNotFoundException'];

/** One instance folder, `identity-center/<ssoins-…>/`, with what `list-instances` says of it. */
interface InstanceScope extends SnapshotScope {
  readonly dir: string;
  readonly instanceArn: string;
  readonly identityStoreId: string;
}

/**
 * IAM Identity Center, `identity-center/` (docs/inputs.md): the instances of `list-instances`, each
 * with its identity store's users and groups and its permission sets with their assignments. The
 * folder comes from the management or delegated-admin account; without it the estate has no
 * Identity Center. A list that was not collected is `Uncollected`; a record filed under another
 * instance, permission set, account or group than its own is reported and filed by its content.
 */
export function readIdentityCenter(scope: SnapshotScope): void {
  const { folder, estate } = scope;
  if (!folder.isDir(DIR)) return;
  const rel = `${DIR}/list-instances.json`;
  const recorded = folder.recorded(rel);
  if (recorded.state !== 'collected') {
    folder.bag.add({
      code: 'snapshot/identity-center-instances-not-collected',
      severity: 'warning',
      message: '`identity-center/` is there but its `list-instances.json` was not collected, so no Identity Center instance is read',
      help: 'collect `aws sso-admin list-instances` from the management or delegated-admin account',
      source: { file: folder.file(rel), pointer: recorded.state === 'uncollected' && recorded.error !== undefined ? '/Error/Code' : '' },
    });
    return;
  }
  const doc = recorded.doc;
  const listed = new Set<string>();
  for (const entry of doc.listAcrossPages('Instances', '`list-instances` output')) {
    if (!doc.object(entry, 'an instance')) continue;
    const instanceArn = doc.requiredString(doc.get(entry, 'InstanceArn'), 'the `InstanceArn`');
    const identityStoreId = doc.requiredString(doc.get(entry, 'IdentityStoreId'), 'the `IdentityStoreId`');
    if (instanceArn === undefined || identityStoreId === undefined) continue;
    const instanceId = lastSegment(instanceArn);
    listed.add(instanceId);
    if (estate.identityCenter.has(identityStoreId)) {
      doc.report(doc.get(entry, 'IdentityStoreId').pointer, 'snapshot/identity-center-duplicate-store', 'error', `identity store \`${identityStoreId}\` is listed for two instances; the first is kept`);
      continue;
    }
    const instance: InstanceScope = { ...scope, dir: `${DIR}/${instanceId}`, instanceArn, identityStoreId };
    const name = doc.string(doc.get(entry, 'Name'), 'the instance `Name`');
    const ownerAccountId = doc.string(doc.get(entry, 'OwnerAccountId'), 'the `OwnerAccountId`');
    const region = doc.string(doc.get(entry, 'PrimaryRegion'), 'the `PrimaryRegion`');
    const permissionSets = readPermissionSets(instance);
    estate.identityCenter.set(identityStoreId, {
      instanceArn,
      identityStoreId,
      ...(name !== undefined ? { name } : {}),
      ...(ownerAccountId !== undefined ? { ownerAccountId } : {}),
      ...(region !== undefined ? { region } : {}),
      users: readUsers(instance),
      groups: readGroups(instance),
      permissionSets,
      ...readAssignments(instance, permissionSets),
      source: locate(doc.context(), entry.pointer),
    } satisfies IdentityCenterInstance);
  }
  for (const name of folder.dirs(DIR)) {
    if (!listed.has(name)) unlistedFolder(scope, `${DIR}/${name}`, `\`${DIR}/${name}\` is not the folder of an instance \`list-instances\` lists; it is left out`);
  }
}

// --- the identity store ----------------------------------------------------------------------------

function readUsers(scope: InstanceScope): IdentityCenterInstance['users'] {
  return readList(scope, `${scope.dir}/identitystore/list-users.json`, `the users of identity store ${scope.identityStoreId}`, (doc) => {
    const users = new Map<string, IdentityCenterUser>();
    for (const entry of doc.listAcrossPages('Users', '`list-users` output')) {
      if (!doc.object(entry, 'a user')) continue;
      const id = doc.requiredString(doc.get(entry, 'UserId'), 'the `UserId`');
      if (id === undefined || !ofThisStore(scope, doc, entry, `user \`${id}\``) || users.has(id)) continue;
      const displayName = doc.string(doc.get(entry, 'DisplayName'), 'the user `DisplayName`');
      const emails = doc.items(doc.get(entry, 'Emails'), 'the user `Emails`').flatMap((email) => {
        if (!doc.object(email, 'an e-mail address')) return [];
        const value = doc.string(doc.get(email, 'Value'), 'the e-mail `Value`');
        return value === undefined ? [] : [value];
      });
      users.set(id, {
        id,
        // `UserName` is optional in the SDK's `User`; the id stands in for it.
        userName: doc.string(doc.get(entry, 'UserName'), 'the `UserName`') ?? id,
        ...(displayName !== undefined ? { displayName } : {}),
        emails,
        source: locate(doc.context(), entry.pointer),
      });
    }
    return users;
  });
}

function readGroups(scope: InstanceScope): IdentityCenterInstance['groups'] {
  return readList(scope, `${scope.dir}/identitystore/list-groups.json`, `the groups of identity store ${scope.identityStoreId}`, (doc) => {
    const groups = new Map<string, IdentityCenterGroup>();
    for (const entry of doc.listAcrossPages('Groups', '`list-groups` output')) {
      if (!doc.object(entry, 'a group')) continue;
      const id = doc.requiredString(doc.get(entry, 'GroupId'), 'the `GroupId`');
      if (id === undefined || !ofThisStore(scope, doc, entry, `group \`${id}\``) || groups.has(id)) continue;
      const description = doc.string(doc.get(entry, 'Description'), 'the group `Description`');
      groups.set(id, {
        id,
        // `DisplayName` is optional in the SDK's `Group`; the id stands in for it.
        displayName: doc.string(doc.get(entry, 'DisplayName'), 'the group `DisplayName`') ?? id,
        ...(description !== undefined ? { description } : {}),
        memberIds: readMembers(scope, id),
        source: locate(doc.context(), entry.pointer),
      });
    }
    return groups;
  });
}

/** `group-memberships/<group-id>.json`; a membership of another group is left out (that group has its own file). */
function readMembers(scope: InstanceScope, groupId: string): IdentityCenterGroup['memberIds'] {
  const rel = `${scope.dir}/identitystore/group-memberships/${groupId}.json`;
  return readList(scope, rel, `the members of group ${groupId} of identity store ${scope.identityStoreId}`, (doc) => {
    const members: string[] = [];
    for (const entry of doc.listAcrossPages('GroupMemberships', '`list-group-memberships` output')) {
      if (!doc.object(entry, 'a group membership')) continue;
      const groupNode = doc.get(entry, 'GroupId');
      const inGroup = doc.string(groupNode, 'the membership `GroupId`');
      if (inGroup !== undefined && inGroup !== groupId) {
        mismatch(doc, groupNode.pointer, `this membership is of group \`${inGroup}\`, but the file is named for group \`${groupId}\`; it is left out`);
        continue;
      }
      const memberId = doc.get(entry, 'MemberId');
      if (!doc.object(memberId, 'the `MemberId`')) {
        doc.requiredString(memberId, 'the `MemberId`');
        continue;
      }
      const userId = doc.requiredString(doc.get(memberId, 'UserId'), 'the member\'s `UserId`');
      if (userId !== undefined && !members.includes(userId)) members.push(userId);
    }
    return members;
  });
}

/** Whether a user or group of `list-users`/`list-groups` belongs to the instance's identity store (reported when not). */
function ofThisStore(scope: InstanceScope, doc: JsonDoc, entry: JsonNode, what: string): boolean {
  const node = doc.get(entry, 'IdentityStoreId');
  const store = doc.string(node, 'the `IdentityStoreId`');
  if (store === undefined || store === scope.identityStoreId) return true;
  mismatch(doc, node.pointer, `${what} belongs to identity store \`${store}\`, but the file is in the folder of identity store \`${scope.identityStoreId}\`; it is left out`);
  return false;
}

// --- permission sets -------------------------------------------------------------------------------

function readPermissionSets(scope: InstanceScope): IdentityCenterInstance['permissionSets'] {
  const { folder, dir } = scope;
  const sets = readList(scope, `${dir}/list-permission-sets.json`, `the permission sets of instance ${scope.instanceArn}`, (doc) => {
    const arns: string[] = [];
    for (const page of doc.pages('`list-permission-sets` output')) {
      for (const arn of doc.strings(doc.get(page, 'PermissionSets'), '`PermissionSets`')) if (!arns.includes(arn)) arns.push(arn);
    }
    return new Map(arns.map((arn) => [arn, readPermissionSet(scope, arn)]));
  });
  if (sets instanceof Map) {
    const listed = new Set([...sets.keys()].map(lastSegment));
    for (const name of folder.dirs(`${dir}/permission-sets`)) {
      if (!listed.has(name)) unlistedFolder(scope, `${dir}/permission-sets/${name}`, `\`${name}\` is not a permission set \`list-permission-sets\` lists; only its assignments are read`);
    }
  }
  return sets;
}

function readPermissionSet(scope: InstanceScope, arn: string): PermissionSet {
  const { folder, catalog } = scope;
  const dir = `${scope.dir}/permission-sets/${lastSegment(arn)}`;
  const described = describePermissionSet(folder.recorded(`${dir}/describe-permission-set.json`), arn);
  const name = described.name ?? unnamed(scope, `${dir}/describe-permission-set.json`, arn);
  return {
    arn,
    name,
    ...(described.description !== undefined ? { description: described.description } : {}),
    ...(described.sessionDuration !== undefined ? { sessionDuration: described.sessionDuration } : {}),
    inlinePolicy: readOne(scope, `${dir}/get-inline-policy-for-permission-set.json`, `the inline policy of permission set ${arn}`, (doc) => {
      const node = doc.get(doc.root, 'InlinePolicy');
      // The API answers an empty string for a permission set without an inline policy.
      return node.value === undefined || node.value === null || node.value === '' ? null : doc.policy(node, 'identity', `${arn}#inline`, catalog);
    }),
    managedPolicies: readList(scope, `${dir}/list-managed-policies-in-permission-set.json`, `the managed policies of permission set ${arn}`, (doc) =>
      doc.listAcrossPages('AttachedManagedPolicies', '`list-managed-policies-in-permission-set` output').flatMap((entry) => {
        if (!doc.object(entry, 'an attached managed policy')) return [];
        const policyArn = doc.requiredString(doc.get(entry, 'Arn'), 'the managed policy `Arn`');
        if (policyArn === undefined) return [];
        return [{ arn: policyArn, name: doc.string(doc.get(entry, 'Name'), 'the managed policy `Name`') ?? lastSegment(policyArn) }];
      }),
    ),
    customerManagedPolicies: readList(scope, `${dir}/list-customer-managed-policy-references-in-permission-set.json`, `the customer managed policies of permission set ${arn}`, (doc) =>
      doc.listAcrossPages('CustomerManagedPolicyReferences', '`list-customer-managed-policy-references-in-permission-set` output').flatMap((entry) => {
        const reference = customerManagedReference(doc, entry);
        return reference ? [reference] : [];
      }),
    ),
    boundary: readOne(scope, `${dir}/get-permissions-boundary-for-permission-set.json`, `the permissions boundary of permission set ${arn}`, (doc) => boundaryOf(doc), NO_BOUNDARY),
    provisionedAccounts: readList(scope, `${dir}/list-accounts-for-provisioned-permission-set.json`, `the accounts permission set ${arn} is provisioned to`, (doc) => {
      const ids: string[] = [];
      for (const page of doc.pages('`list-accounts-for-provisioned-permission-set` output')) {
        for (const id of doc.strings(doc.get(page, 'AccountIds'), '`AccountIds`')) if (!ids.includes(id)) ids.push(id);
      }
      return ids;
    }),
    ...(described.source ? { source: described.source } : {}),
  };
}

interface Described {
  readonly name?: string;
  readonly description?: string;
  readonly sessionDuration?: string;
  readonly source?: PermissionSet['source'];
}

function describePermissionSet(recorded: Recorded, arn: string): Described {
  if (recorded.state !== 'collected') return {};
  const doc = recorded.doc;
  const node = doc.get(doc.root, 'PermissionSet');
  if (!doc.object(node, '`PermissionSet`')) return {};
  const arnNode = doc.get(node, 'PermissionSetArn');
  const described = doc.string(arnNode, 'the `PermissionSetArn`');
  if (described !== undefined && described !== arn) {
    mismatch(doc, arnNode.pointer, `this describes permission set \`${described}\`, but the folder is that of \`${arn}\`; the description is left out`);
    return {};
  }
  const name = doc.string(doc.get(node, 'Name'), 'the permission set `Name`');
  const description = doc.string(doc.get(node, 'Description'), 'the permission set `Description`');
  const sessionDuration = doc.string(doc.get(node, 'SessionDuration'), 'the `SessionDuration`');
  return {
    ...(name !== undefined ? { name } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(sessionDuration !== undefined ? { sessionDuration } : {}),
    source: locate(doc.context(), node.pointer),
  };
}

/** Without its description a permission set is named by its id, and the roles it provisions cannot be told. */
function unnamed(scope: InstanceScope, rel: string, arn: string): string {
  scope.folder.bag.add({
    code: 'snapshot/identity-center-unnamed-permission-set',
    severity: 'warning',
    message: `the name of permission set \`${arn}\` is unknown; it is named by its id`,
    help: 'the roles it provisions (`AWSReservedSSO_<name>_…`) cannot be linked to it; collect `aws sso-admin describe-permission-set`',
    source: { file: scope.folder.file(rel), pointer: '' },
  });
  return lastSegment(arn);
}

function customerManagedReference(doc: JsonDoc, node: JsonNode): { name: string; path: string } | undefined {
  if (!doc.object(node, 'a customer managed policy reference')) return undefined;
  const name = doc.requiredString(doc.get(node, 'Name'), 'the policy reference `Name`');
  if (name === undefined) return undefined;
  return { name, path: doc.string(doc.get(node, 'Path'), 'the policy reference `Path`') ?? '/' };
}

function boundaryOf(doc: JsonDoc): PermissionSetBoundary | null {
  const node = doc.get(doc.root, 'PermissionsBoundary');
  if (!doc.object(node, '`PermissionsBoundary`')) return null;
  const reference = doc.get(node, 'CustomerManagedPolicyReference');
  if (reference.value !== undefined && reference.value !== null) {
    const found = customerManagedReference(doc, reference);
    return found ? { kind: 'customer-managed', ...found } : null;
  }
  const arn = doc.string(doc.get(node, 'ManagedPolicyArn'), 'the `ManagedPolicyArn`');
  return arn !== undefined ? { kind: 'managed', arn } : null;
}

// --- account assignments ---------------------------------------------------------------------------

/**
 * Every `permission-sets/<ps-id>/assignments/<account-id>.json`, whether or not the permission set
 * is listed: an assignment is filed by the account and permission set it names. An account a
 * permission set is provisioned to without its assignments file, or with a refused one, is not
 * collected: answers about who can sign in there say so.
 */
function readAssignments(
  scope: InstanceScope,
  permissionSets: IdentityCenterInstance['permissionSets'],
): { assignments: AccountAssignment[]; assignmentsUncollected: UncollectedAssignments[] } {
  const { folder, dir } = scope;
  const assignments: AccountAssignment[] = [];
  const assignmentsUncollected: UncollectedAssignments[] = [];
  const setArnOf = (psId: string): string => `arn:${scope.estate.partition}:sso:::permissionSet/${lastSegment(scope.instanceArn)}/${psId}`;
  for (const psId of folder.dirs(`${dir}/permission-sets`)) {
    const base = `${dir}/permission-sets/${psId}/assignments`;
    for (const file of folder.jsonFiles(base)) {
      const recorded = folder.recorded(`${base}/${file}`);
      const accountId = file.slice(0, -'.json'.length);
      if (recorded.state === 'collected') assignments.push(...assignmentsIn(scope, recorded.doc, psId, accountId));
      else assignmentsUncollected.push({ accountId, permissionSetArn: setArnOf(psId), ...(recorded.state === 'uncollected' && recorded.error !== undefined ? { error: recorded.error } : {}) });
    }
  }
  if (permissionSets instanceof Map) {
    for (const set of permissionSets.values()) {
      if (!Array.isArray(set.provisionedAccounts)) continue;
      for (const accountId of set.provisionedAccounts) {
        const rel = `${dir}/permission-sets/${lastSegment(set.arn)}/assignments/${accountId}.json`;
        if (folder.isFile(rel)) continue;
        assignmentsUncollected.push({ accountId, permissionSetArn: set.arn });
        folder.bag.add({
          code: 'snapshot/identity-center-assignments-not-collected',
          severity: 'info',
          message: `who is assigned permission set \`${set.name}\` in account \`${accountId}\` was not collected`,
          help: 'answers may miss the users and groups that can sign in to that account with it; collect `aws sso-admin list-account-assignments`',
          source: { file: folder.file(rel), pointer: '' },
        });
      }
    }
  }
  return { assignments, assignmentsUncollected };
}

function assignmentsIn(scope: InstanceScope, doc: JsonDoc, psId: string, fileAccountId: string): AccountAssignment[] {
  const folderArn = permissionSetArn(scope.instanceArn, psId);
  return doc.listAcrossPages('AccountAssignments', '`list-account-assignments` output').flatMap((entry): AccountAssignment[] => {
    if (!doc.object(entry, 'an account assignment')) return [];
    const accountNode = doc.get(entry, 'AccountId');
    const accountId = doc.string(accountNode, 'the `AccountId`') ?? fileAccountId;
    if (accountId !== fileAccountId) mismatch(doc, accountNode.pointer, `this assignment is in account \`${accountId}\`, but the file is named for account \`${fileAccountId}\`; it is kept as it says`);
    const arnNode = doc.get(entry, 'PermissionSetArn');
    const arn = doc.string(arnNode, 'the `PermissionSetArn`') ?? folderArn;
    if (lastSegment(arn) !== psId) mismatch(doc, arnNode.pointer, `this assignment is of permission set \`${arn}\`, but the file is in the folder of \`${psId}\`; it is kept as it says`);
    const typeNode = doc.get(entry, 'PrincipalType');
    const principalType = doc.requiredString(typeNode, 'the `PrincipalType`');
    const principalId = doc.requiredString(doc.get(entry, 'PrincipalId'), 'the `PrincipalId`');
    if (principalType === undefined || principalId === undefined) return [];
    if (principalType !== 'USER' && principalType !== 'GROUP') {
      doc.report(typeNode.pointer, 'snapshot/identity-center-invalid-principal-type', 'error', `\`PrincipalType\` is \`${principalType}\`, neither \`USER\` nor \`GROUP\`; the assignment is left out`);
      return [];
    }
    return [{ accountId, permissionSetArn: arn, principalType, principalId, source: locate(doc.context(), entry.pointer) }];
  });
}

// --- helpers ---------------------------------------------------------------------------------------

/** A list output read by `read`, or `Uncollected` when the file is missing or records an error. */
function readList<T>(scope: InstanceScope, rel: string, what: string, read: (doc: JsonDoc) => T): T | Uncollected {
  const recorded = scope.folder.recorded(rel);
  if (recorded.state === 'collected') return read(recorded.doc);
  // No "none" errors are given, so `none` cannot happen; it is unknown all the same.
  return recorded.state === 'uncollected' ? scope.folder.uncollected(what, recorded) : { uncollected: true, what };
}

/** A getter's output read by `read`; null when it records one of `noneCodes`. */
function readOne<T>(scope: InstanceScope, rel: string, what: string, read: (doc: JsonDoc) => T, noneCodes: readonly string[] = []): T | null | Uncollected {
  const recorded = scope.folder.recorded(rel, noneCodes);
  if (recorded.state === 'collected') return read(recorded.doc);
  return recorded.state === 'none' ? null : scope.folder.uncollected(what, recorded);
}

function mismatch(doc: JsonDoc, pointer: string, message: string): void {
  doc.report(pointer, 'snapshot/identity-center-folder-mismatch', 'warning', message);
}

function unlistedFolder(scope: SnapshotScope, rel: string, message: string): void {
  scope.folder.bag.add({ code: 'snapshot/identity-center-unlisted-folder', severity: 'warning', message, source: { file: scope.folder.file(rel), pointer: '' } });
}

/** `ssoins-…` of `arn:aws:sso:::instance/ssoins-…`, `ps-…` of `arn:aws:sso:::permissionSet/ssoins-…/ps-…`. */
function lastSegment(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** `arn:aws:sso:::instance/ssoins-X` and `ps-Y` → `arn:aws:sso:::permissionSet/ssoins-X/ps-Y`. */
function permissionSetArn(instanceArn: string, psId: string): string {
  const at = instanceArn.indexOf(':instance/');
  return at < 0 ? `${instanceArn}/${psId}` : `${instanceArn.slice(0, at)}:permissionSet/${instanceArn.slice(at + ':instance/'.length)}/${psId}`;
}
