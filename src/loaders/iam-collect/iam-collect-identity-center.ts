import { locate } from '../../core/diagnostics.js';
import type { Uncollected } from '../../core/model/estate.js';
import type { IdentityCenterGroup, IdentityCenterUser, PermissionSet, PermissionSetBoundary } from '../../core/model/identity-center.js';
import { isPlainObject } from '../../core/policy/decode-policy-document.js';
import type { JsonDoc, JsonNode } from '../files/json-doc.js';
import { lastSegment, resourceFolders, type IamCollectAccount, type ResourceFolder } from './iam-collect-iam.js';
import { arnList, pick, readData } from './iam-collect-shapes.js';

/**
 * IAM Identity Center in an iam-collect store (docs/inputs.md, "An iam-collect store"). iam-collect
 * documents that it downloads Identity Center instances and permission sets (its README's table of
 * services) and files them, as every resource, in a folder holding a `metadata.json` whose `arn`
 * names it, under the owner account's `sso/` folder; and that it files identity store users, groups
 * and group memberships under `identitystore/` (its docs/AgentInstructions.md). It documents no
 * account assignments: they stay unknown. Which file of a permission set's folder holds which
 * policy is not documented; the names read here are assumptions, listed in docs/inputs.md.
 */

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

interface InstanceDraft {
  readonly instanceArn: string;
  readonly instanceId: string;
  identityStoreId?: string;
  name?: string;
  ownerAccountId?: string;
  region?: string;
  readonly permissionSets: Map<string, PermissionSet>;
  folder?: ResourceFolder;
}

/** What `identitystore/` holds, by identity store id (undefined: not said by the files). */
interface Directory {
  readonly users: Array<{ readonly storeId: string | undefined; readonly user: IdentityCenterUser; readonly f: ResourceFolder }>;
  readonly groups: Array<{ readonly storeId: string | undefined; readonly group: Omit<IdentityCenterGroup, 'memberIds'>; readonly memberIds: string[]; readonly f: ResourceFolder }>;
  /** Instance id → identity store id, as memberships say. */
  readonly storeOfInstance: Map<string, string>;
}

/** Reads the Identity Center instances an account folder holds into `scope.estate.identityCenter`. */
export function readIamCollectIdentityCenter(scope: IamCollectAccount): void {
  const { folder, dir } = scope;
  const ssoDir = `${dir}/sso`;
  const storeDir = `${dir}/identitystore`;
  if (!folder.isDir(ssoDir)) return;
  const instances = new Map<string, InstanceDraft>();
  const sso = resourceFolders(scope, ssoDir).filter((f) => f.arn.service === 'sso');
  for (const f of sso.filter((f) => f.arn.resource.startsWith('instance/'))) readInstance(scope, f, instances);
  for (const f of sso.filter((f) => f.arn.resource.startsWith('permissionSet/'))) readPermissionSet(scope, f, instances);
  const directory = folder.isDir(storeDir) ? readDirectory(scope, storeDir) : undefined;
  for (const draft of instances.values()) addInstance(scope, draft, [...instances.values()], directory);
}

function readInstance(scope: IamCollectAccount, f: ResourceFolder, instances: Map<string, InstanceDraft>): void {
  const { metadata } = f;
  const instanceId = lastSegment(f.arn.resource);
  if (instances.has(instanceId)) {
    metadata.report('', 'iam-collect/duplicate-resource', 'error', `\`${f.arnText}\` is described twice; the first description is kept`);
    return;
  }
  const text = (names: readonly string[], what: string) => metadata.string(pick(metadata, metadata.root, names), what);
  const draft: InstanceDraft = { instanceArn: f.arnText, instanceId, permissionSets: new Map(), folder: f };
  const storeId = text(['identityStoreId', 'IdentityStoreId'], 'the `identityStoreId`');
  const name = text(['name', 'Name'], 'the instance `name`');
  const owner = text(['ownerAccountId', 'OwnerAccountId'], 'the `ownerAccountId`') ?? scope.accountId;
  const region = text(['region', 'Region', 'primaryRegion', 'PrimaryRegion'], 'the `region`') ?? regionOfFolder(scope, f);
  if (storeId !== undefined) draft.identityStoreId = storeId;
  if (name !== undefined) draft.name = name;
  draft.ownerAccountId = owner;
  if (region !== undefined) draft.region = region;
  instances.set(instanceId, draft);
}

