import type { Acl, AclGrant, Resource, S3BucketFacts, Uncollected } from '../../core/model/estate.js';
import { isUncollected } from '../../core/model/estate.js';
import type { JsonDoc, JsonNode } from '../files/json-doc.js';
import { awsManagedAlias, resolveKeyRef } from '../kms-key-refs.js';
import { NO_PUBLIC_ACCESS_BLOCK, readBlockPublicAccess } from './snapshot-account-settings.js';
import type { Recorded } from '../files/data-folder.js';
import { duplicate } from './snapshot-kms.js';
import type { AccountScope, SnapshotScope } from './snapshot-scope.js';

const OWNERSHIP: readonly string[] = ['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter'];
const PERMISSIONS: readonly string[] = ['READ', 'WRITE', 'READ_ACP', 'WRITE_ACP', 'FULL_CONTROL'];
const KMS_ALGORITHMS: readonly string[] = ['aws:kms', 'aws:kms:dsse'];

interface ListedBucket {
  readonly name: string;
  readonly region?: string;
}

/**
 * `s3/list-buckets.json`: the account's canonical id (`Owner.ID`) and its buckets. Read for every
 * account before any bucket, so ACL grantees can be named by account.
 */
export function readBucketList(scope: AccountScope): ListedBucket[] {
  const { folder, dir, draft } = scope;
  const recorded = folder.recorded(`${dir}/s3/list-buckets.json`);
  if (recorded.state !== 'collected') return [];
  draft.collected('s3');
  const doc = recorded.doc;
  const buckets: ListedBucket[] = [];
  for (const page of doc.pages('`list-buckets` output')) {
    const owner = doc.string(doc.get(doc.get(page, 'Owner'), 'ID'), 'the owner `ID`');
    if (owner !== undefined) draft.canonicalId = owner;
    for (const entry of doc.items(doc.get(page, 'Buckets'), '`Buckets`')) {
      if (!doc.object(entry, 'a bucket')) continue;
      const name = doc.requiredString(doc.get(entry, 'Name'), 'the bucket `Name`');
      const region = doc.string(doc.get(entry, 'BucketRegion'), 'the `BucketRegion`');
      if (name !== undefined) buckets.push({ name, ...(region !== undefined ? { region } : {}) });
    }
  }
  return buckets;
}

/** Each bucket listed, or with a folder under `s3/`, with its policy, ACL, BPA, ownership, encryption and tags. */
export function readBuckets(scope: AccountScope, listed: readonly ListedBucket[]): void {
  const { folder, dir } = scope;
  const byName = new Map(listed.map((b) => [b.name, b]));
  const folders = new Map(folder.dirs(`${dir}/s3`).map((segment) => [folder.decodeName(segment, `${dir}/s3/${segment}`), segment]));
  for (const name of [...new Set([...byName.keys(), ...folders.keys()])].sort()) {
    readBucket(scope, byName.get(name) ?? { name }, `${dir}/s3/${folders.get(name) ?? encodeURIComponent(name)}`);
  }
}

function readBucket(scope: AccountScope, listed: ListedBucket, rel: string): void {
  const { folder, estate, accountId } = scope;
  const arn = `arn:${estate.partition}:s3:::${listed.name}`;
  const region = bucketRegion(folder.recorded(`${rel}/get-bucket-location.json`)) ?? listed.region;
  const policy = folder.recorded(`${rel}/get-bucket-policy.json`, ['NoSuchBucketPolicy']);
  const tags = folder.recorded(`${rel}/get-bucket-tagging.json`, ['NoSuchTagSet']);
  const resource: Resource = {
    arn,
    type: 'bucket',
    service: 's3',
    accountId,
    ...(region !== undefined ? { region } : {}),
    policy: policy.state === 'collected' ? policy.doc.policy(policy.doc.get(policy.doc.root, 'Policy'), 'resource', `${arn}#policy`, scope.catalog) : policy.state === 'none' ? null : folder.uncollected(`the bucket policy of ${arn}`, policy),
    tags: tags.state === 'collected' ? tags.doc.tagList(tags.doc.get(tags.doc.root, 'TagSet'), 'the `TagSet`') : tags.state === 'none' ? {} : folder.uncollected(`the tags of ${arn}`, tags),
    s3: bucketFacts(scope, rel, arn, region),
    // A bucket has no file of its own: it is located at its folder.
    source: { file: folder.file(rel), pointer: '' },
  };
  if (!estate.addResource(resource)) duplicate(scope, rel, arn);
}

