import { parseArn } from '../../core/arn/arn.js';
import type { Account, Trail } from '../../core/model/estate.js';
import { byKey, fileAt, type SnapshotFile } from './export-scope.js';

/** `cloudtrail/<region>/describe-trails.json`: each trail in its home region (the region of its ARN). */
export function trailFiles(account: Account): SnapshotFile[] {
  const byRegion = new Map<string, Trail[]>();
  for (const trail of account.trails) {
    const region = parseArn(trail.arn)?.region || 'us-east-1';
    byRegion.set(region, [...(byRegion.get(region) ?? []), trail]);
  }
  return [...byRegion.keys()].sort().flatMap((region) => fileAt(`accounts/${account.id}/cloudtrail/${region}/describe-trails.json`, describeTrails(byRegion.get(region) ?? [], region)));
}

/** `aws cloudtrail describe-trails`. */
export function describeTrails(trails: readonly Trail[], region: string): unknown {
  return {
    trailList: [...trails].sort(byKey((t) => t.arn)).map((trail) => ({
      Name: parseArn(trail.arn)?.resource.replace(/^trail\//, '') ?? trail.arn,
      ...(trail.bucket !== undefined ? { S3BucketName: trail.bucket } : {}),
      HomeRegion: region,
      TrailARN: trail.arn,
      ...(trail.kmsKeyArn !== undefined ? { KmsKeyId: trail.kmsKeyArn } : {}),
      IsOrganizationTrail: trail.organization,
    })),
  };
}