/** The `<region>` of `sso/<region>/…`, where iam-collect's layout puts one. */
function regionOfFolder(scope: IamCollectAccount, f: ResourceFolder): string | undefined {
  const segment = f.rel.slice(`${scope.dir}/sso/`.length).split('/')[0];
  return segment !== undefined && REGION.test(segment) ? segment : undefined;
}

function readPermissionSet(scope: IamCollectAccount, f: ResourceFolder, instances: Map<string, InstanceDraft>): void {
  const { metadata } = f;
  const instanceId = f.arn.resource.split('/')[1] ?? '';
  let draft = instances.get(instanceId);
  if (!draft) {
    // The instance's own folder is missing: the permission set still says which instance it is in.
    draft = { instanceArn: `arn:${f.arn.partition}:sso:::instance/${instanceId}`, instanceId, ownerAccountId: scope.accountId, permissionSets: new Map() };
    const region = regionOfFolder(scope, f);
    if (region !== undefined) draft.region = region;
    instances.set(instanceId, draft);
  }
  if (draft.permissionSets.has(f.arnText)) {
    metadata.report('', 'iam-collect/duplicate-resource', 'error', `\`${f.arnText}\` is described twice; the first description is kept`);
    return;
  }
  const name = metadata.requiredString(pick(metadata, metadata.root, ['name', 'Name']), 'the permission set `name`');
  if (name === undefined) return;
  const description = metadata.string(pick(metadata, metadata.root, ['description', 'Description']), 'the `description`');
  const sessionDuration = metadata.string(pick(metadata, metadata.root, ['sessionDuration', 'SessionDuration']), 'the `sessionDuration`');
  const data = new PermissionSetData(scope, f);
  draft.permissionSets.set(f.arnText, {
    arn: f.arnText,
    name,
    ...(description !== undefined ? { description } : {}),
    ...(sessionDuration !== undefined ? { sessionDuration } : {}),
    inlinePolicy: data.read('inline-policy.json', ['inlinePolicy', 'InlinePolicy'], 'the inline policy', null, (doc, node) =>
      node.value === null || node.value === '' ? null : doc.policy(node, 'identity', `${f.arnText}#inline`, scope.catalog),
    ),
    managedPolicies: data.read('managed-policies.json', ['managedPolicies', 'ManagedPolicies', 'AttachedManagedPolicies'], 'the AWS managed policies', [], (doc, node) =>
      arnsAt(doc, node, 'the managed policies').map((arn) => ({ arn, name: lastSegment(arn) })),
    ),
    customerManagedPolicies: data.read('customer-managed-policies.json', ['customerManagedPolicies', 'CustomerManagedPolicyReferences'], 'the customer managed policies', [], (doc, node) =>
      doc.items(node, 'the customer managed policies').flatMap((entry) => policyReference(doc, entry) ?? []),
    ),
    boundary: data.read('permissions-boundary.json', ['permissionsBoundary', 'PermissionsBoundary'], 'the permissions boundary', null, boundaryOf),
    provisionedAccounts: data.read('accounts.json', ['accounts', 'provisionedAccounts', 'AccountIds'], 'the provisioned accounts', [], (doc, node) =>
      doc.items(node, 'the provisioned accounts').flatMap((entry) => {
        const id = doc.string(typeof entry.value === 'string' ? entry : pick(doc, entry, ['accountId', 'AccountId', 'id']), 'an account id');
        return id === undefined ? [] : [id];
      }),
    ),
    source: locate(metadata.context(), ''),
  });
}

/**
 * One datum of a permission set: its own file, else a field of `metadata.json`. iam-collect writes
 * no file for "none", so neither means none; a file that is there but broken means unknown.
 */
class PermissionSetData {
  constructor(
    private readonly scope: IamCollectAccount,
    private readonly f: ResourceFolder,
  ) {}

  read<T, N>(file: string, fields: readonly string[], what: string, none: N, parse: (doc: JsonDoc, node: JsonNode) => T): T | N | Uncollected {
    const rel = `${this.f.rel}/${file}`;
    const read = readData(this.scope.folder, rel);
    if (read === 'broken') return { uncollected: true, what: `${what} of ${this.f.arnText} (${rel} could not be read)` };
    if (read !== 'absent') return parse(read, read.root);
    const { metadata } = this.f;
    const node = pick(metadata, metadata.root, fields);
    return node.value === undefined ? none : parse(metadata, node);
  }
}

