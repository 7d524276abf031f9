import { KMS_KEY_STATES } from '../../core/decision/kms-rules.js';
import { locate } from '../../core/diagnostics.js';
import type { KmsGrant, KmsKeyFacts, Resource } from '../../core/model/estate.js';
import type { JsonDoc } from '../files/json-doc.js';
import type { Recorded } from '../files/data-folder.js';
import type { AccountScope } from './snapshot-scope.js';

/** `kms/<region>/list-aliases.json`: alias ARN → key ARN, for resolving keys named by alias. */
export function readKmsAliases(scope: AccountScope): void {
  const { folder, dir, estate, accountId } = scope;
  for (const region of folder.dirs(`${dir}/kms`)) {
    const recorded = folder.recorded(`${dir}/kms/${region}/list-aliases.json`);
    if (recorded.state !== 'collected') continue;
    const doc = recorded.doc;
    for (const entry of doc.listAcrossPages('Aliases', '`list-aliases` output')) {
      if (!doc.object(entry, 'an alias')) continue;
      const name = doc.requiredString(doc.get(entry, 'AliasName'), 'the `AliasName`');
      const target = doc.string(doc.get(entry, 'TargetKeyId'), 'the `TargetKeyId`');
      if (name === undefined || target === undefined) continue; // an AWS managed alias whose key AWS has not created yet
      const aliasArn = doc.string(doc.get(entry, 'AliasArn'), 'the `AliasArn`') ?? `arn:${estate.partition}:kms:${region}:${accountId}:${name}`;
      estate.kmsAliases.set(aliasArn, `arn:${estate.partition}:kms:${region}:${accountId}:key/${target}`);
    }
  }
}

/** `kms/<region>/<key-id>/`: each key with its key policy, grants and tags. */
export function readKmsKeys(scope: AccountScope): void {
  const { folder, dir, draft } = scope;
  if (!folder.isDir(`${dir}/kms`)) return;
  draft.collected('kms');
  for (const region of folder.dirs(`${dir}/kms`)) {
    for (const keyDir of folder.dirs(`${dir}/kms/${region}`)) readKey(scope, region, folder.decodeName(keyDir, `${dir}/kms/${region}/${keyDir}`), `${dir}/kms/${region}/${keyDir}`);
  }
}

function readKey(scope: AccountScope, region: string, keyId: string, rel: string): void {
  const { folder, estate, accountId } = scope;
  const described = folder.recorded(`${rel}/describe-key.json`);
  const metadata = described.state === 'collected' ? keyMetadata(described.doc) : {};
  const arn = metadata.arn ?? `arn:${estate.partition}:kms:${region}:${accountId}:key/${keyId}`;
  const policyRecord = folder.recorded(`${rel}/get-key-policy.json`);
  const tags = folder.recorded(`${rel}/list-resource-tags.json`);
  const resource: Resource = {
    arn,
    type: 'key',
    service: 'kms',
    accountId,
    region,
    policy: keyPolicy(scope, policyRecord, arn),
    tags: tags.state === 'collected' ? tagsOf(tags.doc) : tags.state === 'none' ? {} : folder.uncollected(`the tags of ${arn}`, tags),
    kms: {
      keyManager: metadata.keyManager ?? managerFromAliases(scope, arn),
      grants: grantsOf(scope, folder.recorded(`${rel}/list-grants.json`), arn),
      ...(metadata.keyState !== undefined ? { keyState: metadata.keyState } : {}),
    },
    ...(described.state === 'collected' ? { source: locate(described.doc.context(), '') } : {}),
  };
  if (!estate.addResource(resource)) duplicate(scope, `${rel}/describe-key.json`, arn);
}

