import { parseArn, type Arn } from '../../core/arn/arn.js';
import { locate } from '../../core/diagnostics.js';
import type { Group, Role, Uncollected, User } from '../../core/model/estate.js';
import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import type { Policy, PolicyKind } from '../../core/policy/policy-types.js';
import type { AccountDraft, EstateDraft } from '../estate-draft.js';
import type { DataFolder } from '../files/data-folder.js';
import type { JsonDoc } from '../files/json-doc.js';
import { arnList, inlinePolicies, pick, readData, readOptional, resourceDirs, tagsOf } from './iam-collect-shapes.js';

export interface IamCollectAccount {
  readonly folder: DataFolder;
  readonly estate: EstateDraft;
  readonly catalog?: ServiceCatalog;
  readonly accountId: string;
  /** `aws/<partition>/accounts/<id>` */
  readonly dir: string;
  readonly draft: AccountDraft;
}

/** A resource folder: its `metadata.json` and the ARN it names. */
export interface ResourceFolder {
  readonly rel: string;
  readonly metadata: JsonDoc;
  readonly arnText: string;
  readonly arn: Arn;
}

/** Reads `metadata.json` of each resource folder below `rel`; folders without a usable `arn` are reported. */
export function resourceFolders(scope: IamCollectAccount, rel: string): ResourceFolder[] {
  return resourceDirs(scope.folder, rel).flatMap((dir) => {
    const metadata = readOptional(scope.folder, `${dir}/metadata.json`);
    if (!metadata || !metadata.object(metadata.root, 'the metadata')) return [];
    const node = pick(metadata, metadata.root, ['arn', 'Arn', 'ARN']);
    const arnText = metadata.requiredString(node, 'the resource `arn`');
    const arn = arnText !== undefined ? parseArn(arnText) : undefined;
    if (arnText !== undefined && !arn) metadata.report(node.pointer, 'iam-collect/invalid-arn', 'error', `\`${arnText}\` is not an ARN`, 'the resource is left out');
    return arnText !== undefined && arn ? [{ rel: dir, metadata, arnText, arn }] : [];
  });
}

/**
 * The IAM of an account folder: `iam/user/…`, `iam/group/…`, `iam/role/…` and the managed
 * policies of `iam/policy/…` and `iam/aws/policy/…`, each found by the ARN of its `metadata.json`.
 * iam-collect writes no file for "none" (no inline policies, no tags), so a missing file is none;
 * an attached managed policy whose folder is missing makes the entity's permissions unknown.
 */
export function readIamCollectIam(scope: IamCollectAccount): void {
  if (!scope.folder.isDir(`${scope.dir}/iam`)) return;
  scope.draft.iamCollected = true;
  const folders = resourceFolders(scope, `${scope.dir}/iam`);
  const managed = new ManagedDocuments(scope);
  for (const f of folders) if (f.arn.resource.startsWith('policy/')) managed.add(f);
  const reader = new EntityReader(scope, managed);
  const byKind = (prefix: string) => folders.filter((f) => f.arn.resource.startsWith(prefix) && inAccount(scope, f));
  byKind('group/').forEach((f) => reader.group(f));
  byKind('user/').forEach((f) => reader.user(f));
  byKind('role/').forEach((f) => reader.role(f));
  for (const f of [...byKind('saml-provider/'), ...byKind('oidc-provider/')]) {
    scope.draft.identityProviders.push({ arn: f.arnText, kind: f.arn.resource.startsWith('saml-provider/') ? 'saml' : 'oidc' });
  }
}

/** An entity folder whose ARN names another account is reported and left out: the folder decides. */
function inAccount(scope: IamCollectAccount, f: ResourceFolder): boolean {
  if (f.arn.account === scope.accountId) return true;
  f.metadata.report('/arn', 'iam-collect/foreign-account', 'warning', `\`${f.arnText}\` is filed under account \`${scope.accountId}\``, 'it is left out');
  return false;
}

