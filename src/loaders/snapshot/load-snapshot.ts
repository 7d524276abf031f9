import { DiagnosticBag, sortDiagnostics, type Diagnostic } from '../../core/diagnostics.js';
import type { Estate } from '../../core/model/estate.js';
import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import { EstateDraft, emptyEstate } from '../estate-draft.js';
import { MemoryGuard, memoryLimitDiagnostic, type HeapOptions } from '../memory-guard.js';
import { Progress } from '../progress.js';
import { readAccountSettings } from './snapshot-account-settings.js';
import { DataFolder } from '../files/data-folder.js';
import { readFunctions, readSecrets } from './snapshot-functions-secrets.js';
import { readAccountIam } from './snapshot-iam.js';
import { readIdentityCenter } from './snapshot-identity-center.js';
import { readKmsAliases, readKmsKeys } from './snapshot-kms.js';
import { readManifest } from './snapshot-manifest.js';
import { readSnapshotOrganization } from './snapshot-organization.js';
import { readQueuesAndTopics } from './snapshot-queues-topics.js';
import { readBucketList, readBuckets } from './snapshot-s3.js';
import { readVpcEndpoints } from './snapshot-vpc-endpoints.js';
import { readAccessPoints } from './snapshot-access-points.js';
import type { AccountScope, SnapshotScope } from './snapshot-scope.js';

export interface LoadSnapshotOptions {
  readonly catalog?: ServiceCatalog;
  /** How diagnostics name the folder (default: `dir` as given). */
  readonly display?: string;
  readonly onProgress?: (message: string) => void;
  /** The clock behind progress messages (tests). */
  readonly now?: () => number;
  /** The heap the load must stay under (default: V8's limit); tests give a small one. */
  readonly heap?: HeapOptions;
}

export interface LoadedSnapshot {
  readonly estate: Estate;
  readonly diagnostics: readonly Diagnostic[];
  /** True when the load stopped before the heap ran out (`load/memory-limit`): the estate is then empty. */
  readonly unusable?: boolean;
}

const ACCOUNT_ID = /^\d{12}$/;

/**
 * Loads a snapshot folder (snapshot-layout.md). It never throws on bad input: every problem is a
 * diagnostic with the file, pointer and line, and the rest of the folder still loads.
 */
export function loadSnapshot(dir: string, options: LoadSnapshotOptions = {}): LoadedSnapshot {
  const bag = new DiagnosticBag();
  const folder = new DataFolder(dir, options.display ?? dir, 'snapshot', bag);
  const manifest = readManifest(folder);
  const estate = new EstateDraft(manifest.partition);
  if (manifest.collectedAt !== undefined) estate.collectedAt = manifest.collectedAt;
  const scope: SnapshotScope = { folder, estate, ...(options.catalog ? { catalog: options.catalog } : {}) };
  readOrganization(scope, manifest.organization);
  readIdentityCenter(scope);

  const accounts = accountScopes(scope);
  const progress = new Progress(options.onProgress, options.now);
  const guard = new MemoryGuard(options.heap);
  // First every account's aliases and canonical id, which resources of other accounts refer to.
  const listed = accounts.map((account, i) => {
    readKmsAliases(account);
    const buckets = readBucketList(account);
    progress.tick(() => `listing buckets and key aliases ${count(i + 1)}/${count(accounts.length)}…`);
    return buckets;
  });
  for (let i = 0; i < accounts.length; i++) {
    const account = accounts[i]!;
    readAccountIam(account);
    readAccountSettings(account);
    readKmsKeys(account);
    readBuckets(account, listed[i]!);
    readAccessPoints(account);
    readQueuesAndTopics(account);
    readFunctions(account);
    readSecrets(account);
    readVpcEndpoints(account);
    const used = i + 1 < accounts.length ? guard.exceeded() : undefined;
    if (used !== undefined) {
      bag.add(memoryLimitDiagnostic({ loaded: i + 1, total: accounts.length, used, limit: guard.limitBytes }, folder.file('accounts')));
      return { estate: emptyEstate(manifest.partition), diagnostics: sortDiagnostics(bag.items), unusable: true };
    }
    progress.tick(() => `loading accounts ${count(i + 1)}/${count(accounts.length)}… (${guard.describe()})`);
  }
  nameAccounts(estate);
  return { estate: estate.build(), diagnostics: sortDiagnostics(bag.items) };
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** The organization status: the manifest's, or else read from the folder (snapshot-layout.md). */
function readOrganization(scope: SnapshotScope, declared: Estate['organizationStatus'] | undefined): void {
  const { folder, estate } = scope;
  const present = folder.isDir('organization');
  const status = declared ?? (present ? 'collected' : 'not-collected');
  if (status !== 'collected') {
    estate.organizationStatus = status;
    if (present) {
      folder.bag.add({ code: 'snapshot/organization-ignored', severity: 'warning', message: `the manifest says the organization is \`${status}\`, so \`organization/\` is not read`, source: { file: folder.file('manifest.json'), pointer: '/organization' } });
    }
    return;
  }
  if (!present) {
    folder.bag.add({
      code: 'snapshot/organization-missing',
      severity: 'error',
      message: 'the manifest says the organization was collected, but there is no `organization/` folder',
      help: 'the organization is taken as not collected: SCPs and RCPs are assumed not to restrict',
      source: { file: folder.file('manifest.json'), pointer: '/organization' },
    });
    estate.organizationStatus = 'not-collected';
    return;
  }
  const read = readSnapshotOrganization(folder, scope.catalog);
  estate.organizationStatus = read.status;
  if (read.organization) estate.organization = read.organization;
}

function accountScopes(scope: SnapshotScope): AccountScope[] {
  const { folder, estate } = scope;
  const ids = folder.dirs('accounts').filter((id) => {
    if (ACCOUNT_ID.test(id)) return true;
    folder.bag.add({ code: 'snapshot/invalid-account-folder', severity: 'warning', message: `\`accounts/${id}\` is not named by a 12-digit account id; it is left out`, source: { file: folder.file(`accounts/${id}`), pointer: '' } });
    return false;
  });
  if (ids.length === 0) {
    folder.bag.add({ code: 'snapshot/no-accounts', severity: 'warning', message: 'the snapshot holds no account folder (`accounts/<12-digit id>/`)', source: { file: folder.file('accounts'), pointer: '' } });
  }
  return ids.map((accountId) => {
    const draft = estate.account(accountId);
    draft.source = { file: folder.file(`accounts/${accountId}`), pointer: '' };
    return { ...scope, accountId, dir: `accounts/${accountId}`, draft };
  });
}

/** Account names come from the organization's `list-accounts-for-parent`. */
function nameAccounts(estate: EstateDraft): void {
  for (const node of estate.organization?.nodes.values() ?? []) {
    if (node.kind !== 'account' || node.name === undefined) continue;
    const draft = estate.accounts.get(node.id);
    if (draft && draft.name === undefined) draft.name = node.name;
  }
}
