import { isAccountId, parseArn } from '../../core/arn/arn.js';
import { locate } from '../../core/diagnostics.js';
import type { Group, Role, Uncollected, User } from '../../core/model/estate.js';
import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import { normalizeTimestamp } from '../../core/model/timestamp.js';
import { isPlainObject } from '../../core/policy/decode-policy-document.js';
import type { Policy } from '../../core/policy/policy-types.js';
import type { EstateDraft } from '../estate-draft.js';
import type { JsonDoc, JsonNode } from '../files/json-doc.js';
import { homeAccountOf, isAwsManagedPolicyArn } from './home-account.js';
import { ManagedPolicies } from './managed-policies.js';

export interface AuthorizationDetailsOptions {
  readonly estate: EstateDraft;
  readonly catalog?: ServiceCatalog;
  /** The account the export belongs to (a snapshot's account folder); else the one most ARNs carry. */
  readonly accountId?: string;
  /** Access keys of a user, where they were collected apart from the export. */
  readonly accessKeysOf?: (accountId: string, userName: string) => User['accessKeys'];
}

export interface AuthorizationDetailsSummary {
  /** The export's own account, when it could be told. */
  readonly accountId?: string;
  /** Every account that received an entity (the export's own, and those foreign ARNs name). */
  readonly accounts: readonly string[];
  readonly users: number;
  readonly groups: number;
  readonly roles: number;
  readonly policies: number;
}

const LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;
const IAM_PATH = /^\/(?:[\x21-\x7e]+\/)?$/;

type EntityKind = 'user' | 'group' | 'role';

/** Whether a decoded JSON value is `get-account-authorization-details` output (one object or pages). */
export function looksLikeAuthorizationDetails(value: unknown): boolean {
  const first = Array.isArray(value) ? value[0] : value;
  return isPlainObject(first) && LISTS.some((key) => key !== 'Policies' && key in first);
}

/**
 * Reads `aws iam get-account-authorization-details` output into the estate: users, groups and
 * roles with their inline and attached managed policies, boundaries and tags. Entities go under
 * the account their ARN names; an ARN naming another account than the export's, or none, is
 * reported (snapshot-layout.md, "A lone export file") and the entity is still loaded there.
 */
