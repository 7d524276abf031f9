import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../core/diagnostics.js';

/** Where `npm run build:web` writes the page: `dist-web/` at the package root, two levels above both src/server/ and dist/server/. */
export const DEFAULT_WEB_BUNDLE_DIR = fileURLToPath(new URL('../../dist-web/', import.meta.url));

export interface WebFile {
  readonly body: Uint8Array;
  readonly type: string;
  /** Vite names built assets by their content hash, so they never change under their name. */
  readonly immutable: boolean;
}

/** The built page, read into memory once: the server never opens a file while serving. */
export interface WebBundle {
  readonly dir: string;
  /** By URL path: `/index.html`, `/assets/index-3f2a.js`. */
  readonly files: ReadonlyMap<string, WebFile>;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export type ReadWebBundleResult = { readonly ok: true; readonly bundle: WebBundle } | { readonly ok: false; readonly diagnostic: Diagnostic };

export function readWebBundle(dir: string = DEFAULT_WEB_BUNDLE_DIR): ReadWebBundleResult {
  let hasIndex = false;
  try {
    hasIndex = statSync(join(dir, 'index.html')).isFile();
  } catch {
    hasIndex = false;
  }
  if (!hasIndex) {
    return {
      ok: false,
      diagnostic: {
        code: 'serve/missing-web-bundle',
        severity: 'error',
        message: `the web page is not built: no \`${join(dir, 'index.html')}\``,
        help: '`npm ci` builds it (the prepare script); to build it again, run `npm run build:web` (it writes dist-web/), then `trustmap serve` again',
      },
    };
  }
  const files = new Map<string, WebFile>();
  for (const file of walk(dir)) {
    const path = `/${relative(dir, file).split(sep).join('/')}`;
    files.set(path, { body: readFileSync(file), type: TYPES[extname(file)] ?? 'application/octet-stream', immutable: path.startsWith('/assets/') });
  }
  return { ok: true, bundle: { dir, files } };
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}
