import { DiagnosticBag, sortDiagnostics, type Diagnostic } from '../../core/diagnostics.js';
import type { Estate } from '../../core/model/estate.js';
import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import { EstateDraft } from '../estate-draft.js';
import { DataFolder } from '../files/data-folder.js';
import { MemoryGuard, memoryLimitDiagnostic, type HeapOptions } from '../memory-guard.js';
import { Progress } from '../progress.js';
import { readIamCollectIam } from './iam-collect-iam.js';
import { readIamCollectIdentityCenter } from './iam-collect-identity-center.js';
import { readIamCollectOrganization } from './iam-collect-organization.js';
import { readIamCollectResources } from './iam-collect-resources.js';

export interface LoadIamCollectOptions {
  readonly catalog?: ServiceCatalog;
  readonly display?: string;
  readonly onProgress?: (message: string) => void;
  readonly now?: () => number;
  /** The heap the load must stay under (default: V8's old generation limit); past it the load stops with `load/memory-limit`. */
  readonly heap?: HeapOptions;
}

export interface LoadedIamCollect {
  readonly estate: Estate;
  readonly diagnostics: readonly Diagnostic[];
  /** True when no partition folder was found. */
  readonly unusable?: boolean;
}

const ACCOUNT_ID = /^\d{12}$/;
const PARTITION = /^aws(?:-[a-z]+)*$/;

/**
 * Loads an iam-collect store (`<storage path>/aws/<partition>/accounts/<id>/…` and
 * `…/organizations/<org-id>/…`, as iam-collect documents its storage layout). `dir` is the storage
 * path, or its `aws/` folder. One partition is read: `aws` when present.
 */
export function loadIamCollect(dir: string, options: LoadIamCollectOptions = {}): LoadedIamCollect {
  const bag = new DiagnosticBag();
  const folder = new DataFolder(dir, options.display ?? dir, 'iam-collect', bag);
  // `dir` is the storage path (holding `aws/`) or the `aws/` folder itself.
  const inStorage = partitionsIn(folder, 'aws');
  const cloud = inStorage.length > 0 ? 'aws' : '.';
  const partitions = inStorage.length > 0 ? inStorage : partitionsIn(folder, '.');
  const partition = partitions.includes('aws') ? 'aws' : partitions[0];
  if (partition === undefined) {
    bag.add({ code: 'iam-collect/no-partition', severity: 'error', message: 'no `aws/<partition>/accounts` folder was found', source: { file: folder.file('aws'), pointer: '' } });
    return { estate: new EstateDraft('aws').build(), diagnostics: sortDiagnostics(bag.items), unusable: true };
  }
  const others = partitions.filter((p) => p !== partition);
  if (others.length > 0) {
    bag.add({ code: 'iam-collect/partitions-skipped', severity: 'warning', message: `only partition \`${partition}\` is read; ${others.map((p) => `\`${p}\``).join(', ')} ${others.length === 1 ? 'is' : 'are'} left out`, help: 'an estate spans one partition: load the others on their own', source: { file: folder.file(cloud), pointer: '' } });
  }
  const base = cloud === '.' ? partition : `${cloud}/${partition}`;
  const estate = new EstateDraft(partition);
  readOrganization(folder, estate, `${base}/organizations`, options.catalog);

  const accounts = folder.dirs(`${base}/accounts`).filter((id) => {
    if (ACCOUNT_ID.test(id)) return true;
    bag.add({ code: 'iam-collect/invalid-account-folder', severity: 'warning', message: `\`${id}\` is not a 12-digit account id; the folder is left out`, source: { file: folder.file(`${base}/accounts/${id}`), pointer: '' } });
    return false;
  });
  const progress = new Progress(options.onProgress, options.now);
  const guard = new MemoryGuard(options.heap);
  for (let i = 0; i < accounts.length; i++) {
    const accountId = accounts[i]!;
    const draft = estate.account(accountId);
    const dir = `${base}/accounts/${accountId}`;
    draft.source = { file: folder.file(dir), pointer: '' };
    // iam-collect's documented layout has no place for the account-level settings.
    draft.s3BlockPublicAccess = { uncollected: true, what: `the account-level S3 Block Public Access of ${accountId} (not read from iam-collect data)` };
    const scope = { folder, estate, accountId, dir, draft, ...(options.catalog ? { catalog: options.catalog } : {}) };
    readIamCollectIam(scope);
    readIamCollectResources(scope);
    readIamCollectIdentityCenter(scope);
    const used = i + 1 < accounts.length ? guard.exceeded() : undefined;
    if (used !== undefined) {
      bag.add(memoryLimitDiagnostic({ loaded: i + 1, total: accounts.length, used, limit: guard.limitBytes }, folder.file(`${base}/accounts`)));
      return { estate: new EstateDraft(partition).build(), diagnostics: sortDiagnostics(bag.items), unusable: true };
    }
    progress.tick(() => `loading accounts ${count(i + 1)}/${count(accounts.length)}… (${guard.describe()})`);
  }
  for (const node of estate.organization?.nodes.values() ?? []) {
    const draft = node.kind === 'account' ? estate.accounts.get(node.id) : undefined;
    if (draft && node.name !== undefined) draft.name = node.name;
  }
  return { estate: estate.build(), diagnostics: sortDiagnostics(bag.items) };
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function partitionsIn(folder: DataFolder, cloud: string): string[] {
  return folder.dirs(cloud).filter((p) => PARTITION.test(p) && (folder.isDir(`${cloud}/${p}/accounts`) || folder.isDir(`${cloud}/${p}/organizations`)));
}

function readOrganization(folder: DataFolder, estate: EstateDraft, dir: string, catalog: ServiceCatalog | undefined): void {
  const orgs = folder.dirs(dir);
  const chosen = orgs[0];
  if (chosen === undefined) {
    estate.organizationStatus = 'not-collected';
    folder.bag.add({ code: 'iam-collect/organization-not-collected', severity: 'info', message: 'the store holds no organization', help: 'SCPs and RCPs are assumed not to restrict, and answers say so', source: { file: folder.file(dir), pointer: '' } });
    return;
  }
  if (orgs.length > 1) {
    folder.bag.add({ code: 'iam-collect/organizations-skipped', severity: 'warning', message: `only organization \`${chosen}\` is read; ${orgs.slice(1).map((o) => `\`${o}\``).join(', ')} left out`, source: { file: folder.file(dir), pointer: '' } });
  }
  const organization = readIamCollectOrganization(folder, `${dir}/${chosen}`, chosen, catalog);
  estate.organizationStatus = organization ? 'collected' : 'not-collected';
  if (organization) estate.organization = organization;
}
