import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * After `npm ci`, every documented entry point works with no further step (README): the package's
 * `prepare` script compiles dist/ (behind `bin` and `npx trustmap`) and builds the page into
 * dist-web/ (behind `serve`).
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };

describe('what npm ci leaves ready', () => {
  it('the prepare script builds both the command (dist/) and the page (dist-web/)', () => {
    expect(pkg.scripts.prepare).toBe('npm run build && npm run build:web');
  });

  it('has built the command behind `bin` and the page behind `serve`', () => {
    for (const built of ['dist/cli/main.js', 'dist-web/index.html']) {
      expect(existsSync(`${ROOT}${built}`), `${built} is missing: \`npm ci\` builds it through prepare; \`npm run prepare\` builds it again`).toBe(true);
    }
  });

  it('the package bin answers, compiled, with no tsx', () => {
    const bin = `${ROOT}${pkg.bin.trustmap}`;
    const version = spawnSync(process.execPath, [bin, '--version'], { cwd: ROOT, encoding: 'utf8' });
    expect(version.stderr).toBe('');
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const check = spawnSync(process.execPath, [bin, 'check', 'examples/org-estate.yaml', '--quiet'], { cwd: ROOT, encoding: 'utf8' });
    expect(check.status).toBe(0);
    expect(check.stdout.trimEnd().split('\n').at(-1)).toMatch(/^\d+ passed, 0 failed, 0 unchecked, 0 invalid$/);
  });
});