/** `LocationConstraint` null or empty is us-east-1; `EU` is the old name of eu-west-1. */
function bucketRegion(recorded: Recorded): string | undefined {
  if (recorded.state !== 'collected') return undefined;
  const doc = recorded.doc;
  const constraint = doc.get(doc.root, 'LocationConstraint');
  const value = doc.string(constraint, '`LocationConstraint`');
  if (value === undefined || value === '') return 'us-east-1';
  return value === 'EU' ? 'eu-west-1' : value;
}

function bucketFacts(scope: AccountScope, rel: string, arn: string, region: string | undefined): S3BucketFacts {
  const { folder } = scope;
  const ownership = objectOwnership(folder.recorded(`${rel}/get-bucket-ownership-controls.json`, ['OwnershipControlsNotFoundError']));
  const blockPublicAccess = readBlockPublicAccess(folder, folder.recorded(`${rel}/get-public-access-block.json`, [NO_PUBLIC_ACCESS_BLOCK]), `the Block Public Access settings of ${arn}`);
  const aclRecord = folder.recorded(`${rel}/get-bucket-acl.json`);
  const recordedAcl: Acl | Uncollected = aclRecord.state === 'collected' ? readAcl(scope, aclRecord.doc) : aclRecord.state === 'none' ? { owner: scope.accountId, grants: [] } : folder.uncollected(`the ACL of ${arn}`, aclRecord);
  // Whether ACLs are in force depends on an ownership setting nobody read: grants to others are then unknown.
  const acl: Acl | Uncollected =
    ownership.unknown !== undefined && !isUncollected(recordedAcl) && recordedAcl.grants.some((g) => g.grantee !== recordedAcl.owner && g.grantee !== scope.accountId)
      ? { uncollected: true, what: `whether the ACL of ${arn} applies (${ownership.unknown})` }
      : recordedAcl;
  const defaultKmsKeyArn = defaultKey(scope, folder.recorded(`${rel}/get-bucket-encryption.json`, ['ServerSideEncryptionConfigurationNotFoundError']), rel, region);
  return {
    objectOwnership: ownership.value,
    ...(blockPublicAccess !== undefined ? { blockPublicAccess } : {}),
    acl,
    ...(defaultKmsKeyArn !== undefined ? { defaultKmsKeyArn } : {}),
  };
}

/**
 * The Object Ownership setting. A bucket without ownership controls behaves as `ObjectWriter`
 * (ACLs in force). When the setting was not collected, ACLs are taken as possibly in force.
 */
