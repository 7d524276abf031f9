import { z } from 'zod';
import { KMS_KEY_STATES } from '../../core/decision/kms-rules.js';
import { didYouMean } from '../../core/did-you-mean.js';
import type { Acl, AclGrant, KmsGrant, KmsKeyFacts, Resource, ResourceType, S3BucketFacts } from '../../core/model/estate.js';
import { aclGrantShape, kmsGrantShape, readBlockPublicAccess, readTags, withoutNulls } from './leaf-shapes.js';
import type { PolicyResolver } from './policy-refs.js';
import { resourceTypeOf, splitArn, type ArnParts } from './resource-type.js';
import { child, type Fields, type ScenarioReader } from './scenario-reader.js';

const FIELDS_BY_TYPE: Readonly<Record<ResourceType, readonly string[]>> = {
  bucket: ['arn', 'account', 'region', 'policy', 'tags', 's3'],
  object: ['arn', 'owner', 'acl', 'kmsKeyArn'],
  'access-point': ['arn', 'account', 'bucket', 'bucketAccount', 'networkOrigin', 'vpc', 'blockPublicAccess', 'policy', 'tags'],
  queue: ['arn', 'account', 'policy', 'tags', 'kmsKeyArn'],
  topic: ['arn', 'account', 'policy', 'tags', 'kmsKeyArn'],
  secret: ['arn', 'account', 'policy', 'tags', 'kmsKeyArn'],
  key: ['arn', 'account', 'policy', 'tags', 'keyManager', 'keyState', 'grants'],
  function: ['arn', 'account', 'policy', 'tags'],
  other: ['arn', 'account', 'policy', 'tags'],
};
/** Every field some resource takes: an entry whose ARN is missing or unusable is checked against these. */
const ANY_RESOURCE_FIELDS = [...new Set(Object.values(FIELDS_BY_TYPE).flat())];
const S3_FIELDS = ['objectOwnership', 'blockPublicAccess', 'acl', 'defaultEncryption'] as const;
const ACL_FIELDS = ['owner', 'grants'] as const;
const DEFAULT_ENCRYPTION_FIELDS = ['kmsKeyArn'] as const;

const networkOriginShape = z.enum(['Internet', 'VPC']);
const objectOwnershipShape = z.enum(['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter']);
const keyManagerShape = z.enum(['CUSTOMER', 'AWS']);

interface Entry {
  readonly fields: Fields;
  readonly pointer: string;
  readonly arn: string;
  readonly parts: ArnParts;
  readonly type: ResourceType;
}

/**
 * Reads `resources:`. Buckets are read before objects, because an object takes its account and
 * region from its bucket's entry.
 */
export function loadResources(value: unknown, pointer: string, reader: ScenarioReader, policies: PolicyResolver): Map<string, Resource> {
  const resources = new Map<string, Resource>();
  const entries = reader.list(value, pointer, '`resources`').flatMap((entry, i) => readEntry(entry, child(pointer, i), reader));
  const add = (resource: Resource | undefined, entry: Entry): void => {
    if (!resource) return;
    if (resources.has(resource.arn)) {
      reader.report(child(entry.pointer, 'arn'), 'scenario/duplicate-name', 'error', `the resource \`${resource.arn}\` is listed twice`);
      return;
    }
    resources.set(resource.arn, resource);
  };
  for (const entry of entries.filter((e) => e.type !== 'object')) add(loadResource(entry, reader, policies), entry);
  for (const entry of entries.filter((e) => e.type === 'object')) add(loadObject(entry, reader, resources), entry);
  return resources;
}

function readEntry(value: unknown, pointer: string, reader: ScenarioReader): Entry[] {
  const fields = reader.mapping(value, pointer, 'a resource');
  if (!fields) return [];
  const arn = reader.requiredString(fields.arn, child(pointer, 'arn'), 'the resource `arn`');
  const parts = arn === undefined ? undefined : splitArn(arn);
  if (arn !== undefined && !parts) {
    reader.report(child(pointer, 'arn'), 'scenario/invalid-arn', 'error', `\`${arn}\` is not an ARN`, 'an ARN reads `arn:<partition>:<service>:<region>:<account>:<resource>`');
  }
  if (arn === undefined || !parts) {
    // Without a type the entry is left out, but a field no resource takes is still reported.
    reader.knownFields(fields, pointer, ANY_RESOURCE_FIELDS, 'a resource');
    return [];
  }
  const type = resourceTypeOf(parts);
  reader.knownFields(fields, pointer, FIELDS_BY_TYPE[type], `a resource of type ${type}`);
  return [{ fields, pointer, arn, parts, type }];
}

