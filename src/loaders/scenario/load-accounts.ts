import type { Account, Group, IdentityProvider, Role, Trail, User, VpcEndpoint } from '../../core/model/estate.js';
import type { Policy } from '../../core/policy/policy-types.js';
import { accessKeyShape, readBlockPublicAccess, readTags, readTimestamp, trailShape, withoutNulls } from './leaf-shapes.js';
import type { PolicyResolver } from './policy-refs.js';
import { child, isFields, type Fields, type ScenarioReader } from './scenario-reader.js';

const ACCOUNT_FIELDS = ['name', 's3BlockPublicAccess', 'identityProviders', 'trails', 'roles', 'users', 'groups', 'vpcEndpoints'] as const;
const ROLE_FIELDS = ['name', 'path', 'id', 'trustPolicy', 'policies', 'boundary', 'tags', 'lastUsed', 'sourceVpce'] as const;
const USER_FIELDS = ['name', 'path', 'id', 'groups', 'policies', 'boundary', 'tags', 'accessKeys', 'sourceVpce'] as const;
const VPC_ENDPOINT_FIELDS = ['id', 'service', 'region', 'vpc', 'type', 'policy'] as const;
const GROUP_FIELDS = ['name', 'path', 'policies'] as const;
const PROVIDER_FIELDS = ['arn'] as const;

const IAM_PATH = /^\/(?:[\x21-\x7e]+\/)?$/;

interface AccountScope {
  readonly id: string;
  readonly partition: string;
  readonly reader: ScenarioReader;
  readonly policies: PolicyResolver;
}

/** Reads `accounts:`. Every listed account has exactly the principals listed (plus its root user). */
export function loadAccounts(value: unknown, pointer: string, partition: string, reader: ScenarioReader, policies: PolicyResolver): Map<string, Account> {
  const accounts = new Map<string, Account>();
  const fields = reader.mapping(value, pointer, '`accounts`');
  if (!fields) return accounts;
  for (const [key, body] of Object.entries(fields)) {
    const at = child(pointer, key);
    const id = reader.accountKey(key, at, 'the account id');
    if (id === undefined || accounts.has(id)) {
      if (id !== undefined) reader.report(at, 'scenario/duplicate-name', 'error', `the account \`${id}\` is listed twice`);
      // The entry is left out, but a misspelt field in it is still reported.
      if (isFields(body)) reader.knownFields(body, at, ACCOUNT_FIELDS, 'an account');
      continue;
    }
    accounts.set(id, loadAccount(body, at, { id, partition, reader, policies }));
  }
  return accounts;
}

function loadAccount(value: unknown, pointer: string, scope: AccountScope): Account {
  const { reader } = scope;
  const fields = reader.mapping(value, pointer, `the account \`${scope.id}\``) ?? {};
  reader.knownFields(fields, pointer, ACCOUNT_FIELDS, 'an account');
  const name = reader.string(fields.name, child(pointer, 'name'), 'the account `name`');
  const groups = byName(fields.groups, child(pointer, 'groups'), 'groups', scope, loadGroup);
  const users = byName(fields.users, child(pointer, 'users'), 'users', scope, (f, p, s, name) => loadUser(f, p, s, name, groups));
  const roles = byName(fields.roles, child(pointer, 'roles'), 'roles', scope, loadRole);
  const s3BlockPublicAccess = readBlockPublicAccess(fields.s3BlockPublicAccess, child(pointer, 's3BlockPublicAccess'), reader, '`s3BlockPublicAccess`');
  const vpcEndpoints = fields.vpcEndpoints === undefined ? undefined : loadVpcEndpoints(fields.vpcEndpoints, child(pointer, 'vpcEndpoints'), scope);
  return {
    id: scope.id,
    ...(name !== undefined ? { name } : {}),
    iamCollected: true,
    users,
    roles,
    groups,
    identityProviders: loadIdentityProviders(fields.identityProviders, child(pointer, 'identityProviders'), scope),
    trails: loadTrails(fields.trails, child(pointer, 'trails'), scope),
    ...(s3BlockPublicAccess ? { s3BlockPublicAccess } : {}),
    ...(vpcEndpoints ? { vpcEndpoints } : {}),
    source: reader.location(pointer),
  };
}

const ENDPOINT_TYPES: ReadonlySet<string> = new Set(['Gateway', 'Interface', 'GatewayLoadBalancer']);

