import { parseArn } from '../../core/arn/arn.js';
import { isUncollected, type KmsGrant, type Resource } from '../../core/model/estate.js';
import { uncollectedOutput } from './aws-error-output.js';
import { fileAt, policyText, tagList, type ExportScope, type SnapshotFile } from './export-scope.js';
import { pathSegment } from './path-segment.js';
import { kmsGrantId } from './stable-ids.js';

/** Where a key lives in the layout: `kms/<region>/<key-id>/`. */
export function keyPlace(key: Resource): { region: string; keyId: string } | undefined {
  const arn = parseArn(key.arn);
  const region = key.region ?? arn?.region;
  if (!arn || !region || !arn.resource.startsWith('key/')) return undefined;
  return { region, keyId: arn.resource.slice('key/'.length) };
}

/** `kms/<region>/<key-id>/`: the key's metadata, key policy, grants and tags. */
export function keyFiles(key: Resource, scope: ExportScope): SnapshotFile[] {
  const place = keyPlace(key);
  if (!place) {
    scope.omit(`the key \`${key.arn}\` has no region or key id the layout can place`);
    return [];
  }
  const dir = `accounts/${key.accountId}/kms/${place.region}/${pathSegment(place.keyId)}`;
  if (key.policy === null) scope.omit(`the key \`${key.arn}\` is recorded with no key policy, which AWS does not allow: \`get-key-policy.json\` is left out, so readers take it as not collected`);
  return [
    ...fileAt(`${dir}/describe-key.json`, describeKey(key, place.keyId, scope.date)),
    ...fileAt(`${dir}/get-key-policy.json`, keyPolicy(key)),
    ...fileAt(`${dir}/list-grants.json`, listGrants(key, scope)),
    ...fileAt(`${dir}/list-resource-tags.json`, isUncollected(key.tags) ? uncollectedOutput(key.tags) : { Tags: tagList(key.tags, 'TagKey', 'TagValue'), Truncated: false }),
  ];
}

/**
 * `aws kms describe-key`: `KeyManager` says whether AWS or the customer manages the key;
 * `KeyState` is the recorded state, `Enabled` where none was recorded.
 */
export function describeKey(key: Resource, keyId: string, date: string): unknown {
  const state = key.kms?.keyState ?? 'Enabled';
  return {
    KeyMetadata: {
      AWSAccountId: key.accountId,
      KeyId: keyId,
      Arn: key.arn,
      CreationDate: date,
      Enabled: state === 'Enabled',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: state,
      Origin: 'AWS_KMS',
      KeyManager: key.kms?.keyManager ?? 'CUSTOMER',
      KeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      MultiRegion: false,
    },
  };
}

/** `aws kms get-key-policy --policy-name default`: the policy as a JSON string. */
export function keyPolicy(key: Resource): unknown {
  if (key.policy === null) return undefined;
  if (isUncollected(key.policy)) return uncollectedOutput(key.policy);
  return { Policy: policyText(key.policy.document), PolicyName: 'default' };
}

/** `aws kms list-grants`. */
export function listGrants(key: Resource, scope: ExportScope): unknown {
  const grants = key.kms?.grants ?? [];
  if (isUncollected(grants)) return uncollectedOutput(grants);
  return { Grants: grants.map((grant, i) => grantEntry(key, grant, i, scope)), Truncated: false };
}

function grantEntry(key: Resource, grant: KmsGrant, index: number, scope: ExportScope): unknown {
  const constraints = grant.constraints
    ? {
        ...(grant.constraints.encryptionContextEquals ? { EncryptionContextEquals: grant.constraints.encryptionContextEquals } : {}),
        ...(grant.constraints.encryptionContextSubset ? { EncryptionContextSubset: grant.constraints.encryptionContextSubset } : {}),
      }
    : undefined;
  return {
    KeyId: key.arn,
    GrantId: grant.grantId ?? kmsGrantId(`${key.arn}#${index}`),
    Name: '',
    CreationDate: scope.date,
    GranteePrincipal: grant.granteePrincipal,
    IssuingAccount: `arn:${scope.partition}:iam::${key.accountId}:root`,
    Operations: [...grant.operations],
    ...(constraints && Object.keys(constraints).length > 0 ? { Constraints: constraints } : {}),
  };
}

/**
 * `kms/<region>/list-aliases.json` of one account: the aliases the estate recorded there. Written
 * only where the estate recorded aliases at all (a scenario records none).
 */
export function aliasFiles(accountId: string, keyRegions: readonly string[], scope: ExportScope): SnapshotFile[] {
  const aliases = scope.estate.kmsAliases;
  if (!aliases) return [];
  const byRegion = new Map<string, Array<{ aliasArn: string; keyArn: string }>>(keyRegions.map((r) => [r, []]));
  for (const [aliasArn, keyArn] of aliases) {
    const arn = parseArn(aliasArn);
    if (!arn || arn.account !== accountId || arn.region === '') continue;
    const list = byRegion.get(arn.region) ?? [];
    list.push({ aliasArn, keyArn });
    byRegion.set(arn.region, list);
  }
  return [...byRegion.keys()].sort().flatMap((region) => fileAt(`accounts/${accountId}/kms/${region}/list-aliases.json`, listAliases(byRegion.get(region) ?? [], scope.date)));
}

/** `aws kms list-aliases`: `TargetKeyId` is the key id, not its ARN. */
export function listAliases(aliases: ReadonlyArray<{ aliasArn: string; keyArn: string }>, date: string): unknown {
  return {
    Aliases: [...aliases]
      .sort((a, b) => (a.aliasArn < b.aliasArn ? -1 : 1))
      .map(({ aliasArn, keyArn }) => ({
        AliasName: parseArn(aliasArn)?.resource ?? aliasArn,
        AliasArn: aliasArn,
        TargetKeyId: (parseArn(keyArn)?.resource ?? keyArn).replace(/^key\//, ''),
        CreationDate: date,
        LastUpdatedDate: date,
      })),
    Truncated: false,
  };
}
