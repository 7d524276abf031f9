import type { Account, Estate, Resource } from '../../core/model/estate.js';
import { trailFiles } from './cloudtrail-files.js';
import { byKey, ExportScope, fileAt, type SnapshotFile, type SnapshotService } from './export-scope.js';
import { functionFiles, secretFiles } from './function-secret-files.js';
import { iamFiles } from './iam-files.js';
import { identityCenterFiles } from './identity-center-files.js';
import { aliasFiles, keyFiles, keyPlace, listAliases } from './kms-files.js';
import { organizationFiles } from './organization-files.js';
import { queueFiles, topicFiles } from './queue-topic-files.js';
import { accessPointFiles, accountS3Files, bucketFiles } from './s3-files.js';
import { vpcEndpointFiles } from './vpc-endpoint-files.js';

export interface SnapshotOptions {
  /** The moment the snapshot stands for: the manifest's `collectedAt` and every date in the files (default: the estate's own `collectedAt`). */
  readonly collectedAt?: string;
}

/** The writer never reads the clock: without `collectedAt` (given, or the estate's), every snapshot carries this date. */
export const DEFAULT_COLLECTED_AT = '2026-11-28T09:00:00Z';

export interface SnapshotContent {
  /** Every file of the folder, sorted by path. */
  readonly files: readonly SnapshotFile[];
  /** What the estate holds that the snapshot layout cannot, in words. */
  readonly omitted: readonly string[];
}

/**
 * The files of a snapshot folder (snapshot-layout.md) that describes `estate`: each the JSON that
 * the AWS CLI command of its path prints. Pure: the same estate and options give the same files.
 */
export function snapshotFiles(estate: Estate, options: SnapshotOptions = {}): SnapshotContent {
  const scope = new ExportScope(estate, options.collectedAt ?? estate.collectedAt ?? DEFAULT_COLLECTED_AT);
  const organization = estate.organizationStatus === 'collected' ? estate.organization : undefined;
  const files = [
    ...fileAt('manifest.json', manifest(estate, scope.date)),
    ...(organization ? organizationFiles(organization, scope) : []),
    ...identityCenterFiles(scope),
    ...accountIds(estate).flatMap((id) => accountFiles(id, scope)),
  ].sort(byKey((f) => f.path));
  return { files, omitted: scope.omitted };
}

/** `manifest.json`. An organization said to be collected but absent is none. */
export function manifest(estate: Estate, collectedAt: string): unknown {
  const organization = estate.organizationStatus === 'collected' && !estate.organization ? 'none' : estate.organizationStatus;
  return { format: 'trustmap-snapshot', version: 1, partition: estate.partition, collectedAt, collector: 'trustmap', organization };
}

/** The estate's accounts, and the accounts that own a resource without being in the estate. */
function accountIds(estate: Estate): string[] {
  return [...new Set([...estate.accounts.keys(), ...[...estate.resources.values()].map((r) => r.accountId)])].sort();
}

function accountFiles(accountId: string, scope: ExportScope): SnapshotFile[] {
  const account = scope.estate.accounts.get(accountId);
  const resources = [...scope.estate.resources.values()].filter((r) => r.accountId === accountId).sort(byKey((r) => r.arn));
  const buckets = resources.filter((r) => r.type === 'bucket');
  const keyRegions = [...new Set(resources.flatMap((r) => (r.type === 'key' ? [keyPlace(r)?.region ?? ''] : [])).filter((r) => r !== ''))];
  const files = [
    ...(account ? [...iamFiles(account, scope), ...accountS3Files(account, buckets, scope), ...trailFiles(account), ...vpcEndpointFiles(account, scope)] : []),
    ...aliasFiles(accountId, keyRegions, scope),
    ...resources.flatMap((resource) => resourceFiles(resource, scope)),
  ];
  if (account) noteAccountLosses(account, files.length, scope);
  return [...files, ...emptyServiceFolders(accountId, account, files, scope)];
}

/** Where a collector enumerates a service that has nothing in a region (its placeholder region when the account has none). */
const EMPTY_REGION = 'us-east-1';

/**
 * A service the account's resources were enumerated for, but that holds none, is an empty folder
 * in a collection (`sqs/<region>/`): collected, nothing found. Git keeps no empty folder, so the
 * folder holds a `.keep` file, and KMS its (empty) `list-aliases.json`. Without it the loader would
 * count the service as not collected.
 */
function emptyServiceFolders(accountId: string, account: Account | undefined, files: readonly SnapshotFile[], scope: ExportScope): SnapshotFile[] {
  if (!account || !account.iamCollected) return [];
  const services: readonly SnapshotService[] = ['kms', 'sqs', 'sns', 'lambda', 'secretsmanager'];
  return services.flatMap((service) => {
    if (!scope.collects(account, service)) return [];
    if (files.some((f) => f.path.startsWith(`accounts/${accountId}/${service}/`))) return [];
    return service === 'kms'
      ? fileAt(`accounts/${accountId}/kms/${EMPTY_REGION}/list-aliases.json`, listAliases([], scope.date))
      : fileAt(`accounts/${accountId}/${service}/${EMPTY_REGION}/.keep`, {});
  });
}

function resourceFiles(resource: Resource, scope: ExportScope): SnapshotFile[] {
  switch (resource.type) {
    case 'bucket':
      return bucketFiles(resource, scope);
    case 'key':
      return keyFiles(resource, scope);
    case 'queue':
      return queueFiles(resource, scope);
    case 'topic':
      return topicFiles(resource, scope);
    case 'function':
      return functionFiles(resource, scope);
    case 'secret':
      return secretFiles(resource, scope);
    case 'access-point':
      return accessPointFiles(resource, scope);
    case 'object':
      scope.omit(`the S3 object entry \`${resource.arn}\`: the layout has no file for the facts of one object`);
      return [];
    case 'other':
      scope.omit(`\`${resource.arn}\`: the layout has no folder for this kind of resource`);
      return [];
  }
}

function noteAccountLosses(account: Account, files: number, scope: ExportScope): void {
  if (files === 0) scope.omit(`the account \`${account.id}\` has nothing collected to write, so readers will not know of it`);
  const inOrganization = scope.estate.organizationStatus === 'collected' && scope.estate.organization?.nodes.has(account.id);
  if (account.name !== undefined && !inOrganization) scope.omit(`the name of account \`${account.id}\` (\`${account.name}\`): only the organization's \`list-accounts-for-parent\` names accounts`);
}