/**
 * An account's `vpcEndpoints` (scenario-format.md): listed, even as `[]`, they are the account's
 * endpoints; left out, the account's endpoints are not known. `service: s3` stands for
 * `com.amazonaws.<region>.s3` (region `us-east-1` unless given); no `policy` is the default
 * full-access endpoint policy.
 */
function loadVpcEndpoints(value: unknown, pointer: string, scope: AccountScope): VpcEndpoint[] {
  const { reader } = scope;
  const seen = new Set<string>();
  return reader.list(value, pointer, '`vpcEndpoints`').flatMap((entry, i): VpcEndpoint[] => {
    const at = child(pointer, i);
    const fields = reader.mapping(entry, at, 'a VPC endpoint');
    if (!fields) return [];
    reader.knownFields(fields, at, VPC_ENDPOINT_FIELDS, 'a VPC endpoint');
    const id = reader.requiredString(fields.id, child(at, 'id'), 'the endpoint `id`');
    const service = reader.requiredString(fields.service, child(at, 'service'), 'the endpoint `service`');
    if (id === undefined || service === undefined) return [];
    if (!/^vpce-[0-9a-z]+$/.test(id)) {
      reader.report(child(at, 'id'), 'scenario/invalid-value', 'error', `\`${id}\` is not a VPC endpoint id`, 'a VPC endpoint id reads `vpce-` and hexadecimal digits');
      return [];
    }
    if (seen.has(id)) {
      reader.report(child(at, 'id'), 'scenario/duplicate-name', 'error', `the VPC endpoint \`${id}\` is listed twice under account \`${scope.id}\``);
      return [];
    }
    seen.add(id);
    const region = reader.string(fields.region, child(at, 'region'), 'the endpoint `region`');
    const vpcId = reader.string(fields.vpc, child(at, 'vpc'), 'the endpoint `vpc`');
    const type = reader.string(fields.type, child(at, 'type'), 'the endpoint `type`');
    if (type !== undefined && !ENDPOINT_TYPES.has(type)) reader.report(child(at, 'type'), 'scenario/invalid-value', 'error', `\`${type}\` is not a VPC endpoint type`, 'write `Gateway`, `Interface` or `GatewayLoadBalancer`');
    const full = /^(?:cn\.)?com\.amazonaws\.([a-z0-9-]+)\./.exec(service);
    const endpointRegion = region ?? (full ? full[1] : 'us-east-1');
    const serviceName = full ? service : `com.amazonaws.${endpointRegion}.${service}`;
    const policy = fields.policy === undefined || fields.policy === null ? null : scope.policies.resolve(fields.policy, child(at, 'policy'), 'vpc-endpoint', typeof fields.policy === 'string' ? fields.policy : `vpce:${id}`);
    return [
      {
        id,
        ...(vpcId !== undefined ? { vpcId } : {}),
        serviceName,
        region: endpointRegion,
        ...(type !== undefined && ENDPOINT_TYPES.has(type) ? { type: type as VpcEndpoint['type'] } : {}),
        accountId: scope.id,
        policy,
        source: reader.location(at),
      },
    ];
  });
}

/** A user's or role's `sourceVpce`: the VPC endpoint its calls are sent through. */
function readSourceVpce(value: unknown, pointer: string, reader: ScenarioReader): { sourceVpce?: string } {
  const id = reader.string(value, pointer, 'the `sourceVpce`');
  if (id === undefined) return {};
  if (/^vpce-[0-9a-z]+$/.test(id)) return { sourceVpce: id };
  reader.report(pointer, 'scenario/invalid-value', 'error', `\`${id}\` is not a VPC endpoint id`, 'a VPC endpoint id reads `vpce-` and hexadecimal digits');
  return {};
}

const NAMED: Readonly<Record<'users' | 'roles' | 'groups', { readonly fields: readonly string[]; readonly one: string }>> = {
  users: { fields: USER_FIELDS, one: 'a user' },
  roles: { fields: ROLE_FIELDS, one: 'a role' },
  groups: { fields: GROUP_FIELDS, one: 'a group' },
};

/**
 * Reads a list of named things; an entry without a usable name, or a repeated name, is skipped.
 * Every entry's fields are checked first, so a skipped entry still has its misspellings reported.
 */