function loadResource(entry: Entry, reader: ScenarioReader, policies: PolicyResolver): Resource | undefined {
  const { fields, pointer, arn, parts, type } = entry;
  const accountId = resourceAccount(entry, reader);
  if (accountId === undefined) return undefined;
  const region = type === 'bucket' ? reader.string(fields.region, child(pointer, 'region'), 'the bucket `region`') : parts.region || undefined;
  const kmsKeyArn = reader.string(fields.kmsKeyArn, child(pointer, 'kmsKeyArn'), '`kmsKeyArn`');
  const policyValue = fields.policy;
  const policy =
    policyValue === undefined || policyValue === null
      ? null
      : policies.resolve(policyValue, child(pointer, 'policy'), type === 'key' ? 'key' : 'resource', typeof policyValue === 'string' ? policyValue : `${arn}#policy`);
  return {
    arn,
    type,
    service: parts.service,
    accountId,
    ...(region !== undefined ? { region } : {}),
    policy,
    tags: readTags(fields.tags, child(pointer, 'tags'), reader, 'the resource `tags`'),
    ...(kmsKeyArn !== undefined ? { kmsKeyArn } : {}),
    ...(type === 'bucket' ? { s3: bucketFacts(fields.s3, child(pointer, 's3'), accountId, reader) } : {}),
    ...(type === 'key' ? { kms: keyFacts(fields, pointer, reader) } : {}),
    ...(type === 'access-point' ? accessPointFacts(entry, reader) : {}),
    source: reader.location(pointer),
  };
}

/**
 * An S3 access point (docs/scenario-format.md "Access points"): its bucket by name, the bucket's
 * owner where it is another account, its network origin (`VPC` with `vpc`) and its own Block
 * Public Access; its `policy` is the access point policy.
 */
function accessPointFacts(entry: Entry, reader: ScenarioReader): Pick<Resource, 'accessPoint'> {
  const { fields, pointer, arn, parts } = entry;
  const name = parts.resource.slice('accesspoint/'.length);
  const bucket = reader.requiredString(fields.bucket, child(pointer, 'bucket'), 'the access point `bucket`') ?? '';
  const bucketAccountId = reader.accountId(fields.bucketAccount, child(pointer, 'bucketAccount'), 'the access point `bucketAccount`');
  const origin = fields.networkOrigin === undefined || fields.networkOrigin === null ? undefined : reader.withSchema(networkOriginShape, fields.networkOrigin, child(pointer, 'networkOrigin'), '`networkOrigin`');
  const vpcId = reader.string(fields.vpc, child(pointer, 'vpc'), 'the access point `vpc`');
  const networkOrigin = origin ?? (vpcId !== undefined ? 'VPC' : 'Internet');
  if (networkOrigin === 'VPC' && vpcId === undefined) {
    reader.report(child(pointer, 'vpc'), 'scenario/missing-field', 'error', `the access point \`${arn}\` has network origin VPC but no \`vpc\``, 'name its VPC as `vpc: vpc-…`');
  }
  const blockPublicAccess = readBlockPublicAccess(fields.blockPublicAccess, child(pointer, 'blockPublicAccess'), reader, 'the access point `blockPublicAccess`');
  return {
    accessPoint: {
      name,
      bucket,
      ...(bucketAccountId !== undefined && bucketAccountId !== parts.account ? { bucketAccountId } : {}),
      networkOrigin,
      ...(vpcId !== undefined ? { vpcId } : {}),
      ...(blockPublicAccess ? { blockPublicAccess } : {}),
    },
  };
}

