import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServerApp } from '../../src/server/create-app.js';
import { readWebBundle } from '../../src/server/web-bundle.js';
import { servedExample } from './served-example.js';

function bundleDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trustmap-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title><script type="module" src="/assets/index-abc.js"></script>');
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  return dir;
}

describe('the built page', () => {
  it('a missing bundle is a diagnostic that says how to build it', () => {
    const result = readWebBundle(join(tmpdir(), 'trustmap-no-such-bundle'));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.diagnostic.code).toBe('serve/missing-web-bundle');
      expect(result.diagnostic.help).toContain('npm run build:web');
    }
  });

  it('serves index.html at every view address and the assets with their types', async () => {
    const read = readWebBundle(bundleDir());
    if (!read.ok) throw new Error('bundle');
    const app = createServerApp({ served: servedExample(), bundle: read.bundle, port: () => 9000 });
    const headers = { host: 'localhost:9000' };
    for (const path of ['/', '/explain?principal=x', '/who-can', '/paths', '/findings']) {
      const response = await app.request(path, { headers });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'self'/);
      expect(await response.text()).toContain('<title>t</title>');
    }
    const script = await app.request('/assets/index-abc.js', { headers });
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect((await app.request('/assets/../../etc/passwd', { headers })).status).toBe(404);
    expect((await app.request('/elsewhere', { headers })).status).toBe(404);
  });
});
