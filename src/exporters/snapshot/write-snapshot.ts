import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Estate } from '../../core/model/estate.js';
import { snapshotFiles, type SnapshotOptions } from './snapshot-files.js';

export interface WrittenSnapshot {
  readonly files: number;
  /** What the estate holds that the snapshot layout cannot (see `snapshotFiles`). */
  readonly omitted: readonly string[];
}

/** What a snapshot folder holds at its top; only these are replaced when a snapshot is rewritten. */
const LAYOUT_ENTRIES = ['manifest.json', 'organization', 'identity-center', 'accounts'];

/** The JSON text of a file, indented as `aws … --output json` prints it. */
export function renderSnapshotFile(content: unknown): string {
  return `${JSON.stringify(content, null, 4)}\n`;
}

/**
 * Writes `estate` as a snapshot folder at `dir`. The folder must be absent, empty, or an earlier
 * snapshot, whose layout files are replaced; anything else there is refused, never overwritten.
 */
export function writeSnapshot(estate: Estate, dir: string, options: SnapshotOptions = {}): WrittenSnapshot {
  const content = snapshotFiles(estate, options);
  clearFolder(dir);
  for (const file of content.files) {
    const path = join(dir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, renderSnapshotFile(file.content));
  }
  return { files: content.files.length, omitted: content.omitted };
}

function clearFolder(dir: string): void {
  if (!existsSync(dir) || readdirSync(dir).length === 0) return;
  if (!isSnapshot(dir)) throw new Error(`\`${dir}\` is not empty and holds no snapshot (\`manifest.json\` of format \`trustmap-snapshot\`); choose an empty folder`);
  for (const entry of LAYOUT_ENTRIES) rmSync(join(dir, entry), { recursive: true, force: true });
}

function isSnapshot(dir: string): boolean {
  try {
    const manifest: unknown = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    return typeof manifest === 'object' && manifest !== null && (manifest as { format?: unknown }).format === 'trustmap-snapshot';
  } catch {
    return false;
  }
}