/** S3 buckets name their account in `account`; every other ARN carries it, and `account` must agree. */
function resourceAccount(entry: Entry, reader: ScenarioReader): string | undefined {
  const { fields, pointer, arn, parts, type } = entry;
  const at = child(pointer, 'account');
  const given = reader.accountId(fields.account, at, 'the resource `account`');
  if (type === 'bucket') {
    if (fields.account === undefined || fields.account === null) {
      reader.report(at, 'scenario/bucket-account-missing', 'error', `the bucket \`${arn}\` needs an \`account\``, 'bucket ARNs carry no account id: write the owning account as `account: "<12 digits>"`');
    }
    return given;
  }
  if (parts.account === '') {
    if (given === undefined) reader.report(at, 'scenario/missing-field', 'error', `\`${arn}\` carries no account id, so the entry needs an \`account\``);
    return given;
  }
  if (given !== undefined && given !== parts.account) {
    reader.report(at, 'scenario/account-mismatch', 'error', `\`account\` says \`${given}\` but the ARN \`${arn}\` is in account \`${parts.account}\``, 'the account in the ARN is used');
  }
  return parts.account;
}

function bucketFacts(value: unknown, pointer: string, accountId: string, reader: ScenarioReader): S3BucketFacts {
  const fields = reader.mapping(value, pointer, 'the bucket `s3` facts') ?? {};
  reader.knownFields(fields, pointer, S3_FIELDS, 'the bucket `s3` facts');
  const ownership = fields.objectOwnership === undefined || fields.objectOwnership === null ? undefined : reader.withSchema(objectOwnershipShape, fields.objectOwnership, child(pointer, 'objectOwnership'), '`objectOwnership`');
  const blockPublicAccess = readBlockPublicAccess(fields.blockPublicAccess, child(pointer, 'blockPublicAccess'), reader, 'the bucket `blockPublicAccess`');
  const acl = readAcl(fields.acl, child(pointer, 'acl'), accountId, reader);
  const encryptionPointer = child(pointer, 'defaultEncryption');
  const encryption = reader.mapping(fields.defaultEncryption, encryptionPointer, '`defaultEncryption`');
  if (encryption) reader.knownFields(encryption, encryptionPointer, DEFAULT_ENCRYPTION_FIELDS, '`defaultEncryption`');
  const defaultKmsKeyArn = encryption ? reader.string(encryption.kmsKeyArn, child(encryptionPointer, 'kmsKeyArn'), 'the default `kmsKeyArn`') : undefined;
  return {
    objectOwnership: ownership ?? 'BucketOwnerEnforced',
    ...(blockPublicAccess ? { blockPublicAccess } : {}),
    ...(acl ? { acl } : {}),
    ...(defaultKmsKeyArn !== undefined ? { defaultKmsKeyArn } : {}),
  };
}

/** An S3 ACL; its owner defaults to `defaultOwner`. Grantees are account ids, canonical ids or groups. */
function readAcl(value: unknown, pointer: string, defaultOwner: string, reader: ScenarioReader): Acl | undefined {
  const fields = reader.mapping(value, pointer, 'an `acl`');
  if (!fields) return undefined;
  reader.knownFields(fields, pointer, ACL_FIELDS, 'an `acl`');
  const owner = granteeId(fields.owner, child(pointer, 'owner'), 'the ACL `owner`', reader) ?? defaultOwner;
  const grantsPointer = child(pointer, 'grants');
  const grants = reader.list(fields.grants, grantsPointer, 'the ACL `grants`').flatMap((entry, i): AclGrant[] => {
    const at = child(grantsPointer, i);
    const grant = reader.mapping(entry, at, 'an ACL grant');
    if (!grant) return [];
    reader.knownFields(grant, at, Object.keys(aclGrantShape.shape), 'an ACL grant');
    const parsed = reader.withSchema(aclGrantShape, grant, at, 'an ACL grant');
    if (grant.grantee === undefined || grant.grantee === null) {
      reader.report(child(at, 'grantee'), 'scenario/missing-field', 'error', 'the `grantee` of an ACL grant is required');
      return [];
    }
    const grantee = granteeId(grant.grantee, child(at, 'grantee'), 'the `grantee`', reader);
    return parsed && grantee !== undefined ? [{ grantee, permission: parsed.permission }] : [];
  });
  return { owner, grants };
}

/** An account id, a canonical user id or an ACL group name; a number is an account id gone wrong. */
function granteeId(value: unknown, pointer: string, what: string, reader: ScenarioReader): string | undefined {
  if (typeof value === 'number') return reader.accountId(value, pointer, what);
  return reader.string(value, pointer, what);
}