export function readAuthorizationDetails(doc: JsonDoc, options: AuthorizationDetailsOptions): AuthorizationDetailsSummary | undefined {
  const pages = doc.pages('the authorization details');
  if (pages.length > 0 && !pages.some((page) => LISTS.some((key) => key in (page.value as object)))) {
    doc.report('', 'gaad/missing-field', 'error', `the authorization details hold none of ${LISTS.map((k) => `\`${k}\``).join(', ')}`, 'write the output of `aws iam get-account-authorization-details` here');
    return undefined;
  }
  if (pages.length === 0) return undefined;
  const lists = {
    users: doc.listAcrossPages('UserDetailList', 'the authorization details'),
    groups: doc.listAcrossPages('GroupDetailList', 'the authorization details'),
    roles: doc.listAcrossPages('RoleDetailList', 'the authorization details'),
    policies: doc.listAcrossPages('Policies', 'the authorization details'),
  };
  const managed = new ManagedPolicies(doc, options.catalog);
  const policyArns = lists.policies.map((node) => ({ node, arn: managed.add(node) }));
  const home = options.accountId ?? homeAccountOf(allArns(lists, policyArns.map((p) => p.arn)));
  if (home === undefined) {
    doc.report('', 'gaad/no-account-id', 'warning', 'no ARN in the export carries a 12-digit account id, so its account cannot be told', 'each entity is loaded under the account its ARN names');
  }
  if (home !== undefined) {
    const account = options.estate.account(home);
    account.iamCollected = true;
    account.fullExport = true;
  }
  const reader = new EntityReader(doc, options, managed, home);
  for (const { node, arn } of policyArns) {
    if (arn !== undefined && !isAwsManagedPolicyArn(arn)) reader.checkAccount(arn, `${node.pointer}/Arn`, 'managed policy');
  }
  const groups = lists.groups.filter((node) => reader.readGroup(node)).length;
  const users = lists.users.filter((node) => reader.readUser(node)).length;
  const roles = lists.roles.filter((node) => reader.readRole(node)).length;
  return {
    ...(home !== undefined ? { accountId: home } : {}),
    accounts: [...new Set([...(home !== undefined ? [home] : []), ...reader.accounts])].sort(),
    users,
    groups,
    roles,
    policies: managed.size,
  };
}

function allArns(lists: Readonly<Record<'users' | 'groups' | 'roles', readonly JsonNode[]>>, policyArns: ReadonlyArray<string | undefined>): string[] {
  const arns: string[] = [];
  for (const node of [...lists.users, ...lists.groups, ...lists.roles]) {
    const arn = isPlainObject(node.value) ? node.value.Arn : undefined;
    if (typeof arn === 'string') arns.push(arn);
  }
  for (const arn of policyArns) if (arn !== undefined) arns.push(arn);
  return arns;
}

interface Placed {
  readonly arn: string;
  readonly accountId: string;
  readonly path: string;
}

class EntityReader {
  readonly accounts = new Set<string>();

  constructor(
    private readonly doc: JsonDoc,
    private readonly options: AuthorizationDetailsOptions,
    private readonly managed: ManagedPolicies,
    private readonly home: string | undefined,
  ) {}

  /** Reports an ARN of another account than the export's, or of none. */
  checkAccount(arn: string, pointer: string, what: string): void {
    const account = parseArn(arn)?.account ?? '';
    if (account === this.home || account === '') return;
    const where = this.home !== undefined ? `the export's account \`${this.home}\`` : 'the export';
    const message = isAccountId(account)
      ? `the ${what} \`${arn}\` belongs to account \`${account}\`, not to ${where}`
      : `the ${what} \`${arn}\` names no account id (\`${account}\` stands where the 12 digits belong)`;
    this.doc.report(pointer, 'gaad/foreign-account', 'warning', message, `it is loaded under \`${account}\`, the account its ARN names`);
  }

  readGroup(node: JsonNode): boolean {
    const doc = this.doc;
    if (!doc.object(node, 'an entry of `GroupDetailList`')) return false;
    const name = doc.requiredString(doc.get(node, 'GroupName'), 'the `GroupName` of a group');
    if (name === undefined) return false;
    const placed = this.place(node, 'group', name);
    if (!placed) return false;
    const group: Group = { name, arn: placed.arn, policies: this.identityPolicies(node, 'GroupPolicyList', placed.arn) };
    return this.add(placed.accountId, 'groups', name, group, node);
  }

  readUser(node: JsonNode): boolean {
    const doc = this.doc;
    if (!doc.object(node, 'an entry of `UserDetailList`')) return false;
    const name = doc.requiredString(doc.get(node, 'UserName'), 'the `UserName` of a user');
    if (name === undefined) return false;
    const placed = this.place(node, 'user', name);
    if (!placed) return false;
    const groupNames = doc.strings(doc.get(node, 'GroupList'), 'the `GroupList`');
    const base = this.principalBase(node, name, placed, 'UserId', 'UserPolicyList');
    const user: User = {
      kind: 'user',
      ...base,
      policies: [...base.policies, ...this.missingGroups(node, placed, groupNames)],
      groups: groupNames,
      accessKeys: this.options.accessKeysOf?.(placed.accountId, name) ?? [],
    };
    return this.add(placed.accountId, 'users', name, user, node);
  }

  readRole(node: JsonNode): boolean {
    const doc = this.doc;
    if (!doc.object(node, 'an entry of `RoleDetailList`')) return false;
    const name = doc.requiredString(doc.get(node, 'RoleName'), 'the `RoleName` of a role');
    if (name === undefined) return false;
    const placed = this.place(node, 'role', name);
    if (!placed) return false;
    const instanceProfiles = this.instanceProfiles(doc.get(node, 'InstanceProfileList'));
    const lastUsed = this.lastUsed(doc.get(node, 'RoleLastUsed'), name);
    const role: Role = {
      kind: 'role',
      ...this.principalBase(node, name, placed, 'RoleId', 'RolePolicyList'),
      trustPolicy: this.trustPolicy(node, placed.arn),
      isServiceLinked: placed.path.startsWith('/aws-service-role/'),
      ...(instanceProfiles.length > 0 ? { instanceProfiles } : {}),
      ...(lastUsed !== undefined ? { lastUsed } : {}),
    };
    return this.add(placed.accountId, 'roles', name, role, node);
  }

  private principalBase(node: JsonNode, name: string, placed: Placed, idKey: string, inlineKey: string): Omit<User, 'kind' | 'groups' | 'accessKeys'> {
    const doc = this.doc;
    const id = doc.string(doc.get(node, idKey), `the \`${idKey}\``);
    const boundary = this.boundary(node, placed.arn);
    return {
      arn: placed.arn,
      name,
      path: placed.path,
      accountId: placed.accountId,
      ...(id !== undefined ? { id } : {}),
      policies: this.identityPolicies(node, inlineKey, placed.arn),
      ...(boundary ? { boundary } : {}),
      tags: doc.tagList(doc.get(node, 'Tags'), 'the `Tags`'),
      source: locate(doc.context(), node.pointer),
    };
  }

  /** The entity's ARN and account: the account its ARN names, reported when foreign. */
  private place(node: JsonNode, kind: EntityKind, name: string): Placed | undefined {
    const doc = this.doc;
    const arnNode = doc.get(node, 'Arn');
    const text = doc.string(arnNode, `the \`Arn\` of ${kind} \`${name}\``);
    const arn = text !== undefined ? parseArn(text) : undefined;
    const given = doc.string(doc.get(node, 'Path'), 'the `Path`');
    if (!arn || arn.service !== 'iam' || !arn.resource.startsWith(`${kind}/`)) {
      const fallback = this.home;
      const path = given !== undefined && IAM_PATH.test(given) ? given : '/';
      doc.report(
        arnNode.pointer,
        'gaad/invalid-arn',
        'error',
        text === undefined ? `the ${kind} \`${name}\` has no \`Arn\`` : `\`${text}\` is not the ARN of an IAM ${kind}`,
        fallback !== undefined ? `the ${kind} is loaded under the export's account \`${fallback}\`` : `the ${kind} is left out`,
      );
      if (fallback === undefined) return undefined;
      this.accounts.add(fallback);
      return { arn: `arn:${this.options.estate.partition}:iam::${fallback}:${kind}${path}${name}`, accountId: fallback, path };
    }
    const accountId = arn.account === '' ? this.home : arn.account;
    if (accountId === undefined) {
      doc.report(arnNode.pointer, 'gaad/invalid-arn', 'error', `\`${text}\` names no account`, `the ${kind} is left out`);
      return undefined;
    }
    this.checkAccount(text!, arnNode.pointer, kind);
    this.accounts.add(accountId);
    return { arn: text!, accountId, path: this.pathOf(given, arn.resource, kind, node) };
  }

  /** The `Path`, or where it is missing or malformed, the path the ARN shows. */
  private pathOf(given: string | undefined, resource: string, kind: EntityKind, node: JsonNode): string {
    if (given !== undefined && IAM_PATH.test(given)) return given;
    const inner = resource.slice(kind.length + 1, resource.lastIndexOf('/') + 1);
    const fromArn = inner === '' ? '/' : `/${inner}`;
    if (given !== undefined) {
      this.doc.report(`${node.pointer}/Path`, 'gaad/invalid-path', 'warning', `the path \`${given}\` must begin and end with \`/\``, `the path in the ARN, \`${fromArn}\`, is used`);
    }
    return fromArn;
  }

  private identityPolicies(node: JsonNode, inlineKey: string, owner: string): Policy[] {
    const doc = this.doc;
    const inline = doc.items(doc.get(node, inlineKey), `the \`${inlineKey}\``).flatMap((entry, i) => {
      if (!doc.object(entry, `an entry of \`${inlineKey}\``)) return [];
      const name = doc.requiredString(doc.get(entry, 'PolicyName'), 'the `PolicyName` of an inline policy') ?? String(i);
      return [doc.policy(doc.get(entry, 'PolicyDocument'), 'identity', `${owner}#inline:${name}`, this.options.catalog)];
    });
    const attached = doc.items(doc.get(node, 'AttachedManagedPolicies'), 'the `AttachedManagedPolicies`').flatMap((entry) => {
      if (!doc.object(entry, 'an entry of `AttachedManagedPolicies`')) return [];
      const arnNode = doc.get(entry, 'PolicyArn');
      const arn = doc.requiredString(arnNode, 'the `PolicyArn` of an attached policy');
      if (arn === undefined) return [];
      return [this.managed.resolve(arn, 'identity') ?? this.missingManaged(arn, owner, arnNode.pointer)];
    });
    return [...inline, ...attached];
  }

  /**
   * A managed policy attached but absent from the export: the entity's permissions are incomplete,
   * so answers that need them are Unknown (an unusable policy allows nothing for certain).
   */
  private missingManaged(arn: string, owner: string, pointer: string): Policy {
    const reason = `the managed policy \`${arn}\` attached to \`${owner}\` is not in the export's \`Policies\``;
    this.doc.report(pointer, 'gaad/missing-managed-policy', 'warning', reason, 'answers that need this principal\'s permissions are Unknown; export without `--filter` so every attached policy is listed');
    return { name: arn, kind: 'identity', statements: [], unusable: reason, source: locate(this.doc.context(), pointer), document: null };
  }

  private boundary(node: JsonNode, owner: string): Policy | Uncollected | undefined {
    const doc = this.doc;
    const field = doc.get(node, 'PermissionsBoundary');
    if (!doc.object(field, 'the `PermissionsBoundary`')) return undefined;
    const arnNode = doc.get(field, 'PermissionsBoundaryArn');
    const arn = doc.requiredString(arnNode, 'the `PermissionsBoundaryArn`');
    if (arn === undefined) return { uncollected: true, what: `the permissions boundary of ${owner}` };
    const policy = this.managed.resolve(arn, 'boundary');
    if (policy) return policy;
    doc.report(arnNode.pointer, 'gaad/missing-managed-policy', 'warning', `the permissions boundary \`${arn}\` of \`${owner}\` is not in the export's \`Policies\``, 'it is assumed not to restrict, and answers say so');
    return { uncollected: true, what: `the permissions boundary ${arn} of ${owner}` };
  }

  /** Groups a user is in but the export does not describe: their policies are unknown. */
  private missingGroups(node: JsonNode, placed: Placed, names: readonly string[]): Policy[] {
    const account = this.options.estate.account(placed.accountId);
    const groupList = this.doc.get(node, 'GroupList');
    return names.flatMap((name, i) => {
      if (account.groups.has(name)) return [];
      const pointer = `${groupList.pointer}/${i}`;
      const reason = `the group \`${name}\` of \`${placed.arn}\` is not in the export's \`GroupDetailList\``;
      this.doc.report(pointer, 'gaad/unknown-group', 'warning', reason, 'answers that need this user\'s permissions are Unknown');
      return [{ name: `${placed.arn}#group:${name}`, kind: 'identity', statements: [], unusable: reason, source: locate(this.doc.context(), pointer), document: null } satisfies Policy];
    });
  }

  private trustPolicy(node: JsonNode, owner: string): Policy {
    const doc = this.doc;
    const field = doc.get(node, 'AssumeRolePolicyDocument');
    if (field.value === undefined || field.value === null) {
      const reason = `the role \`${owner}\` has no \`AssumeRolePolicyDocument\` in the export`;
      doc.report(field.pointer, 'gaad/missing-field', 'warning', reason, 'answers that need its trust policy are Unknown');
      return { name: `${owner}#trust`, kind: 'trust', statements: [], unusable: reason, source: locate(doc.context(), field.pointer), document: null };
    }
    return doc.policy(field, 'trust', `${owner}#trust`, this.options.catalog);
  }

  /**
   * `RoleLastUsed`: `{LastUsedDate, Region}`, or `{}` when IAM recorded no use in its tracking
   * period (null). Absent, or a date that cannot be read, is not collected (undefined).
   */
  private lastUsed(node: JsonNode, roleName: string): Role['lastUsed'] {
    const doc = this.doc;
    if (!doc.object(node, 'the `RoleLastUsed`')) return undefined;
    const dateNode = doc.get(node, 'LastUsedDate');
    const text = doc.string(dateNode, 'the `LastUsedDate`');
    const region = doc.string(doc.get(node, 'Region'), 'the `Region` of `RoleLastUsed`');
    if (text === undefined) return dateNode.value === undefined || dateNode.value === null ? null : undefined;
    const date = normalizeTimestamp(text);
    if (date === undefined) {
      doc.report(dateNode.pointer, 'gaad/invalid-last-used', 'warning', `the \`LastUsedDate\` \`${text}\` of role \`${roleName}\` is not a date and time`, 'when the role was last used is taken as not collected; AWS writes `2022-08-07 12:56:48+00:00` or `2022-08-07T12:56:48Z`');
      return undefined;
    }
    return { date, ...(region !== undefined && region !== '' ? { region } : {}) };
  }

  private instanceProfiles(node: JsonNode): NonNullable<Role['instanceProfiles']> {
    const doc = this.doc;
    return doc.items(node, 'the `InstanceProfileList`').flatMap((entry) => {
      if (!doc.object(entry, 'an instance profile')) return [];
      const arn = doc.string(doc.get(entry, 'Arn'), 'the instance profile `Arn`');
      const name = doc.string(doc.get(entry, 'InstanceProfileName'), 'the `InstanceProfileName`');
      return arn !== undefined && name !== undefined ? [{ arn, name }] : [];
    });
  }

  private add<K extends 'users' | 'groups' | 'roles'>(
    accountId: string,
    map: K,
    name: string,
    entity: K extends 'users' ? User : K extends 'groups' ? Group : Role,
    node: JsonNode,
  ): boolean {
    const account = this.options.estate.account(accountId);
    account.iamCollected = true;
    // entities of another account that this export happens to name: that account is known in part only
    if (this.home !== undefined && accountId !== this.home && account.iamPartial === undefined) account.iamPartial = `only the entities that the export of account ${this.home} names`;
    const entities = account[map] as Map<string, typeof entity>;
    if (entities.has(name)) {
      this.doc.report(node.pointer, 'gaad/duplicate-name', 'warning', `account \`${accountId}\` has two ${map} named \`${name}\`; the first is kept`);
      return false;
    }
    entities.set(name, entity);
    return true;
  }
}
