import { isUncollected, type Acl, type AclGrant, type Account, type BlockPublicAccess, type Resource, type Tags, type Uncollected } from '../../core/model/estate.js';
import type { Policy } from '../../core/policy/policy-types.js';
import { noneError, uncollectedOutput } from './aws-error-output.js';
import { byKey, fileAt, policyText, tagList, type ExportScope, type SnapshotFile } from './export-scope.js';
import { pathSegment } from './path-segment.js';

const ACL_GROUPS: Readonly<Record<string, string>> = {
  AllUsers: 'http://acs.amazonaws.com/groups/global/AllUsers',
  AuthenticatedUsers: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
};

/** Account-level S3: `s3/list-buckets.json` (with the canonical id) and `s3control/get-public-access-block.json`. */
export function accountS3Files(account: Account, buckets: readonly Resource[], scope: ExportScope): SnapshotFile[] {
  const dir = `accounts/${account.id}`;
  const listed = scope.collects(account, 's3');
  const bpa = account.s3BlockPublicAccess;
  // Recorded as none only means something where S3 was collected.
  const accountBpa = bpa === undefined ? (listed ? noneError('NoSuchPublicAccessBlockConfiguration') : undefined) : publicAccessBlock(bpa);
  return [
    ...(listed ? fileAt(`${dir}/s3/list-buckets.json`, listBuckets(account.id, buckets, scope)) : []),
    ...fileAt(`${dir}/s3control/get-public-access-block.json`, accountBpa),
  ];
}

/** `aws s3api list-buckets`: the buckets of the account and its canonical id (`Owner.ID`). */
export function listBuckets(accountId: string, buckets: readonly Resource[], scope: ExportScope): unknown {
  return {
    Buckets: [...buckets].sort(byKey(bucketName)).map((bucket) => ({
      Name: bucketName(bucket),
      CreationDate: scope.date,
      ...(bucket.region !== undefined ? { BucketRegion: bucket.region } : {}),
    })),
    Owner: { ID: scope.canonicalId(accountId) },
  };
}

export function bucketName(bucket: Resource): string {
  return bucket.arn.slice(bucket.arn.indexOf(':::') + 3);
}

/** `s3/<bucket>/…`: one file per getter of the layout. */
export function bucketFiles(bucket: Resource, scope: ExportScope): SnapshotFile[] {
  const dir = `accounts/${bucket.accountId}/s3/${pathSegment(bucketName(bucket))}`;
  const facts = bucket.s3;
  if (!facts) scope.omit(`the bucket \`${bucket.arn}\` has no S3 facts (ownership, ACL, encryption): those files are left out`);
  return [
    ...fileAt(`${dir}/get-bucket-location.json`, bucket.region !== undefined ? bucketLocation(bucket.region) : undefined),
    ...fileAt(`${dir}/get-bucket-policy.json`, bucketPolicy(bucket.policy)),
    ...fileAt(`${dir}/get-bucket-tagging.json`, bucketTagging(bucket.tags)),
    ...(facts
      ? [
          ...fileAt(`${dir}/get-bucket-ownership-controls.json`, { OwnershipControls: { Rules: [{ ObjectOwnership: facts.objectOwnership }] } }),
          ...fileAt(`${dir}/get-public-access-block.json`, facts.blockPublicAccess === undefined ? noneError('NoSuchPublicAccessBlockConfiguration') : publicAccessBlock(facts.blockPublicAccess)),
          ...fileAt(`${dir}/get-bucket-encryption.json`, bucketEncryption(facts.defaultKmsKeyArn)),
          ...fileAt(`${dir}/get-bucket-acl.json`, bucketAcl(facts.acl, bucket.accountId, scope)),
        ]
      : []),
  ];
}

/** `get-bucket-location`: the CLI prints `null` for us-east-1, the region's name elsewhere. */
export function bucketLocation(region: string): unknown {
  return { LocationConstraint: region === 'us-east-1' ? null : region };
}

/** `get-bucket-policy`: `Policy` is a JSON string; a bucket without one answers `NoSuchBucketPolicy`. */
export function bucketPolicy(policy: Policy | null | Uncollected): unknown {
  if (policy === null) return noneError('NoSuchBucketPolicy');
  if (isUncollected(policy)) return uncollectedOutput(policy);
  return { Policy: policyText(policy.document) };
}

export function bucketTagging(tags: Tags | Uncollected): unknown {
  if (isUncollected(tags)) return uncollectedOutput(tags);
  return Object.keys(tags).length === 0 ? noneError('NoSuchTagSet') : { TagSet: tagList(tags) };
}

