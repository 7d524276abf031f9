import { readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../../core/diagnostics.js';

/**
 * The log files of the paths the user gave (files, or folders walked for `*.json` and `*.json.gz`),
 * in the order they should be read. CloudTrail delivers to S3 as
 * `AWSLogs/<account or o-org id>/[<account>/]CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz`;
 * files are ordered by that timestamp, then by path, so the copies of one cross-account event,
 * delivered to each account's folder, are read close together. Files named otherwise come last,
 * by path. Digest files (integrity validation, no records) are skipped.
 *
 * A file is named as the user named its folder joined with its path inside it, so it can be opened
 * from where the command ran. A file given by name is read whatever its name.
 */
export function listCloudTrailFiles(paths: readonly string[], diagnostics: Diagnostic[]): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    const key = path.resolve(file);
    if (seen.has(key)) return;
    seen.add(key);
    files.push(file);
  };

  for (const given of paths) {
    let stats: Stats;
    try {
      stats = statSync(given);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') {
        diagnostics.push({
          code: 'cloudtrail/not-found',
          severity: 'error',
          message: `no such file or folder \`${given}\``,
          help: 'give CloudTrail log files (`.json`, `.json.gz`), folders holding them (an `AWSLogs/` tree copied from the trail\'s bucket), or the output of `aws cloudtrail lookup-events`',
          source: { file: given, pointer: '' },
        });
      } else {
        diagnostics.push(unreadable(given, e));
      }
      continue;
    }
    if (!stats.isDirectory()) {
      add(given);
      continue;
    }
    const found: string[] = [];
    let digests = 0;
    walk(given, new Set(), diagnostics, (file) => {
      if (isDigest(file)) digests++;
      else if (isLogFileName(path.basename(file))) found.push(file);
    });
    if (found.length === 0) {
      diagnostics.push({
        code: 'cloudtrail/no-logs',
        severity: 'error',
        message: `no CloudTrail log files in \`${given}\``,
        help:
          digests > 0
            ? `the folder holds only digest files (${digests}), which carry no events; give the \`CloudTrail/\` folders of the trail's bucket`
            : 'log files are named `*.json` or `*.json.gz`; an empty folder is reported so that no logs are not taken for no activity',
        source: { file: given, pointer: '' },
      });
    }
    for (const file of found) add(file);
  }
  return sortByDeliveryTime(files);
}

/** The `YYYYMMDDTHHmmZ` of a delivered log file's name, or undefined. */
function deliveryTimestamp(file: string): string | undefined {
  return /_(\d{8}T\d{4}Z)_/.exec(path.basename(file))?.[1];
}

function sortByDeliveryTime(files: readonly string[]): string[] {
  return files
    .map((file) => ({ file, time: deliveryTimestamp(file) }))
    .sort((a, b) => {
      if (a.time !== b.time) {
        if (a.time === undefined) return 1;
        if (b.time === undefined) return -1;
        return a.time < b.time ? -1 : 1;
      }
      return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
    })
    .map((f) => f.file);
}

function isLogFileName(name: string): boolean {
  return name.endsWith('.json') || name.endsWith('.json.gz');
}

function isDigest(file: string): boolean {
  return file.split(/[\\/]/).includes('CloudTrail-Digest') || path.basename(file).includes('_CloudTrail-Digest_');
}

/** Calls `visit` with every file under `dir`; a folder reached twice through symbolic links is walked once. */
function walk(dir: string, visited: Set<string>, diagnostics: Diagnostic[], visit: (file: string) => void): void {
  let entries;
  try {
    const real = realpathSync(dir);
    if (visited.has(real)) return;
    visited.add(real);
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    diagnostics.push(unreadable(dir, e));
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = statSync(full);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch {
        continue; // a dangling link
      }
    }
    if (isDir) walk(full, visited, diagnostics, visit);
    else if (isFile) visit(full);
  }
}

function unreadable(file: string, e: unknown): Diagnostic {
  return {
    code: 'cloudtrail/unreadable',
    severity: 'error',
    message: `cannot read \`${file}\`: ${e instanceof Error ? e.message : String(e)}`,
    source: { file, pointer: '' },
  };
}