/** Managed policy documents (`policy.json` of a policy folder), parsed once per kind. */
class ManagedDocuments {
  private readonly documents = new Map<string, JsonDoc | undefined>();
  private readonly parsed = new Map<string, Policy>();

  constructor(private readonly scope: IamCollectAccount) {}

  add(f: ResourceFolder): void {
    this.documents.set(f.arnText, readOptional(this.scope.folder, `${f.rel}/policy.json`));
  }

  resolve(arn: string, kind: Extract<PolicyKind, 'identity' | 'boundary'>): Policy | undefined {
    if (!this.documents.has(arn)) return undefined;
    const key = `${kind} ${arn}`;
    let policy = this.parsed.get(key);
    if (!policy) {
      const doc = this.documents.get(arn);
      policy = doc ? doc.policy(doc.root, kind, arn, this.scope.catalog) : { name: arn, kind, statements: [], unusable: `the document of \`${arn}\` (policy.json) was not collected`, document: null };
      this.parsed.set(key, policy);
    }
    return policy;
  }
}

class EntityReader {
  constructor(
    private readonly scope: IamCollectAccount,
    private readonly managed: ManagedDocuments,
  ) {}

  group(f: ResourceFolder): void {
    const name = lastSegment(f.arn.resource);
    const group: Group = { name, arn: f.arnText, policies: this.identityPolicies(f) };
    this.add('groups', name, group, f);
  }

  user(f: ResourceFolder): void {
    const groupsRead = readData(this.scope.folder, `${f.rel}/groups.json`);
    const groups = arnList(typeof groupsRead === 'string' ? undefined : groupsRead, 'the groups').map((g) => lastSegment(parseArn(g.arn)?.resource ?? g.arn));
    const base = this.base(f);
    // Groups nobody could read: their policies are unknown.
    const unknownGroups = groupsRead === 'broken' ? [this.unreadable(`${f.arnText}#groups`, `${f.rel}/groups.json`)] : [];
    const user: User = { kind: 'user', ...base, policies: [...base.policies, ...unknownGroups], groups, accessKeys: [] };
    this.add('users', user.name, user, f);
  }

  role(f: ResourceFolder): void {
    const base = this.base(f);
    const trust = readOptional(this.scope.folder, `${f.rel}/trust-policy.json`);
    const trustPolicy: Policy = trust
      ? trust.policy(trust.root, 'trust', `${f.arnText}#trust`, this.scope.catalog)
      : this.unusable(`${f.arnText}#trust`, 'trust', `the trust policy of \`${f.arnText}\` (trust-policy.json) was not collected`, f.metadata, '');
    const role: Role = { kind: 'role', ...base, trustPolicy, isServiceLinked: base.path.startsWith('/aws-service-role/') };
    this.add('roles', role.name, role, f);
  }

  private base(f: ResourceFolder): Omit<User, 'kind' | 'groups' | 'accessKeys'> {
    const { metadata } = f;
    const name = lastSegment(f.arn.resource);
    const inner = f.arn.resource.slice(f.arn.resource.indexOf('/') + 1, f.arn.resource.lastIndexOf('/') + 1);
    const path = metadata.string(pick(metadata, metadata.root, ['path', 'Path']), 'the `path`') ?? (inner === '' ? '/' : `/${inner}`);
    const id = metadata.string(pick(metadata, metadata.root, ['id', 'Id', 'roleId', 'userId', 'RoleId', 'UserId']), 'the `id`');
    const boundary = this.boundary(f);
    return {
      arn: f.arnText,
      name,
      path,
      accountId: this.scope.accountId,
      ...(id !== undefined ? { id } : {}),
      policies: this.identityPolicies(f),
      ...(boundary ? { boundary } : {}),
      // The model holds a principal's tags as known; an unreadable tags.json is reported as it is read.
      tags: tagsOf(readOptional(this.scope.folder, `${f.rel}/tags.json`)),
      source: locate(metadata.context(), ''),
    };
  }

