import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
export const WEB_BUNDLE_DIR = join(ROOT, 'dist-web');

/**
 * dist-web/ as `npm run build:web` makes it, built here when it is missing or older than web/
 * (a fresh clone running `npm test`). The build goes to a folder of its own and is renamed into
 * place, so test files running side by side never see half a bundle.
 */
export function ensureWebBundle(): string {
  const index = join(WEB_BUNDLE_DIR, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource(join(ROOT, 'web'))) return WEB_BUNDLE_DIR;
  const out = mkdtempSync(join(ROOT, 'dist-web-building-'));
  const vite = join(ROOT, 'node_modules', '.bin', 'vite');
  const built = spawnSync(vite, ['build', '--config', join(ROOT, 'web', 'vite.config.ts'), '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) {
    rmSync(out, { recursive: true, force: true });
    throw new Error(`building the page failed:\n${built.stdout}\n${built.stderr}`);
  }
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource(join(ROOT, 'web'))) {
    rmSync(out, { recursive: true, force: true });
    return WEB_BUNDLE_DIR;
  }
  rmSync(WEB_BUNDLE_DIR, { recursive: true, force: true });
  try {
    renameSync(out, WEB_BUNDLE_DIR);
  } catch {
    // another test file renamed its build first: that one is as good
    rmSync(out, { recursive: true, force: true });
  }
  return WEB_BUNDLE_DIR;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}
