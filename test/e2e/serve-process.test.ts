import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ensureWebBundle } from './web-bundle-build.js';

describe('`trustmap serve` as a process', () => {
  it('prints its URL, answers, and stops cleanly on Ctrl-C (SIGINT) with exit 0', async () => {
    ensureWebBundle();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', 'examples/org-estate.yaml', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const end = Date.now() + 30_000;
      let url: string | undefined;
      while (!(url = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1]) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect(url, err).toBeDefined();
      expect((await fetch(`${url}api/estate`)).status).toBe(200);
      const page = await fetch(url!);
      expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'self'/);
      expect(await page.text()).toContain('<div id="root">');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(err).toContain('stopped');
  }, 60_000);
});
