import { locate } from '../../core/diagnostics.js';
import type { BlockPublicAccess, Resource, ResourceType, S3BucketFacts } from '../../core/model/estate.js';
import { isPlainObject } from '../../core/policy/decode-policy-document.js';
import type { JsonDoc, JsonNode } from '../files/json-doc.js';
import { awsManagedAlias, resolveKeyRef } from '../kms-key-refs.js';
import { resourceTypeOf } from '../scenario/resource-type.js';
import { resourceFolders, type IamCollectAccount, type ResourceFolder } from './iam-collect-iam.js';
import { pick, readData, readOptional, tagsAt } from './iam-collect-shapes.js';

/** The services whose resource policies trustmap reads, and the resource type each holds. */
const SERVICES: Readonly<Record<string, ResourceType>> = {
  s3: 'bucket',
  kms: 'key',
  sqs: 'queue',
  sns: 'topic',
  lambda: 'function',
  secretsmanager: 'secret',
};
/** Not resources with policies: read by their own readers (IAM, Identity Center) or not at all. */
const NOT_RESOURCES = new Set(['iam', 'ram', 'organization.json', 'sso', 'identitystore']);
const KMS_ALGORITHMS: readonly string[] = ['aws:kms', 'aws:kms:dsse'];
const BPA_FIELDS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

/**
 * The resources of an account folder with their resource policies (`policy.json`), tags and, for
 * buckets, Block Public Access (`bpa.json`) and default encryption (`encryption.json`). Other
 * services (ECR, DynamoDB…) are listed once as skipped.
 */
export function readIamCollectResources(scope: IamCollectAccount): void {
  const { folder, dir, draft } = scope;
  const skipped: string[] = [];
  for (const service of folder.dirs(dir)) {
    if (NOT_RESOURCES.has(service)) continue;
    const type = SERVICES[service];
    if (!type) {
      skipped.push(service);
      continue;
    }
    draft.collected(service);
    for (const f of resourceFolders(scope, `${dir}/${service}`)) {
      if (f.arn.service !== service || resourceTypeOf(f.arn) !== type) continue; // access points, aliases, layers…
      const resource = readResource(scope, f, type);
      if (!scope.estate.addResource(resource)) f.metadata.report('', 'iam-collect/duplicate-resource', 'error', `\`${f.arnText}\` is described twice; the first description is kept`);
    }
  }
  if (skipped.length > 0) {
    folder.bag.add({
      code: 'iam-collect/services-skipped',
      severity: 'info',
      message: `the data of ${skipped.map((s) => `\`${s}\``).join(', ')} in account \`${scope.accountId}\` is not read`,
      help: 'trustmap reads the resource policies of S3, KMS, SQS, SNS, Lambda and Secrets Manager',
      source: { file: folder.file(dir), pointer: '' },
    });
  }
}

function readResource(scope: IamCollectAccount, f: ResourceFolder, type: ResourceType): Resource {
  const { metadata } = f;
  const policyDoc = readData(scope.folder, `${f.rel}/policy.json`);
  const region = f.arn.region || metadata.string(pick(metadata, metadata.root, ['region', 'Region']), 'the `region`');
  const kmsKeyArn = type === 'queue' || type === 'topic' || type === 'secret' ? keyOf(scope, metadata, type, region) : undefined;
  return {
    arn: f.arnText,
    type,
    service: f.arn.service,
    accountId: scope.accountId,
    ...(region !== undefined && region !== '' ? { region } : {}),
    policy: policyOf(scope, f, type, policyDoc),
    tags: tagsAt(scope.folder, `${f.rel}/tags.json`, f.arnText),
    ...(kmsKeyArn !== undefined ? { kmsKeyArn } : {}),
    ...(type === 'bucket' ? { s3: bucketFacts(scope, f, region) } : {}),
    ...(type === 'key' ? { kms: keyFacts(f) } : {}),
    source: locate(metadata.context(), ''),
  };
}

/** `policy.json`: missing, empty or null means no policy; a broken file leaves it unknown. */
function policyOf(scope: IamCollectAccount, f: ResourceFolder, type: ResourceType, doc: JsonDoc | 'absent' | 'broken'): Resource['policy'] {
  if (doc === 'absent') return null;
  if (doc === 'broken') return { uncollected: true, what: `the resource policy of ${f.arnText} (${f.rel}/policy.json could not be read)` };
  if (doc.root.value === null || doc.root.value === '') return null;
  return doc.policy(doc.root, type === 'key' ? 'key' : 'resource', `${f.arnText}#policy`, scope.catalog);
}

/** A queue's, topic's or secret's key; a secret without one uses the AWS managed key. */
function keyOf(scope: IamCollectAccount, metadata: JsonDoc, type: ResourceType, region: string | undefined): string | undefined {
  const ref = metadata.string(pick(metadata, metadata.root, ['kmsKeyId', 'KmsKeyId', 'kmsMasterKeyId', 'KmsMasterKeyId']), 'the KMS key id');
  const key = ref !== undefined && ref !== '' ? ref : type === 'secret' ? awsManagedAlias('secretsmanager') : undefined;
  if (key === undefined) return undefined;
  return resolveKeyRef(key, { partition: scope.estate.partition, accountId: scope.accountId, ...(region ? { region } : {}) }, scope.estate.kmsAliases);
}