/** `get-public-access-block` (bucket or account level). */
export function publicAccessBlock(settings: BlockPublicAccess | Uncollected): unknown {
  if (isUncollected(settings)) return uncollectedOutput(settings);
  const { BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets } = settings;
  return { PublicAccessBlockConfiguration: { BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets } };
}

/** `get-bucket-encryption`: SSE-KMS with the bucket's key, or SSE-S3, every bucket's default since 2023. */
export function bucketEncryption(kmsKeyArn: string | undefined): unknown {
  const byDefault = kmsKeyArn !== undefined ? { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: kmsKeyArn } : { SSEAlgorithm: 'AES256' };
  return { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: byDefault, BucketKeyEnabled: false }] } };
}

/**
 * `get-bucket-acl`: accounts are named by their canonical ids. A bucket whose estate records no ACL
 * gets its owner with no grant, which grants nothing, as the estate's absent ACL does.
 */
export function bucketAcl(acl: Acl | Uncollected | undefined, ownerAccountId: string, scope: ExportScope): unknown {
  if (acl !== undefined && isUncollected(acl)) return uncollectedOutput(acl);
  const owner = acl?.owner ?? ownerAccountId;
  return {
    Owner: { ID: canonicalOf(owner, scope) },
    Grants: (acl?.grants ?? []).map((grant) => ({ Grantee: grantee(grant, scope), Permission: grant.permission })),
  };
}

function grantee(grant: AclGrant, scope: ExportScope): Record<string, string> {
  const group = ACL_GROUPS[grant.grantee];
  if (group !== undefined) return { Type: 'Group', URI: group };
  if (/^https?:\/\//.test(grant.grantee)) return { Type: 'Group', URI: grant.grantee };
  if (grant.grantee.includes('@')) return { Type: 'AmazonCustomerByEmail', EmailAddress: grant.grantee };
  return { ID: canonicalOf(grant.grantee, scope), Type: 'CanonicalUser' };
}

/** An account id becomes its canonical id; readers map it back through the account's `list-buckets`. */
function canonicalOf(id: string, scope: ExportScope): string {
  if (!/^\d{12}$/.test(id)) return id;
  if (!scope.collects(scope.estate.accounts.get(id), 's3')) {
    scope.omit(`the ACL grantee account \`${id}\` has no \`s3/list-buckets.json\`, so readers see its canonical id, not the account`);
  }
  return scope.canonicalId(id);
}

/**
 * `s3control/<region>/access-points/<name>/`: `get-access-point.json` and `get-access-point-policy.json`
 * (docs/inputs.md, docs/aws-authorization.md#s3-access-points).
 */
export function accessPointFiles(ap: Resource, scope: ExportScope): SnapshotFile[] {
  const facts = ap.accessPoint;
  if (!facts) {
    scope.omit(`the access point \`${ap.arn}\` has no access point facts: it is left out`);
    return [];
  }
  const region = ap.region ?? (ap.arn.split(':')[3] || 'us-east-1');
  const dir = `accounts/${ap.accountId}/s3control/${region}/access-points/${pathSegment(facts.name)}`;
  if (!isUncollected(ap.tags) && Object.keys(ap.tags).length > 0) scope.omit(`the tags of the access point \`${ap.arn}\`: the layout has no file for them`);
  const bpa = facts.blockPublicAccess;
  if (bpa !== undefined && isUncollected(bpa)) scope.omit(`the uncollected Block Public Access of the access point \`${ap.arn}\` is written as none`);
  const description = {
    Name: facts.name,
    Bucket: facts.bucket,
    NetworkOrigin: facts.networkOrigin,
    ...(facts.vpcId !== undefined ? { VpcConfiguration: { VpcId: facts.vpcId } } : {}),
    ...(bpa !== undefined && !isUncollected(bpa) ? (publicAccessBlock(bpa) as object) : {}),
    AccessPointArn: ap.arn,
    ...(facts.bucketAccountId !== undefined ? { BucketAccountId: facts.bucketAccountId } : { BucketAccountId: ap.accountId }),
  };
  return [
    ...fileAt(`${dir}/get-access-point.json`, description),
    ...fileAt(`${dir}/get-access-point-policy.json`, ap.policy === null ? noneError('NoSuchAccessPointPolicy') : isUncollected(ap.policy) ? uncollectedOutput(ap.policy) : { Policy: policyText(ap.policy.document) }),
  ];
}