function byName<T>(
  value: unknown,
  pointer: string,
  what: 'users' | 'roles' | 'groups',
  scope: AccountScope,
  load: (fields: Fields, pointer: string, scope: AccountScope, name: string) => T | undefined,
): Map<string, T> {
  const out = new Map<string, T>();
  scope.reader.list(value, pointer, `\`${what}\``).forEach((entry, i) => {
    const at = child(pointer, i);
    const fields = scope.reader.mapping(entry, at, `an entry of \`${what}\``);
    if (!fields) {
      if (entry === null) scope.reader.report(at, 'scenario/invalid-type', 'error', `an entry of \`${what}\` cannot be null`);
      return;
    }
    scope.reader.knownFields(fields, at, NAMED[what].fields, NAMED[what].one);
    const name = scope.reader.requiredString(fields.name, child(at, 'name'), `the \`name\` of an entry of \`${what}\``);
    if (name === undefined) return;
    if (out.has(name)) {
      scope.reader.report(child(at, 'name'), 'scenario/duplicate-name', 'error', `\`${name}\` is listed twice under \`${what}\` of account \`${scope.id}\``);
      return;
    }
    const loaded = load(fields, at, scope, name);
    if (loaded !== undefined) out.set(name, loaded);
  });
  return out;
}

function readPath(fields: Fields, pointer: string, reader: ScenarioReader): string {
  const path = reader.string(fields.path, child(pointer, 'path'), 'the `path`');
  if (path === undefined) return '/';
  if (IAM_PATH.test(path)) return path;
  reader.report(child(pointer, 'path'), 'scenario/invalid-path', 'error', `the path \`${path}\` must begin and end with \`/\``, 'the default path `/` is used instead');
  return '/';
}

function identityPolicies(value: unknown, pointer: string, owner: string, scope: AccountScope): Policy[] {
  return scope.reader
    .list(value, pointer, '`policies`')
    .map((entry, i) => scope.policies.resolve(entry, child(pointer, i), 'identity', typeof entry === 'string' ? entry : `${owner}#inline-${i}`));
}

function boundaryOf(value: unknown, pointer: string, owner: string, scope: AccountScope): { boundary?: Policy } {
  if (value === undefined || value === null) return {};
  return { boundary: scope.policies.resolve(value, pointer, 'boundary', typeof value === 'string' ? value : `${owner}#boundary`) };
}

function loadRole(fields: Fields, pointer: string, scope: AccountScope, name: string): Role {
  const { reader } = scope;
  const path = readPath(fields, pointer, reader);
  const arn = `arn:${scope.partition}:iam::${scope.id}:role${path}${name}`;
  const id = reader.string(fields.id, child(pointer, 'id'), 'the role `id`');
  const trust = fields.trustPolicy;
  const lastUsed = readLastUsed(fields.lastUsed, child(pointer, 'lastUsed'), reader);
  return {
    kind: 'role',
    arn,
    name,
    path,
    accountId: scope.id,
    ...(id !== undefined ? { id } : {}),
    policies: identityPolicies(fields.policies, child(pointer, 'policies'), arn, scope),
    ...boundaryOf(fields.boundary, child(pointer, 'boundary'), arn, scope),
    tags: readTags(fields.tags, child(pointer, 'tags'), reader, 'the role `tags`'),
    ...(trust !== undefined && trust !== null
      ? { trustPolicy: scope.policies.resolve(trust, child(pointer, 'trustPolicy'), 'trust', typeof trust === 'string' ? trust : `${arn}#trust`) }
      : {}),
    isServiceLinked: path.startsWith('/aws-service-role/'),
    ...(lastUsed !== undefined ? { lastUsed } : {}),
    ...readSourceVpce(fields.sourceVpce, child(pointer, 'sourceVpce'), reader),
    source: reader.location(pointer),
  };
}

/** A role's `lastUsed`: a date and time, or `never` (no use recorded); omitted, not collected. */
function readLastUsed(value: unknown, pointer: string, reader: ScenarioReader): Role['lastUsed'] {
  if (value === 'never') return null;
  const date = readTimestamp(value, pointer, reader, 'the role `lastUsed`', 'or `never`');
  return date !== undefined ? { date } : undefined;
}