/** iam-collect reads no bucket ACL nor Object Ownership: whether an ACL grants anything is unknown. */
function bucketFacts(scope: IamCollectAccount, f: ResourceFolder, region: string | undefined): S3BucketFacts {
  const bpaRead = readData(scope.folder, `${f.rel}/bpa.json`);
  const bpa: S3BucketFacts['blockPublicAccess'] =
    bpaRead === 'broken' ? { uncollected: true, what: `the Block Public Access settings of ${f.arnText} (bpa.json could not be read)` } : blockPublicAccess(bpaRead === 'absent' ? undefined : bpaRead);
  const defaultKmsKeyArn = defaultKey(scope, readOptional(scope.folder, `${f.rel}/encryption.json`), region);
  return {
    objectOwnership: 'ObjectWriter',
    acl: { uncollected: true, what: `the ACL of ${f.arnText} (iam-collect does not collect bucket ACLs or Object Ownership)` },
    ...(bpa ? { blockPublicAccess: bpa } : {}),
    ...(defaultKmsKeyArn !== undefined ? { defaultKmsKeyArn } : {}),
  };
}

/** `bpa.json`: the four settings, bare or under `PublicAccessBlockConfiguration`, in either case. */
function blockPublicAccess(doc: JsonDoc | undefined): BlockPublicAccess | undefined {
  if (!doc || !doc.object(doc.root, 'the Block Public Access settings')) return undefined;
  const wrapped = doc.get(doc.root, 'PublicAccessBlockConfiguration');
  const node = isPlainObject(wrapped.value) ? wrapped : doc.root;
  const setting = (field: (typeof BPA_FIELDS)[number]): boolean =>
    doc.boolean(pick(doc, node, [field, field.charAt(0).toLowerCase() + field.slice(1)]), `\`${field}\``) ?? false;
  return {
    BlockPublicAcls: setting('BlockPublicAcls'),
    IgnorePublicAcls: setting('IgnorePublicAcls'),
    BlockPublicPolicy: setting('BlockPublicPolicy'),
    RestrictPublicBuckets: setting('RestrictPublicBuckets'),
  };
}

/** `encryption.json`: S3's `ServerSideEncryptionConfiguration` (or its `Rules`, or one rule's default). */
function defaultKey(scope: IamCollectAccount, doc: JsonDoc | undefined, region: string | undefined): string | undefined {
  if (!doc) return undefined;
  for (const rule of encryptionRules(doc)) {
    const byDefault = pick(doc, rule, ['ApplyServerSideEncryptionByDefault', 'applyServerSideEncryptionByDefault']);
    const at = isPlainObject(byDefault.value) ? byDefault : rule;
    const algorithm = doc.string(pick(doc, at, ['SSEAlgorithm', 'sseAlgorithm']), 'the `SSEAlgorithm`');
    if (algorithm === undefined || !KMS_ALGORITHMS.includes(algorithm)) continue;
    const key = doc.string(pick(doc, at, ['KMSMasterKeyID', 'kmsMasterKeyId', 'kmsKeyId']), 'the `KMSMasterKeyID`') ?? awsManagedAlias('s3');
    return resolveKeyRef(key, { partition: scope.estate.partition, accountId: scope.accountId, ...(region ? { region } : {}) }, scope.estate.kmsAliases);
  }
  return undefined;
}

function encryptionRules(doc: JsonDoc): JsonNode[] {
  const root = doc.root;
  if (Array.isArray(root.value)) return doc.items(root, 'the encryption rules');
  const config = pick(doc, root, ['ServerSideEncryptionConfiguration', 'serverSideEncryptionConfiguration']);
  const holder = isPlainObject(config.value) ? config : root;
  const rules = pick(doc, holder, ['Rules', 'rules']);
  return Array.isArray(rules.value) ? doc.items(rules, 'the encryption rules') : [holder];
}

/**
 * iam-collect reads the key policy and tags, not the grants or (documentedly) the key manager; the
 * key state where its metadata carries one (`KeyState`, as `describe-key` gives it).
 */
function keyFacts(f: ResourceFolder): NonNullable<Resource['kms']> {
  const { metadata } = f;
  const manager = metadata.string(pick(metadata, metadata.root, ['keyManager', 'KeyManager']), 'the `keyManager`');
  const keyState = metadata.string(pick(metadata, metadata.root, ['keyState', 'KeyState']), 'the `KeyState`');
  return {
    keyManager: manager === 'AWS' ? 'AWS' : 'CUSTOMER',
    grants: { uncollected: true, what: `the grants of ${f.arnText} (iam-collect does not collect KMS grants)` },
    ...(keyState !== undefined ? { keyState } : {}),
  };
}
