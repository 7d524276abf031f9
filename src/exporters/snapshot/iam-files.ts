import { parseArn } from '../../core/arn/arn.js';
import { isUncollected, type Account, type Group, type PrincipalBase, type Role, type User } from '../../core/model/estate.js';
import { exportTimestamp } from '../../core/model/timestamp.js';
import type { Policy } from '../../core/policy/policy-types.js';
import { byKey, fileAt, tagList, type ExportScope, type SnapshotFile } from './export-scope.js';
import { iamName, managedPolicyParts, ManagedPolicyBook, placePolicy, type PolicyOwner } from './managed-policy-book.js';
import { pathSegment } from './path-segment.js';
import { iamUniqueId } from './stable-ids.js';

/**
 * `accounts/<id>/iam/`: the authorization details, the identity providers and each user's access
 * keys. Only for accounts whose IAM was collected: without the export, a reader takes it as not.
 */
export function iamFiles(account: Account, scope: ExportScope): SnapshotFile[] {
  if (!account.iamCollected) return [];
  const dir = `accounts/${account.id}/iam`;
  const users = [...account.users.values()].sort(byKey((u) => u.name));
  return [
    ...fileAt(`${dir}/get-account-authorization-details.json`, accountAuthorizationDetails(account, scope)),
    ...fileAt(`${dir}/list-saml-providers.json`, { SAMLProviderList: providers(account, 'saml', scope.date) }),
    ...fileAt(`${dir}/list-open-id-connect-providers.json`, { OpenIDConnectProviderList: providers(account, 'oidc', scope.date) }),
    ...users.flatMap((user) => fileAt(`${dir}/access-keys/${pathSegment(user.name)}.json`, listAccessKeys(user, scope.date))),
  ];
}

/**
 * `aws iam get-account-authorization-details`: policy documents as the CLI prints them (decoded
 * JSON objects), managed policies once each in `Policies` with their default version.
 */
export function accountAuthorizationDetails(account: Account, scope: ExportScope): unknown {
  const book = new ManagedPolicyBook(scope.partition, account.id);
  const owner = (entity: { name: string }): PolicyOwner => ({ name: entity.name, accountId: account.id });
  const groups = [...account.groups.values()].sort(byKey((g) => g.name));
  const users = [...account.users.values()].sort(byKey((u) => u.name));
  const roles = [...account.roles.values()].sort(byKey((r) => r.name));
  const userDetails = users.map((user) => userDetail(user, book, scope));
  const groupDetails = groups.map((group) => groupDetail(group, owner(group), book, scope));
  const roleDetails = roles.map((role) => roleDetail(role, book, scope));
  return { UserDetailList: userDetails, GroupDetailList: groupDetails, RoleDetailList: roleDetails, Policies: book.details(scope.date) };
}

function userDetail(user: User, book: ManagedPolicyBook, scope: ExportScope): unknown {
  const { inline, attached } = identityPolicies(user.policies, user, book, scope);
  return {
    Path: user.path,
    UserName: user.name,
    UserId: user.id ?? iamUniqueId('AIDA', user.arn),
    Arn: user.arn,
    CreateDate: scope.date,
    UserPolicyList: inline,
    GroupList: [...user.groups],
    AttachedManagedPolicies: attached,
    ...permissionsBoundary(user, book, scope),
    Tags: tagList(user.tags),
  };
}

function groupDetail(group: Group, owner: PolicyOwner, book: ManagedPolicyBook, scope: ExportScope): unknown {
  const { inline, attached } = identityPolicies(group.policies, owner, book, scope);
  return {
    Path: entityPath(group.arn, 'group'),
    GroupName: group.name,
    GroupId: iamUniqueId('AGPA', group.arn),
    Arn: group.arn,
    CreateDate: scope.date,
    GroupPolicyList: inline,
    AttachedManagedPolicies: attached,
  };
}

