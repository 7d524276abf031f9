import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Account, Estate, Resource } from '../core/model/estate.js';
import { renderSnapshotFile, snapshotFiles, writeSnapshot, type SnapshotOptions } from '../exporters/snapshot/index.js';
import type { SyntheticEstateBuilder } from './synthetic-estate.js';

export interface WrittenSyntheticSnapshot {
  readonly files: number;
  readonly omitted: readonly string[];
}

export interface WriteSyntheticOptions extends SnapshotOptions {
  /** Called after each account is written. */
  readonly onAccount?: (written: number, total: number) => void;
}

/**
 * Writes a synthetic estate as a snapshot folder one account at a time, so memory holds one
 * account, never the whole estate: `writeSnapshot` writes the manifest and the organization (and
 * refuses a folder that is neither empty nor a snapshot), then each account's files are the ones
 * `snapshotFiles` makes for that account alone. The result is the same folder as `writeSnapshot`
 * of the whole estate: an account's files depend on nothing outside it here, since the generator
 * sets no canonical ids, ACLs or KMS aliases.
 */
export function writeSyntheticSnapshot(builder: SyntheticEstateBuilder, dir: string, options: WriteSyntheticOptions = {}): WrittenSyntheticSnapshot {
  const snapshot: SnapshotOptions = options.collectedAt !== undefined ? { collectedAt: options.collectedAt } : {};
  const head = writeSnapshot(builder.head(), dir, snapshot);
  let files = head.files;
  const omitted = new Set(head.omitted);
  const made = new Set<string>();
  const total = builder.plan.accounts.length;
  let written = 0;
  for (const part of builder.accounts()) {
    const content = snapshotFiles(accountAlone(builder.plan.partition, part.account, part.resources), snapshot);
    for (const file of content.files) {
      if (!file.path.startsWith('accounts/')) continue;
      const path = join(dir, file.path);
      const folder = dirname(path);
      if (!made.has(folder)) {
        mkdirSync(folder, { recursive: true });
        made.add(folder);
      }
      writeFileSync(path, renderSnapshotFile(file.content));
      files++;
    }
    content.omitted.forEach((note) => omitted.add(note));
    options.onAccount?.(++written, total);
  }
  return { files, omitted: [...omitted] };
}

/**
 * One account as an estate of its own. Its name is left out: only the organization's
 * `list-accounts-for-parent` names accounts, and that file was written with the head.
 */
function accountAlone(partition: string, account: Account, resources: readonly Resource[]): Estate {
  const { name: _name, ...unnamed } = account;
  return { partition, organizationStatus: 'none', accounts: new Map([[account.id, unnamed]]), resources: new Map(resources.map((r) => [r.arn, r])) };
}