/** ARNs: strings, or objects holding `arn` / `Arn` / `PolicyArn`. */
function arnsAt(doc: JsonDoc, node: JsonNode, what: string): string[] {
  return doc.items(node, what).flatMap((entry) => doc.string(typeof entry.value === 'string' ? entry : pick(doc, entry, ['arn', 'Arn', 'PolicyArn', 'policyArn']), `an entry of ${what}`) ?? []);
}

function policyReference(doc: JsonDoc, entry: JsonNode): { name: string; path: string } | undefined {
  if (!doc.object(entry, 'a customer managed policy reference')) return undefined;
  const name = doc.requiredString(pick(doc, entry, ['name', 'Name']), 'the policy `name`');
  const path = doc.string(pick(doc, entry, ['path', 'Path']), 'the policy `path`') ?? '/';
  return name === undefined ? undefined : { name, path };
}

/** `{ ManagedPolicyArn }`, `{ CustomerManagedPolicyReference: { Name, Path } }`, or a bare ARN. */
function boundaryOf(doc: JsonDoc, node: JsonNode): PermissionSetBoundary | null {
  if (node.value === null || node.value === '') return null;
  if (typeof node.value === 'string') return { kind: 'managed', arn: node.value };
  if (!doc.object(node, 'the permissions boundary')) return null;
  const arn = doc.string(pick(doc, node, ['ManagedPolicyArn', 'managedPolicyArn', 'arn']), 'the boundary `ManagedPolicyArn`');
  if (arn !== undefined) return { kind: 'managed', arn };
  const reference = pick(doc, node, ['CustomerManagedPolicyReference', 'customerManagedPolicyReference']);
  const customer = isPlainObject(reference.value) ? policyReference(doc, reference) : undefined;
  return customer ? { kind: 'customer-managed', ...customer } : null;
}

function readDirectory(scope: IamCollectAccount, storeDir: string): Directory {
  const directory: Directory = { users: [], groups: [], storeOfInstance: new Map() };
  const folders = resourceFolders(scope, storeDir).filter((f) => f.arn.service === 'identitystore');
  const memberships = new Map<string, string[]>();
  for (const f of folders.filter((f) => f.arn.resource.startsWith('membership/'))) {
    const { metadata: m } = f;
    const groupArn = m.string(pick(m, m.root, ['groupArn', 'GroupArn']), 'the `groupArn`');
    const memberArn = m.string(pick(m, m.root, ['memberArn', 'MemberArn']), 'the `memberArn`');
    if (groupArn !== undefined && memberArn !== undefined) memberships.set(lastSegment(groupArn), [...(memberships.get(lastSegment(groupArn)) ?? []), lastSegment(memberArn)]);
    const storeId = storeIdOf(m);
    const instance = m.string(pick(m, m.root, ['instanceArn', 'InstanceArn', 'instanceId', 'InstanceId']), 'the instance');
    if (storeId !== undefined && instance !== undefined) directory.storeOfInstance.set(lastSegment(instance), storeId);
  }
  for (const f of folders.filter((f) => f.arn.resource.startsWith('user/'))) {
    const { metadata: m } = f;
    const userName = m.requiredString(pick(m, m.root, ['UserName', 'userName']), 'the `UserName`');
    if (userName === undefined) continue;
    const id = m.string(pick(m, m.root, ['UserId', 'userId', 'id']), 'the `UserId`') ?? lastSegment(f.arn.resource);
    const displayName = m.string(pick(m, m.root, ['DisplayName', 'displayName']), 'the `DisplayName`');
    const emails = m.items(pick(m, m.root, ['Emails', 'emails']), 'the `Emails`').flatMap((e) => m.string(typeof e.value === 'string' ? e : pick(m, e, ['Value', 'value']), 'an e-mail address') ?? []);
    directory.users.push({ storeId: storeIdOf(m), user: { id, userName, ...(displayName !== undefined ? { displayName } : {}), emails, source: locate(m.context(), '') }, f });
  }
  for (const f of folders.filter((f) => f.arn.resource.startsWith('group/'))) {
    const { metadata: m } = f;
    const id = m.string(pick(m, m.root, ['GroupId', 'groupId', 'id']), 'the `GroupId`') ?? lastSegment(f.arn.resource);
    const displayName = m.string(pick(m, m.root, ['DisplayName', 'displayName']), 'the `DisplayName`') ?? id;
    const description = m.string(pick(m, m.root, ['Description', 'description']), 'the `Description`');
    const members = readData(scope.folder, `${f.rel}/members.json`);
    const listed = members === 'absent' || members === 'broken' ? [] : arnList(members, 'the group members').map(({ arn }) => lastSegment(arn));
    const memberIds = [...new Set([...listed, ...(memberships.get(id) ?? [])])];
    directory.groups.push({ storeId: storeIdOf(m), group: { id, displayName, ...(description !== undefined ? { description } : {}), source: locate(m.context(), '') }, memberIds, f });
  }
  return directory;
}

