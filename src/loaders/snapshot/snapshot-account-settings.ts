import type { BlockPublicAccess, Trail, Uncollected } from '../../core/model/estate.js';
import type { JsonDoc } from '../files/json-doc.js';
import type { Recorded, DataFolder } from '../files/data-folder.js';
import type { AccountScope } from './snapshot-scope.js';

const BPA_FIELDS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;
export const NO_PUBLIC_ACCESS_BLOCK = 'NoSuchPublicAccessBlockConfiguration';

/** Account-level settings: S3 Block Public Access (`s3control`) and CloudTrail trails. */
export function readAccountSettings(scope: AccountScope): void {
  const { folder, dir, draft } = scope;
  const bpa = readBlockPublicAccess(folder, folder.recorded(`${dir}/s3control/get-public-access-block.json`, [NO_PUBLIC_ACCESS_BLOCK]), `the account-level S3 Block Public Access of ${scope.accountId}`);
  if (bpa !== undefined) draft.s3BlockPublicAccess = bpa;
  draft.trails.push(...readTrails(scope));
}

/**
 * `get-public-access-block` output: the four settings, a setting left out being false. None
 * recorded is undefined (all off); not collected is the `Uncollected` marker.
 */
export function readBlockPublicAccess(folder: DataFolder, recorded: Recorded, what: string): BlockPublicAccess | Uncollected | undefined {
  if (recorded.state === 'none') return undefined;
  if (recorded.state === 'uncollected') return folder.uncollected(what, recorded);
  const doc = recorded.doc;
  const config = doc.get(doc.root, 'PublicAccessBlockConfiguration');
  if (!doc.object(config, '`PublicAccessBlockConfiguration`')) return { uncollected: true, what: `${what} (no \`PublicAccessBlockConfiguration\` in ${doc.file})` };
  const setting = (field: (typeof BPA_FIELDS)[number]): boolean => doc.boolean(doc.get(config, field), `\`${field}\``) ?? false;
  return {
    BlockPublicAcls: setting('BlockPublicAcls'),
    IgnorePublicAcls: setting('IgnorePublicAcls'),
    BlockPublicPolicy: setting('BlockPublicPolicy'),
    RestrictPublicBuckets: setting('RestrictPublicBuckets'),
  };
}

/** `cloudtrail/<region>/describe-trails.json`; a multi-region trail shows in every region, once kept. */
function readTrails(scope: AccountScope): Trail[] {
  const { folder, dir } = scope;
  const trails = new Map<string, Trail>();
  for (const region of folder.dirs(`${dir}/cloudtrail`)) {
    const recorded = folder.recorded(`${dir}/cloudtrail/${region}/describe-trails.json`);
    if (recorded.state !== 'collected') continue;
    for (const trail of trailsOf(recorded.doc)) if (!trails.has(trail.arn)) trails.set(trail.arn, trail);
  }
  return [...trails.values()];
}

function trailsOf(doc: JsonDoc): Trail[] {
  return doc.listAcrossPages('trailList', '`describe-trails` output').flatMap((entry) => {
    if (!doc.object(entry, 'a trail')) return [];
    const arn = doc.requiredString(doc.get(entry, 'TrailARN'), 'the `TrailARN`');
    if (arn === undefined) return [];
    const bucket = doc.string(doc.get(entry, 'S3BucketName'), 'the `S3BucketName`');
    const kmsKeyArn = doc.string(doc.get(entry, 'KmsKeyId'), 'the trail `KmsKeyId`');
    const organization = doc.boolean(doc.get(entry, 'IsOrganizationTrail'), '`IsOrganizationTrail`') ?? false;
    return [{ arn, ...(bucket !== undefined ? { bucket } : {}), ...(kmsKeyArn !== undefined ? { kmsKeyArn } : {}), organization }];
  });
}
