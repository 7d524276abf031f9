import type { AccessPointFacts, Resource } from '../../core/model/estate.js';
import { readBlockPublicAccess } from './snapshot-account-settings.js';
import { duplicate } from './snapshot-kms.js';
import type { AccountScope } from './snapshot-scope.js';

/** The error `get-access-point-policy` answers for an access point without a policy. */
export const NO_ACCESS_POINT_POLICY = 'NoSuchAccessPointPolicy';

/**
 * `s3control/<region>/access-points/<name>/get-access-point.json` and `get-access-point-policy.json`
 * (docs/inputs.md): the account's S3 access points, their bucket, network origin, Block Public
 * Access and policy (docs/aws-authorization.md#s3-access-points). No such folder: none collected.
 */
export function readAccessPoints(scope: AccountScope): void {
  const { folder, dir } = scope;
  const base = `${dir}/s3control`;
  if (!folder.isDir(base)) return;
  for (const region of folder.dirs(base)) {
    const apDir = `${base}/${region}/access-points`;
    if (!folder.isDir(apDir)) continue;
    for (const segment of folder.dirs(apDir)) readAccessPoint(scope, region, `${apDir}/${segment}`, folder.decodeName(segment, `${apDir}/${segment}`));
  }
}

function readAccessPoint(scope: AccountScope, region: string, rel: string, folderName: string): void {
  const { folder, estate, accountId } = scope;
  const recorded = folder.recorded(`${rel}/get-access-point.json`);
  if (recorded.state !== 'collected') {
    folder.bag.add({
      code: 'snapshot/access-point-not-collected',
      severity: 'warning',
      message: `the access point \`${folderName}\` has no readable \`get-access-point.json\`; it is left out`,
      help: 'requests through it are answered as if its bucket and policy were not collected',
      source: { file: folder.file(rel), pointer: '' },
    });
    return;
  }
  const doc = recorded.doc;
  const root = doc.root;
  const name = doc.string(doc.get(root, 'Name'), 'the access point `Name`') ?? folderName;
  const bucketNode = doc.get(root, 'Bucket');
  const bucket = doc.string(bucketNode, 'the access point `Bucket`');
  if (bucket === undefined || bucket === '') {
    doc.report(bucketNode.pointer, 'snapshot/access-point-missing-bucket', 'error', `the access point \`${name}\` names no \`Bucket\`; it is left out`, 'requests through an access point need its bucket to permit them');
    return;
  }
  const originNode = doc.get(root, 'NetworkOrigin');
  const origin = doc.string(originNode, 'the `NetworkOrigin`');
  if (origin !== undefined && origin !== 'Internet' && origin !== 'VPC') {
    doc.report(originNode.pointer, 'snapshot/invalid-value', 'error', `\`NetworkOrigin\` is \`${origin}\`, neither \`Internet\` nor \`VPC\``, 'taken as `Internet`');
  }
  const vpcId = doc.string(doc.get(doc.get(root, 'VpcConfiguration'), 'VpcId'), 'the `VpcConfiguration.VpcId`');
  const networkOrigin: AccessPointFacts['networkOrigin'] = origin === 'VPC' || (origin === undefined && vpcId !== undefined) ? 'VPC' : 'Internet';
  const bucketAccountId = doc.string(doc.get(root, 'BucketAccountId'), 'the `BucketAccountId`');
  const hasBpa = doc.get(root, 'PublicAccessBlockConfiguration').value !== undefined;
  const blockPublicAccess = hasBpa ? readBlockPublicAccess(folder, recorded, `the Block Public Access settings of the access point ${name}`) : undefined;
  const arn = doc.string(doc.get(root, 'AccessPointArn'), 'the `AccessPointArn`') ?? `arn:${estate.partition}:s3:${region}:${accountId}:accesspoint/${name}`;
  const policy = folder.recorded(`${rel}/get-access-point-policy.json`, [NO_ACCESS_POINT_POLICY]);
  const resource: Resource = {
    arn,
    type: 'access-point',
    service: 's3',
    accountId,
    region,
    policy:
      policy.state === 'collected'
        ? policy.doc.policy(policy.doc.get(policy.doc.root, 'Policy'), 'resource', `${arn}#policy`, scope.catalog)
        : policy.state === 'none'
          ? null
          : folder.uncollected(`the access point policy of ${arn}`, policy),
    tags: {},
    accessPoint: {
      name,
      bucket,
      ...(bucketAccountId !== undefined && bucketAccountId !== accountId ? { bucketAccountId } : {}),
      networkOrigin,
      ...(vpcId !== undefined ? { vpcId } : {}),
      ...(blockPublicAccess !== undefined ? { blockPublicAccess } : {}),
    },
    source: { file: folder.file(`${rel}/get-access-point.json`), pointer: '' },
  };
  if (!estate.addResource(resource)) duplicate(scope, rel, arn);
}