function storeIdOf(m: JsonDoc): string | undefined {
  return m.string(pick(m, m.root, ['IdentityStoreId', 'identityStoreId']), 'the `IdentityStoreId`');
}

function addInstance(scope: IamCollectAccount, draft: InstanceDraft, all: readonly InstanceDraft[], directory: Directory | undefined): void {
  const { folder, estate } = scope;
  const where = { file: folder.file(draft.folder ? `${draft.folder.rel}/metadata.json` : `${scope.dir}/sso`), pointer: '' };
  let storeId = draft.identityStoreId ?? directory?.storeOfInstance.get(draft.instanceId);
  if (storeId === undefined) {
    storeId = draft.instanceId;
    folder.bag.add({ code: 'iam-collect/identity-store-unknown', severity: 'warning', message: `the identity store of \`${draft.instanceArn}\` is not in the store; the instance is keyed by its instance id`, help: 'its users and groups cannot be told apart from another instance\'s', source: where });
  }
  if (estate.identityCenter.has(storeId)) {
    folder.bag.add({ code: 'iam-collect/identity-center-duplicate-store', severity: 'error', message: `identity store \`${storeId}\` is named by two instances; the first is kept`, source: where });
    return;
  }
  // An item that does not say its identity store belongs to the account's instance, when it has one only.
  const mine = (itemStore: string | undefined, f: ResourceFolder): boolean => {
    if (itemStore !== undefined) return itemStore === storeId;
    if (all.length === 1) return true;
    if (draft === all[0]) f.metadata.report('', 'iam-collect/identity-center-unattributed', 'warning', `\`${f.arnText}\` does not say its identity store, and account \`${scope.accountId}\` has ${all.length} Identity Center instances`, 'it is left out');
    return false;
  };
  const notCollected = (what: string): Uncollected => ({ uncollected: true, what: `the ${what} of identity store ${storeId} (the store has no \`identitystore/\` folder in account ${scope.accountId})` });
  const users = directory ? new Map(directory.users.filter((u) => mine(u.storeId, u.f)).map((u) => [u.user.id, u.user])) : notCollected('users');
  const groups = directory
    ? new Map(directory.groups.filter((g) => mine(g.storeId, g.f)).map((g) => [g.group.id, { ...g.group, memberIds: g.memberIds }]))
    : notCollected('groups');
  folder.bag.add({
    code: 'iam-collect/identity-center-assignments-not-collected',
    severity: 'info',
    message: `iam-collect stores no account assignments: who is assigned the permission sets of \`${draft.instanceArn}\` is not known`,
    help: 'answers may miss the users and groups that can sign in with a permission set; a trustmap snapshot or a scenario can hold the assignments',
    source: where,
  });
  estate.identityCenter.set(storeId, {
    instanceArn: draft.instanceArn,
    identityStoreId: storeId,
    ...(draft.name !== undefined ? { name: draft.name } : {}),
    ...(draft.ownerAccountId !== undefined ? { ownerAccountId: draft.ownerAccountId } : {}),
    ...(draft.region !== undefined ? { region: draft.region } : {}),
    users,
    groups,
    permissionSets: draft.permissionSets,
    assignments: [],
    assignmentsUncollected: { uncollected: true, what: `the account assignments of ${draft.instanceArn} (iam-collect stores none)` },
    ...(draft.folder ? { source: locate(draft.folder.metadata.context(), '') } : {}),
  });
}