  private identityPolicies(f: ResourceFolder): Policy[] {
    const folder = this.scope.folder;
    const inlineRel = `${f.rel}/inline-policies.json`;
    const inlineDoc = readData(folder, inlineRel);
    const inline =
      inlineDoc === 'broken'
        ? [this.unreadable(`${f.arnText}#inline`, inlineRel)]
        : inlineDoc === 'absent'
          ? []
          : inlinePolicies(inlineDoc).map(({ name, node }) => inlineDoc.policy(node, 'identity', `${f.arnText}#inline:${name}`, this.scope.catalog));
    const managedRel = `${f.rel}/managed-policies.json`;
    const managedDoc = readData(folder, managedRel);
    const attached =
      managedDoc === 'broken'
        ? [this.unreadable(`${f.arnText}#managed`, managedRel)]
        : managedDoc === 'absent'
          ? []
          : arnList(managedDoc, 'the managed policies').map(({ arn, pointer }) => this.managed.resolve(arn, 'identity') ?? this.missing(arn, f, managedDoc, pointer));
    return [...inline, ...attached];
  }

  /** A file of policies that is there but cannot be read: what it grants is unknown. */
  private unreadable(name: string, rel: string): Policy {
    const reason = `${rel} could not be read`;
    return { name, kind: 'identity', statements: [], unusable: reason, source: { file: this.scope.folder.file(rel), pointer: '' }, document: null };
  }

  private boundary(f: ResourceFolder): Policy | Uncollected | undefined {
    const rel = `${f.rel}/permissions-boundary.json`;
    const doc = readData(this.scope.folder, rel);
    if (doc === 'absent') return undefined;
    if (doc === 'broken') return { uncollected: true, what: `the permissions boundary of ${f.arnText} (${rel} could not be read)` };
    const node = typeof doc.root.value === 'string' ? doc.root : pick(doc, doc.root, ['arn', 'Arn', 'PermissionsBoundaryArn', 'permissionsBoundaryArn']);
    const arn = doc.string(node, 'the permissions boundary ARN');
    if (arn === undefined) return { uncollected: true, what: `the permissions boundary of ${f.arnText}` };
    const policy = this.managed.resolve(arn, 'boundary');
    if (policy) return policy;
    doc.report(node.pointer, 'iam-collect/missing-managed-policy', 'warning', `the permissions boundary \`${arn}\` of \`${f.arnText}\` has no policy folder`, 'it is assumed not to restrict, and answers say so');
    return { uncollected: true, what: `the permissions boundary ${arn} of ${f.arnText}` };
  }

  private missing(arn: string, f: ResourceFolder, doc: JsonDoc, pointer: string): Policy {
    const reason = `the managed policy \`${arn}\` attached to \`${f.arnText}\` has no policy folder`;
    doc.report(pointer, 'iam-collect/missing-managed-policy', 'warning', reason, 'answers that need this principal\'s permissions are Unknown');
    return this.unusable(arn, 'identity', reason, doc, pointer);
  }

  private unusable(name: string, kind: PolicyKind, reason: string, doc: JsonDoc, pointer: string): Policy {
    return { name, kind, statements: [], unusable: reason, source: locate(doc.context(), pointer), document: null };
  }

  private add<K extends 'users' | 'groups' | 'roles'>(map: K, name: string, entity: K extends 'users' ? User : K extends 'groups' ? Group : Role, f: ResourceFolder): void {
    const entities = this.scope.draft[map] as Map<string, typeof entity>;
    if (entities.has(name)) {
      f.metadata.report('', 'iam-collect/duplicate-name', 'warning', `account \`${this.scope.accountId}\` has two ${map} named \`${name}\`; the first is kept`);
      return;
    }
    entities.set(name, entity);
  }
}

export function lastSegment(resource: string): string {
  return resource.slice(resource.lastIndexOf('/') + 1);
}

