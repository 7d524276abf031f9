import { locate } from '../../core/diagnostics.js';
import type { Resource } from '../../core/model/estate.js';
import { awsManagedAlias, resolveKeyRef } from '../kms-key-refs.js';
import { duplicate } from './snapshot-kms.js';
import type { AccountScope } from './snapshot-scope.js';

/** `lambda/<region>/<function-name>/get-policy.json`; `ResourceNotFoundException` means no policy. */
export function readFunctions(scope: AccountScope): void {
  const { folder, dir, estate, accountId, draft } = scope;
  const base = `${dir}/lambda`;
  if (!folder.isDir(base)) return;
  draft.collected('lambda');
  for (const region of folder.dirs(base)) {
    for (const segment of folder.dirs(`${base}/${region}`)) {
      const rel = `${base}/${region}/${segment}`;
      const name = folder.decodeName(segment, rel);
      const arn = `arn:${estate.partition}:lambda:${region}:${accountId}:function:${name}`;
      const recorded = folder.recorded(`${rel}/get-policy.json`, ['ResourceNotFoundException']);
      const resource: Resource = {
        arn,
        type: 'function',
        service: 'lambda',
        accountId,
        region,
        policy: recorded.state === 'collected' ? recorded.doc.policy(recorded.doc.get(recorded.doc.root, 'Policy'), 'resource', `${arn}#policy`, scope.catalog) : recorded.state === 'none' ? null : folder.uncollected(`the function policy of ${arn}`, recorded),
        // The layout does not collect function tags.
        tags: { uncollected: true, what: `the tags of ${arn} (the snapshot layout does not collect function tags)` },
        ...(recorded.state === 'collected' ? { source: locate(recorded.doc.context(), '') } : {}),
      };
      if (!estate.addResource(resource)) duplicate(scope, rel, arn);
    }
  }
}

/**
 * `secretsmanager/<region>/<secret-name>/`: `describe-secret` (ARN, key, tags) and
 * `get-resource-policy` (no `ResourcePolicy` means none). A secret's ARN ends in a random suffix,
 * so one whose two files are both missing cannot be placed.
 */
export function readSecrets(scope: AccountScope): void {
  const { folder, dir, draft } = scope;
  const base = `${dir}/secretsmanager`;
  if (!folder.isDir(base)) return;
  draft.collected('secretsmanager');
  for (const region of folder.dirs(base)) {
    for (const segment of folder.dirs(`${base}/${region}`)) readSecret(scope, region, folder.decodeName(segment, `${base}/${region}/${segment}`), `${base}/${region}/${segment}`);
  }
}

function readSecret(scope: AccountScope, region: string, name: string, rel: string): void {
  const { folder, estate, accountId } = scope;
  const described = folder.recorded(`${rel}/describe-secret.json`);
  const policyRecord = folder.recorded(`${rel}/get-resource-policy.json`, ['ResourceNotFoundException']);
  const describedDoc = described.state === 'collected' ? described.doc : undefined;
  const policyDoc = policyRecord.state === 'collected' ? policyRecord.doc : undefined;
  const arn =
    (describedDoc && describedDoc.string(describedDoc.get(describedDoc.root, 'ARN'), 'the secret `ARN`')) ??
    (policyDoc && policyDoc.string(policyDoc.get(policyDoc.root, 'ARN'), 'the secret `ARN`'));
  if (arn === undefined) {
    folder.bag.add({
      code: 'snapshot/secret-arn-unknown',
      severity: 'warning',
      message: `the ARN of the secret \`${name}\` is unknown: neither \`describe-secret.json\` nor \`get-resource-policy.json\` gives it`,
      help: 'a secret ARN ends in a random suffix; the secret is left out',
      source: { file: folder.file(rel), pointer: '' },
    });
    return;
  }
  let policy: Resource['policy'] = null;
  if (policyDoc) {
    const node = policyDoc.get(policyDoc.root, 'ResourcePolicy');
    // A secret without a policy: `get-resource-policy` answers without `ResourcePolicy`.
    if (node.value !== undefined && node.value !== null) policy = policyDoc.policy(node, 'resource', `${arn}#policy`, scope.catalog);
  } else if (policyRecord.state === 'uncollected') {
    policy = folder.uncollected(`the resource policy of ${arn}`, policyRecord);
  }
  const keyRef = describedDoc ? (describedDoc.string(describedDoc.get(describedDoc.root, 'KmsKeyId'), 'the secret `KmsKeyId`') ?? awsManagedAlias('secretsmanager')) : undefined;
  const resource: Resource = {
    arn,
    type: 'secret',
    service: 'secretsmanager',
    accountId,
    region,
    policy,
    tags: describedDoc ? describedDoc.tagList(describedDoc.get(describedDoc.root, 'Tags'), 'the secret `Tags`') : described.state === 'uncollected' ? folder.uncollected(`the tags of ${arn}`, described) : {},
    ...(keyRef !== undefined ? { kmsKeyArn: resolveKeyRef(keyRef, { partition: estate.partition, accountId, region }, estate.kmsAliases) } : {}),
    ...(describedDoc ? { source: locate(describedDoc.context(), '') } : {}),
  };
  if (!estate.addResource(resource)) duplicate(scope, rel, arn);
}