function keyMetadata(doc: JsonDoc): { arn?: string; keyManager?: KmsKeyFacts['keyManager']; keyState?: string } {
  const meta = doc.get(doc.root, 'KeyMetadata');
  if (!doc.object(meta, '`KeyMetadata`')) return {};
  const arn = doc.string(doc.get(meta, 'Arn'), 'the key `Arn`');
  const managerNode = doc.get(meta, 'KeyManager');
  const manager = doc.string(managerNode, 'the `KeyManager`');
  if (manager !== undefined && manager !== 'AWS' && manager !== 'CUSTOMER') {
    doc.report(managerNode.pointer, 'snapshot/invalid-value', 'error', `\`KeyManager\` is \`${manager}\`, neither \`AWS\` nor \`CUSTOMER\``);
  }
  // docs/aws-authorization.md#kms-key-state: a state trustmap does not know is kept (it is not Enabled) and reported.
  const stateNode = doc.get(meta, 'KeyState');
  const keyState = doc.string(stateNode, 'the `KeyState`');
  if (keyState !== undefined && !(KMS_KEY_STATES as readonly string[]).includes(keyState)) {
    doc.report(stateNode.pointer, 'snapshot/invalid-value', 'warning', `\`KeyState\` is \`${keyState}\`, not a key state trustmap knows (${KMS_KEY_STATES.join(', ')}): the key is taken to refuse cryptographic operations`);
  }
  return {
    ...(arn !== undefined ? { arn } : {}),
    ...(manager === 'AWS' || manager === 'CUSTOMER' ? { keyManager: manager } : {}),
    ...(keyState !== undefined ? { keyState } : {}),
  };
}

/** Without `describe-key`, a key that an `alias/aws/…` alias points at is AWS managed. */
function managerFromAliases(scope: AccountScope, arn: string): KmsKeyFacts['keyManager'] {
  for (const [alias, key] of scope.estate.kmsAliases) if (key === arn && alias.includes(':alias/aws/')) return 'AWS';
  return 'CUSTOMER';
}

function keyPolicy(scope: AccountScope, recorded: Recorded, arn: string): Resource['policy'] {
  // Every key has a key policy, so no error means "none" here and `recorded` never answers none.
  if (recorded.state === 'uncollected') return scope.folder.uncollected(`the key policy of ${arn}`, recorded);
  if (recorded.state === 'none') return null;
  const doc = recorded.doc;
  return doc.policy(doc.get(doc.root, 'Policy'), 'key', `${arn}#policy`, scope.catalog);
}

function grantsOf(scope: AccountScope, recorded: Recorded, arn: string): KmsKeyFacts['grants'] {
  if (recorded.state === 'none') return [];
  if (recorded.state === 'uncollected') return scope.folder.uncollected(`the grants of ${arn}`, recorded);
  const doc = recorded.doc;
  return doc.listAcrossPages('Grants', '`list-grants` output').flatMap((entry): KmsGrant[] => {
    if (!doc.object(entry, 'a grant')) return [];
    const grantee = doc.requiredString(doc.get(entry, 'GranteePrincipal'), 'the `GranteePrincipal`');
    if (grantee === undefined) return [];
    const grantId = doc.string(doc.get(entry, 'GrantId'), 'the `GrantId`');
    const constraints = doc.get(entry, 'Constraints');
    const equals = doc.get(constraints, 'EncryptionContextEquals');
    const subset = doc.get(constraints, 'EncryptionContextSubset');
    doc.object(constraints, 'the grant `Constraints`');
    const kept = {
      ...(equals.value != null ? { encryptionContextEquals: doc.stringMap(equals, '`EncryptionContextEquals`') } : {}),
      ...(subset.value != null ? { encryptionContextSubset: doc.stringMap(subset, '`EncryptionContextSubset`') } : {}),
    };
    return [
      {
        granteePrincipal: grantee,
        operations: doc.strings(doc.get(entry, 'Operations'), 'the grant `Operations`'),
        ...(Object.keys(kept).length > 0 ? { constraints: kept } : {}),
        ...(grantId !== undefined ? { grantId } : {}),
      },
    ];
  });
}

/** KMS tags are `[{TagKey, TagValue}]`, possibly in pages. */
function tagsOf(doc: JsonDoc): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const page of doc.pages('`list-resource-tags` output')) Object.assign(tags, doc.tagList(doc.get(page, 'Tags'), 'the key tags', 'TagKey', 'TagValue'));
  return tags;
}

export function duplicate(scope: AccountScope, rel: string, arn: string): void {
  scope.folder.bag.add({
    code: 'snapshot/duplicate-resource',
    severity: 'error',
    message: `\`${arn}\` is described twice in the snapshot; the first description is kept`,
    source: { file: scope.folder.file(rel), pointer: '' },
  });
}
