import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DiagnosticCode } from '../../core/diagnostic-codes.js';
import type { DiagnosticBag } from '../../core/diagnostics.js';
import type { Uncollected } from '../../core/model/estate.js';
import { awsErrorRecord, isAccessDenied } from './aws-error-record.js';
import type { CodePrefix, JsonDoc } from './json-doc.js';
import { readJsonFile, type JsonFileRead } from './read-json-file.js';

/** What a collected file says about one piece of data (snapshot-layout.md, "Absent is not unknown"). */
export type Recorded =
  | { readonly state: 'collected'; readonly doc: JsonDoc }
  /** The getter answered with an error that means "there is none" (`NoSuchBucketPolicy`). */
  | { readonly state: 'none'; readonly code: string }
  /** Missing file, unreadable file, or an error such as `AccessDenied`: unknown. */
  | { readonly state: 'uncollected'; readonly file: string; readonly error?: string };

/** The families of codes of the folders loaders read (a snapshot, an iam-collect store). */
export type FolderPrefix = Extract<CodePrefix, 'snapshot' | 'iam-collect'>;

/** What can be wrong with a folder's names and recorded getter errors, in each family's codes. */
export const FOLDER_CODES = {
  snapshot: {
    accessDenied: 'snapshot/access-denied',
    unexpectedErrorRecord: 'snapshot/unexpected-error-record',
    invalidNameEncoding: 'snapshot/invalid-name-encoding',
  },
  'iam-collect': {
    accessDenied: 'iam-collect/access-denied',
    unexpectedErrorRecord: 'iam-collect/unexpected-error-record',
    invalidNameEncoding: 'iam-collect/invalid-name-encoding',
  },
} as const satisfies Record<FolderPrefix, Record<'accessDenied' | 'unexpectedErrorRecord' | 'invalidNameEncoding', DiagnosticCode>>;

/**
 * A folder of collected JSON files (a snapshot, an iam-collect store). Paths are relative to its
 * root, with `/`; diagnostics name files as the user named the folder, so they can be opened from
 * where the command ran, and carry the loader's code prefix.
 */
export class DataFolder {
  constructor(
    private readonly root: string,
    private readonly display: string,
    readonly prefix: FolderPrefix,
    readonly bag: DiagnosticBag,
  ) {}

  /** How diagnostics name a file of the snapshot. */
  file(rel: string): string {
    return join(this.display, rel);
  }

  isDir(rel: string): boolean {
    return statOf(join(this.root, rel))?.isDirectory() ?? false;
  }

  isFile(rel: string): boolean {
    return statOf(join(this.root, rel))?.isFile() ?? false;
  }

  /** Names of the sub-folders of `rel`, sorted; none when it is not a folder. */
  dirs(rel: string): string[] {
    return this.entries(rel).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  }

  /** Names of the `.json` files in `rel`, sorted. */
  jsonFiles(rel: string): string[] {
    return this.entries(rel).filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => e.name).sort();
  }

  read(rel: string): JsonFileRead {
    return readJsonFile(join(this.root, rel), this.file(rel), this.prefix, this.bag);
  }

  /**
   * Reads a getter's output. `noneCodes` are the AWS errors that mean the resource has none of this
   * (the layout lists them); `AccessDenied` and any other error leave the data unknown.
   */
  recorded(rel: string, noneCodes: readonly string[] = []): Recorded {
    const read = this.read(rel);
    if (read.kind !== 'parsed') return { state: 'uncollected', file: rel };
    const error = awsErrorRecord(read.doc);
    if (!error) return { state: 'collected', doc: read.doc };
    if (noneCodes.includes(error.code)) return { state: 'none', code: error.code };
    if (isAccessDenied(error.code)) {
      read.doc.report(error.pointer, FOLDER_CODES[this.prefix].accessDenied, 'info', `the collector was denied this data (\`${error.code}\`)`, 'answers that need it are Unknown; collect it again with a principal that may read it');
    } else {
      read.doc.report(error.pointer, FOLDER_CODES[this.prefix].unexpectedErrorRecord, 'warning', `\`${error.code}\` is not an error that means "none" here, so the data is taken as not collected`, noneCodes.length > 0 ? `the errors that mean none here are ${noneCodes.map((c) => `\`${c}\``).join(', ')}` : undefined);
    }
    return { state: 'uncollected', file: rel, error: error.code };
  }

  /** The marker for data a `Recorded` could not supply. */
  uncollected(what: string, recorded: Extract<Recorded, { state: 'uncollected' }>): Uncollected {
    const why = recorded.error !== undefined ? `${recorded.file} records ${recorded.error}` : `${recorded.file} was not collected`;
    return { uncollected: true, what: `${what} (${why})`, ...(recorded.error !== undefined ? { error: recorded.error } : {}) };
  }

  /** A folder or file name as written: names holding `/` are URL-encoded as one segment. */
  decodeName(segment: string, rel: string): string {
    try {
      return decodeURIComponent(segment);
    } catch {
      this.bag.add({
        code: FOLDER_CODES[this.prefix].invalidNameEncoding,
        severity: 'warning',
        message: `the name \`${segment}\` holds a malformed URL escape; it is used as written`,
        source: { file: this.file(rel), pointer: '' },
      });
      return segment;
    }
  }

  private entries(rel: string): import('node:fs').Dirent[] {
    try {
      return readdirSync(join(this.root, rel), { withFileTypes: true });
    } catch {
      return [];
    }
  }
}

function statOf(path: string): import('node:fs').Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
