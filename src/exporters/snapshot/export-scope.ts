import type { Account, Estate } from '../../core/model/estate.js';
import { canonicalUserId } from './stable-ids.js';

/** One file of a snapshot: its path inside the folder (with `/`) and its JSON content. */
export interface SnapshotFile {
  readonly path: string;
  readonly content: unknown;
}

/** The file at `path`, or none when there is no content (data not collected). */
export function fileAt(path: string, content: unknown): SnapshotFile[] {
  return content === undefined ? [] : [{ path, content }];
}

/** The services whose resources a snapshot account folder enumerates. */
export type SnapshotService = 's3' | 'kms' | 'sqs' | 'sns' | 'lambda' | 'secretsmanager';

/**
 * What every file builder works with: the estate, the date the files are stamped with, the
 * accounts' canonical ids, and the list of what the layout cannot hold. Pure: no clock, no files.
 */
export class ExportScope {
  private readonly notes = new Set<string>();

  constructor(
    readonly estate: Estate,
    /** Every date the files show (`CreateDate`, `collectedAt`…). */
    readonly date: string,
  ) {}

  get partition(): string {
    return this.estate.partition;
  }

  /** The account's canonical user id: the estate's, or a stable made-up one. */
  canonicalId(accountId: string): string {
    return this.estate.accounts.get(accountId)?.canonicalId ?? canonicalUserId(accountId);
  }

  /** Whether the account's resources of `service` were enumerated (undefined: every service). */
  collects(account: Account | undefined, service: SnapshotService): boolean {
    if (!account) return false;
    return account.collectedServices === undefined || account.collectedServices.includes(service);
  }

  /** Notes something of the estate that the snapshot layout cannot hold; each note once. */
  omit(what: string): void {
    this.notes.add(what);
  }

  get omitted(): string[] {
    return [...this.notes];
  }
}

/** Policy documents travel as JSON strings in `Policy` and `Content` fields (snapshot-layout.md). */
export function policyText(document: unknown): string {
  return typeof document === 'string' ? document : JSON.stringify(document);
}

/** Tags as `[{Key, Value}]`, sorted by key. */
export function tagList(tags: Readonly<Record<string, string>>, keyField = 'Key', valueField = 'Value'): Array<Record<string, string>> {
  return Object.keys(tags)
    .sort()
    .map((key) => ({ [keyField]: key, [valueField]: tags[key] ?? '' }));
}

export function byKey<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}