function objectOwnership(recorded: Recorded): { value: S3BucketFacts['objectOwnership']; unknown?: string } {
  if (recorded.state === 'none') return { value: 'ObjectWriter' };
  if (recorded.state === 'uncollected') return { value: 'ObjectWriter', unknown: recorded.error !== undefined ? `${recorded.file} records ${recorded.error}` : `${recorded.file} was not collected` };
  const doc = recorded.doc;
  const rule = doc.get(doc.items(doc.get(doc.get(doc.root, 'OwnershipControls'), 'Rules'), '`Rules`')[0] ?? { value: undefined, pointer: '/OwnershipControls/Rules/0' }, 'ObjectOwnership');
  const value = doc.string(rule, '`ObjectOwnership`');
  if (value !== undefined && OWNERSHIP.includes(value)) return { value: value as S3BucketFacts['objectOwnership'] };
  doc.report(rule.pointer, 'snapshot/invalid-value', 'error', value === undefined ? 'no `ObjectOwnership` rule is recorded' : `\`ObjectOwnership\` is \`${value}\`, none of ${OWNERSHIP.map((o) => `\`${o}\``).join(', ')}`, 'ACLs are taken as possibly in force');
  return { value: 'ObjectWriter', unknown: `${doc.file} could not be read` };
}

function readAcl(scope: SnapshotScope & { readonly accountId: string }, doc: JsonDoc): Acl {
  const ownerId = doc.string(doc.get(doc.get(doc.root, 'Owner'), 'ID'), 'the ACL owner `ID`');
  const grants = doc.items(doc.get(doc.root, 'Grants'), '`Grants`').flatMap((entry): AclGrant[] => {
    if (!doc.object(entry, 'an ACL grant')) return [];
    const grantee = granteeOf(scope, doc, doc.get(entry, 'Grantee'));
    const permissionNode = doc.get(entry, 'Permission');
    const permission = doc.requiredString(permissionNode, 'the grant `Permission`');
    if (permission !== undefined && !PERMISSIONS.includes(permission)) {
      doc.report(permissionNode.pointer, 'snapshot/invalid-value', 'error', `\`${permission}\` is not an ACL permission`, `use one of ${PERMISSIONS.map((p) => `\`${p}\``).join(', ')}`);
      return [];
    }
    return grantee !== undefined && permission !== undefined ? [{ grantee, permission: permission as AclGrant['permission'] }] : [];
  });
  return { owner: ownerId !== undefined ? accountOfCanonical(scope, ownerId) : scope.accountId, grants };
}

/** Grantees as the model names them: an account id where the canonical id is known, or `AllUsers` / `AuthenticatedUsers`. */
function granteeOf(scope: SnapshotScope, doc: JsonDoc, node: JsonNode): string | undefined {
  if (!doc.object(node, 'the `Grantee`')) return undefined;
  const type = doc.requiredString(doc.get(node, 'Type'), 'the grantee `Type`');
  if (type === 'CanonicalUser') {
    const id = doc.requiredString(doc.get(node, 'ID'), 'the grantee `ID`');
    return id !== undefined ? accountOfCanonical(scope, id) : undefined;
  }
  if (type === 'Group') {
    const uri = doc.requiredString(doc.get(node, 'URI'), 'the grantee `URI`');
    if (uri === undefined) return undefined;
    if (uri.endsWith('/AllUsers')) return 'AllUsers';
    if (uri.endsWith('/AuthenticatedUsers')) return 'AuthenticatedUsers';
    return uri;
  }
  if (type === 'AmazonCustomerByEmail') return doc.requiredString(doc.get(node, 'EmailAddress'), 'the grantee `EmailAddress`');
  if (type !== undefined) doc.report(`${node.pointer}/Type`, 'snapshot/invalid-value', 'error', `\`${type}\` is not a grantee type`, 'use `CanonicalUser`, `Group` or `AmazonCustomerByEmail`');
  return undefined;
}

function accountOfCanonical(scope: SnapshotScope, canonicalId: string): string {
  for (const account of scope.estate.accounts.values()) if (account.canonicalId === canonicalId) return account.id;
  return canonicalId;
}

/** The bucket's default SSE-KMS key; an AWS managed key (`alias/aws/s3`) when the rule names none. */
function defaultKey(scope: AccountScope, recorded: Recorded, rel: string, region: string | undefined): string | undefined {
  if (recorded.state === 'none') return undefined;
  if (recorded.state === 'uncollected') {
    scope.folder.bag.add({
      code: 'snapshot/encryption-not-collected',
      severity: 'info',
      message: `the default encryption of \`${rel.slice(rel.lastIndexOf('/') + 1)}\` was not collected`,
      help: 'its objects are taken to need no KMS key; collect `get-bucket-encryption` to check the key too',
      source: { file: scope.folder.file(`${rel}/get-bucket-encryption.json`), pointer: '' },
    });
    return undefined;
  }
  const doc = recorded.doc;
  const rules = doc.items(doc.get(doc.get(doc.root, 'ServerSideEncryptionConfiguration'), 'Rules'), '`Rules`');
  for (const rule of rules) {
    const byDefault = doc.get(rule, 'ApplyServerSideEncryptionByDefault');
    const algorithm = doc.string(doc.get(byDefault, 'SSEAlgorithm'), '`SSEAlgorithm`');
    if (algorithm === undefined || !KMS_ALGORITHMS.includes(algorithm)) continue;
    const key = doc.string(doc.get(byDefault, 'KMSMasterKeyID'), '`KMSMasterKeyID`') ?? awsManagedAlias('s3');
    return resolveKeyRef(key, { partition: scope.estate.partition, accountId: scope.accountId, ...(region !== undefined ? { region } : {}) }, scope.estate.kmsAliases);
  }
  return undefined;
}
