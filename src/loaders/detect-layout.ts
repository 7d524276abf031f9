import { readdirSync, statSync, type Stats } from 'node:fs';
import { basename, extname, join } from 'node:path';

/** What a path given to `loadEstate` holds. */
export type Layout =
  | { readonly kind: 'snapshot'; readonly dir: string }
  | { readonly kind: 'iam-collect'; readonly dir: string }
  | { readonly kind: 'yaml-file' | 'json-file'; readonly file: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unknown'; readonly why: string };

const PARTITION = /^aws(?:-[a-z]+)*$/;

/**
 * Tells the input apart by its shape on disk: a folder with `manifest.json` or `accounts/` is a
 * snapshot; one with `aws/<partition>/accounts` an iam-collect store; a `.yaml`/`.yml` file is
 * read as YAML, any other file as JSON, and told apart by its keys (load-estate.ts).
 */
export function detectLayout(path: string): Layout {
  const stats = statOf(path);
  if (!stats) return { kind: 'missing' };
  if (stats.isFile()) return /^\.ya?ml$/i.test(extname(path)) ? { kind: 'yaml-file', file: path } : { kind: 'json-file', file: path };
  if (!stats.isDirectory()) return { kind: 'unknown', why: `\`${path}\` is neither a file nor a folder` };
  if (isFile(join(path, 'manifest.json'))) return { kind: 'snapshot', dir: path };
  if (hasPartition(join(path, 'aws'))) return { kind: 'iam-collect', dir: path };
  if (basename(path) === 'aws' && hasPartition(path)) return { kind: 'iam-collect', dir: path };
  if (isDir(join(path, 'accounts'))) {
    // An iam-collect partition folder (`…/aws/aws`) has `accounts/` too, beside `organizations/` or `indexes/`.
    const partitionFolder = PARTITION.test(basename(path)) && (isDir(join(path, 'organizations')) || isDir(join(path, 'indexes')));
    return partitionFolder ? { kind: 'iam-collect', dir: join(path, '..') } : { kind: 'snapshot', dir: path };
  }
  return { kind: 'unknown', why: `the folder \`${path}\` holds neither \`manifest.json\`, \`accounts/\` nor \`aws/<partition>/accounts/\`` };
}

/** Whether `dir` holds `<partition>/accounts` or `<partition>/organizations`. */
function hasPartition(dir: string): boolean {
  if (!isDir(dir)) return false;
  return readdirSync(dir).some((p) => PARTITION.test(p) && (isDir(join(dir, p, 'accounts')) || isDir(join(dir, p, 'organizations'))));
}

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function isFile(path: string): boolean {
  return statOf(path)?.isFile() ?? false;
}

function isDir(path: string): boolean {
  return statOf(path)?.isDirectory() ?? false;
}