function roleDetail(role: Role, book: ManagedPolicyBook, scope: ExportScope): unknown {
  const { inline, attached } = identityPolicies(role.policies, role, book, scope);
  const trust = role.trustPolicy?.document;
  if (trust === undefined || trust === null) scope.omit(`the role \`${role.arn}\` has no trust policy: its \`AssumeRolePolicyDocument\` is left out, which readers take as unusable`);
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id ?? iamUniqueId('AROA', role.arn),
    Arn: role.arn,
    CreateDate: scope.date,
    ...(trust !== undefined && trust !== null ? { AssumeRolePolicyDocument: trust } : {}),
    InstanceProfileList: (role.instanceProfiles ?? []).map((profile) => ({
      Path: entityPath(profile.arn, 'instance-profile'),
      InstanceProfileName: profile.name,
      InstanceProfileId: iamUniqueId('AIPA', profile.arn),
      Arn: profile.arn,
      CreateDate: scope.date,
      Roles: [],
    })),
    RolePolicyList: inline,
    AttachedManagedPolicies: attached,
    ...permissionsBoundary(role, book, scope),
    Tags: tagList(role.tags),
    ...(role.lastUsed !== undefined ? { RoleLastUsed: roleLastUsed(role) } : {}),
  };
}

/**
 * `RoleLastUsed` as the export prints it, `{}` for "no use recorded". A role whose last use is not
 * known gets no `RoleLastUsed` at all, which loads back as not known: `{}` would read as never used.
 */
function roleLastUsed(role: Role): { LastUsedDate?: string; Region?: string } {
  if (!role.lastUsed) return {};
  return { LastUsedDate: exportTimestamp(role.lastUsed.date), ...(role.lastUsed.region !== undefined ? { Region: role.lastUsed.region } : {}) };
}

interface IdentityPolicyLists {
  readonly inline: Array<{ PolicyName: string; PolicyDocument: unknown }>;
  readonly attached: Array<{ PolicyName: string; PolicyArn: string }>;
}

function identityPolicies(policies: readonly Policy[], owner: PolicyOwner, book: ManagedPolicyBook, scope: ExportScope): IdentityPolicyLists {
  const inline: IdentityPolicyLists['inline'] = [];
  const attached: IdentityPolicyLists['attached'] = [];
  for (const policy of policies) {
    const placement = placePolicy(policy, owner, 'identity', scope.partition);
    if (placement.kind === 'inline') {
      inline.push({ PolicyName: uniqueName(placement.name, inline.map((p) => p.PolicyName)), PolicyDocument: placement.document });
    } else if (placement.kind === 'managed') {
      const arn = book.attach(placement, 'identity');
      if (!attached.some((a) => a.PolicyArn === arn)) attached.push({ PolicyName: managedPolicyParts(arn)?.name ?? arn, PolicyArn: arn });
    }
  }
  return { inline, attached };
}

function uniqueName(name: string, taken: readonly string[]): string {
  let candidate = name;
  for (let n = 2; taken.includes(candidate); n++) candidate = iamName(`${name}-${n}`);
  return candidate;
}

/** `PermissionsBoundary`; a boundary not collected is one whose policy is not in `Policies`. */
function permissionsBoundary(principal: PrincipalBase, book: ManagedPolicyBook, scope: ExportScope): { PermissionsBoundary?: unknown } {
  const boundary = principal.boundary;
  if (boundary === undefined) return {};
  const placement = isUncollected(boundary)
    ? { kind: 'managed' as const, arn: /arn:[^\s:]+:iam::(?:\d{12}|aws):policy\/[^\s)]+/.exec(boundary.what)?.[0] ?? `arn:${scope.partition}:iam::${principal.accountId}:policy/${iamName(`${principal.name}-boundary`)}` }
    : placePolicy(boundary, principal, 'boundary', scope.partition);
  if (placement.kind !== 'managed') return {};
  return { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: book.attach(placement, 'boundary') } };
}

/** The IAM path an ARN shows: `arn:aws:iam::1:group/admins/ops` → `/admins/`. */
function entityPath(arn: string, kind: string): string {
  const resource = parseArn(arn)?.resource ?? '';
  const inner = resource.startsWith(`${kind}/`) ? resource.slice(kind.length + 1, resource.lastIndexOf('/') + 1) : '';
  return inner === '' ? '/' : `/${inner}`;
}

function providers(account: Account, kind: 'saml' | 'oidc', date: string): unknown[] {
  return account.identityProviders
    .filter((p) => p.kind === kind)
    .map((p) => p.arn)
    .sort()
    .map((arn) => (kind === 'saml' ? { Arn: arn, CreateDate: date } : { Arn: arn }));
}

/** `aws iam list-access-keys --user-name <user>`. */
export function listAccessKeys(user: User, date: string): unknown {
  return { AccessKeyMetadata: user.accessKeys.map((key) => ({ UserName: user.name, AccessKeyId: key.id, Status: key.status, CreateDate: date })) };
}