function keyFacts(fields: Fields, pointer: string, reader: ScenarioReader): KmsKeyFacts {
  const manager = fields.keyManager === undefined || fields.keyManager === null ? undefined : reader.withSchema(keyManagerShape, fields.keyManager, child(pointer, 'keyManager'), '`keyManager`');
  const grantsPointer = child(pointer, 'grants');
  const grants = reader.list(fields.grants, grantsPointer, '`grants`').flatMap((entry, i): KmsGrant[] => {
    const at = child(grantsPointer, i);
    const grant = reader.mapping(entry, at, 'a KMS grant');
    if (!grant) return [];
    reader.knownFields(grant, at, Object.keys(kmsGrantShape.shape), 'a KMS grant');
    const constraints = reader.mapping(grant.constraints, child(at, 'constraints'), 'the grant `constraints`');
    if (constraints) reader.knownFields(constraints, child(at, 'constraints'), ['encryptionContextEquals', 'encryptionContextSubset'], 'the grant `constraints`');
    const parsed = reader.withSchema(kmsGrantShape, grant, at, 'a KMS grant');
    if (!parsed) return [];
    const { grantId } = withoutNulls(parsed);
    const kept = parsed.constraints ? withoutNulls(parsed.constraints) : undefined;
    return [
      {
        granteePrincipal: parsed.granteePrincipal,
        operations: parsed.operations,
        ...(kept && Object.keys(kept).length > 0 ? { constraints: kept } : {}),
        ...(grantId !== undefined ? { grantId } : {}),
      },
    ];
  });
  const keyState = readKeyState(fields.keyState, child(pointer, 'keyState'), reader);
  return { keyManager: manager ?? 'CUSTOMER', grants, ...(keyState !== undefined ? { keyState } : {}) };
}

/** `keyState:` one of the states `describe-key` reports (docs/aws-authorization.md#kms-key-state); omitted: not known. */
function readKeyState(value: unknown, pointer: string, reader: ScenarioReader): string | undefined {
  const state = reader.string(value, pointer, '`keyState`');
  if (state === undefined) return undefined;
  if ((KMS_KEY_STATES as readonly string[]).includes(state)) return state;
  reader.report(pointer, 'scenario/invalid-value', 'error', `\`keyState\` cannot be \`${state}\``, didYouMean(state, KMS_KEY_STATES) ?? `use one of ${KMS_KEY_STATES.map((s) => `\`${s}\``).join(', ')}`);
  return undefined;
}

/**
 * An S3 object entry: facts of the object only. Its account and region are its bucket's, so the
 * bucket needs an entry of its own.
 */
function loadObject(entry: Entry, reader: ScenarioReader, resources: ReadonlyMap<string, Resource>): Resource | undefined {
  const { fields, pointer, arn, parts } = entry;
  const bucketName = parts.resource.slice(0, parts.resource.indexOf('/'));
  const bucketArn = `arn:${parts.partition}:s3:::${bucketName}`;
  const bucket = resources.get(bucketArn);
  if (!bucket) {
    reader.report(child(pointer, 'arn'), 'scenario/object-bucket-missing', 'error', `the object \`${arn}\` has no entry for its bucket \`${bucketArn}\``, 'an object takes its account from its bucket: add the bucket with its `account`');
    return undefined;
  }
  const owner = reader.accountId(fields.owner, child(pointer, 'owner'), 'the object `owner`');
  const acl = readAcl(fields.acl, child(pointer, 'acl'), owner ?? bucket.accountId, reader);
  const kmsKeyArn = reader.string(fields.kmsKeyArn, child(pointer, 'kmsKeyArn'), '`kmsKeyArn`');
  return {
    arn,
    type: 'object',
    service: 's3',
    accountId: bucket.accountId,
    ...(bucket.region !== undefined ? { region: bucket.region } : {}),
    policy: null,
    tags: {},
    ...(kmsKeyArn !== undefined ? { kmsKeyArn } : {}),
    object: { ...(owner !== undefined ? { owner } : {}), ...(acl ? { acl } : {}) },
    source: reader.location(pointer),
  };
}