function loadUser(fields: Fields, pointer: string, scope: AccountScope, name: string, groups: ReadonlyMap<string, Group>): User {
  const { reader } = scope;
  const path = readPath(fields, pointer, reader);
  const arn = `arn:${scope.partition}:iam::${scope.id}:user${path}${name}`;
  const id = reader.string(fields.id, child(pointer, 'id'), 'the user `id`');
  return {
    kind: 'user',
    arn,
    name,
    path,
    accountId: scope.id,
    ...(id !== undefined ? { id } : {}),
    policies: identityPolicies(fields.policies, child(pointer, 'policies'), arn, scope),
    ...boundaryOf(fields.boundary, child(pointer, 'boundary'), arn, scope),
    tags: readTags(fields.tags, child(pointer, 'tags'), reader, 'the user `tags`'),
    groups: groupNames(fields.groups, child(pointer, 'groups'), scope, groups),
    accessKeys: accessKeys(fields.accessKeys, child(pointer, 'accessKeys'), reader),
    ...readSourceVpce(fields.sourceVpce, child(pointer, 'sourceVpce'), reader),
    source: reader.location(pointer),
  };
}

function groupNames(value: unknown, pointer: string, scope: AccountScope, groups: ReadonlyMap<string, Group>): string[] {
  const names: string[] = [];
  scope.reader.list(value, pointer, 'the user `groups`').forEach((entry, i) => {
    const at = child(pointer, i);
    const name = scope.reader.string(entry, at, 'a group name');
    if (name === undefined) return;
    if (!groups.has(name)) {
      scope.reader.report(at, 'scenario/unknown-group', 'error', `the account \`${scope.id}\` has no group \`${name}\``, 'list it under the account\'s `groups`');
      return;
    }
    names.push(name);
  });
  return names;
}

function accessKeys(value: unknown, pointer: string, reader: ScenarioReader): User['accessKeys'] {
  return reader.list(value, pointer, '`accessKeys`').flatMap((entry, i) => {
    const at = child(pointer, i);
    const fields = reader.mapping(entry, at, 'an access key');
    if (!fields) return [];
    reader.knownFields(fields, at, Object.keys(accessKeyShape.shape), 'an access key');
    const key = reader.withSchema(accessKeyShape, fields, at, 'an access key');
    return key ? [{ id: key.id, status: key.status ?? 'Active' }] : [];
  });
}

function loadGroup(fields: Fields, pointer: string, scope: AccountScope, name: string): Group {
  const path = readPath(fields, pointer, scope.reader);
  const arn = `arn:${scope.partition}:iam::${scope.id}:group${path}${name}`;
  return { name, arn, policies: identityPolicies(fields.policies, child(pointer, 'policies'), arn, scope) };
}

function loadIdentityProviders(value: unknown, pointer: string, scope: AccountScope): IdentityProvider[] {
  const { reader } = scope;
  return reader.list(value, pointer, '`identityProviders`').flatMap((entry, i) => {
    const at = child(pointer, i);
    const fields = reader.mapping(entry, at, 'an identity provider');
    if (!fields) return [];
    reader.knownFields(fields, at, PROVIDER_FIELDS, 'an identity provider');
    const arn = reader.requiredString(fields.arn, child(at, 'arn'), 'the provider `arn`');
    if (arn === undefined) return [];
    const match = /^arn:[^:]+:iam::(\d{12}):(saml|oidc)-provider\/.+$/.exec(arn);
    if (!match) {
      reader.report(child(at, 'arn'), 'scenario/invalid-arn', 'error', `\`${arn}\` is not a SAML or OIDC provider ARN`, 'write `arn:aws:iam::<account>:saml-provider/<name>` or `arn:aws:iam::<account>:oidc-provider/<host>`');
      return [];
    }
    if (match[1] !== scope.id) {
      reader.report(child(at, 'arn'), 'scenario/account-mismatch', 'error', `the provider \`${arn}\` belongs to account \`${match[1]}\`, not \`${scope.id}\``);
      return [];
    }
    return [{ arn, kind: match[2] === 'saml' ? 'saml' : 'oidc' } as const];
  });
}

function loadTrails(value: unknown, pointer: string, scope: AccountScope): Trail[] {
  const { reader } = scope;
  return reader.list(value, pointer, '`trails`').flatMap((entry, i) => {
    const at = child(pointer, i);
    const fields = reader.mapping(entry, at, 'a trail');
    if (!fields) return [];
    reader.knownFields(fields, at, Object.keys(trailShape.shape), 'a trail');
    const trail = reader.withSchema(trailShape, fields, at, 'a trail');
    if (!trail) return [];
    const { bucket, kmsKeyArn } = withoutNulls(trail);
    return [{ arn: trail.arn, ...(bucket !== undefined ? { bucket } : {}), ...(kmsKeyArn !== undefined ? { kmsKeyArn } : {}), organization: trail.organization ?? false }];
  });
}
