import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runServe } from '../../src/cli/serve.js';
import type { CommandIo } from '../../src/cli/command-io.js';

function captureIo(): CommandIo & { out: string; err: string } {
  const io = { out: '', err: '', stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s) };
  return io;
}

describe('trustmap serve', () => {
  it('tells how to build the page when it is not built, and exits 2', async () => {
    const io = captureIo();
    expect(await runServe('examples/org-estate.yaml', { port: '0' }, io, { webDir: join(tmpdir(), 'trustmap-no-bundle-here') })).toBe(2);
    expect(io.err).toContain('serve/missing-web-bundle');
    expect(io.err).toContain('npm run build:web');
  });

  it.each(['-1', 'http', '70000'])('refuses --port %s', async (port) => {
    const io = captureIo();
    expect(await runServe('examples/org-estate.yaml', { port }, io)).toBe(2);
    expect(io.err).toContain('serve/invalid-port');
  });

  it('refuses an unusable estate', async () => {
    const io = captureIo();
    const webDir = mkdtempSync(join(tmpdir(), 'trustmap-web-'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html>');
    expect(await runServe('no/such/estate.yaml', { port: '0' }, io, { webDir })).toBe(2);
    expect(io.err).toContain('load/not-found');
  });

  it('loads once, prints the URL, answers, and stops cleanly when asked', async () => {
    const io = captureIo();
    const webDir = mkdtempSync(join(tmpdir(), 'trustmap-web-'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><div id="root"></div>');
    const stop = new AbortController();
    const running = runServe('examples/org-estate.yaml', { port: '0' }, io, { webDir, stop: stop.signal });
    const url = await waitFor(() => /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(io.out)?.[1]);
    const estate = await fetch(`${url}api/estate`);
    expect(estate.status).toBe(200);
    expect(((await estate.json()) as { source: string }).source).toBe('examples/org-estate.yaml');
    expect(await (await fetch(url)).text()).toContain('<div id="root">');
    stop.abort();
    expect(await running).toBe(0);
    expect(io.err).toContain('building the access map');
    expect(io.err).toContain('stopped');
  });

  it('refuses an unreadable --known-accounts file before loading the estate', async () => {
    const io = captureIo();
    expect(await runServe('examples/org-estate.yaml', { port: '0', knownAccounts: join(tmpdir(), 'trustmap-no-such-known-accounts.yaml') }, io)).toBe(2);
    expect(io.err).toContain('known-accounts/unreadable');
    expect(io.err).not.toContain('building the access map');
  });

  it('names the vendors of --known-accounts in the findings it serves, as `findings --known-accounts` does', async () => {
    const io = captureIo();
    const webDir = mkdtempSync(join(tmpdir(), 'trustmap-web-'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html>');
    const known = join(webDir, 'known-accounts.yaml');
    writeFileSync(known, "- name: Acme Monitoring Inc\n  source: test\n  accounts: ['999999999999']\n");
    const stop = new AbortController();
    const running = runServe('examples/org-estate.yaml', { port: '0', knownAccounts: known, format: 'json' }, io, { webDir, stop: stop.signal });
    const url = await waitFor(() => (io.out.includes('\n') ? (JSON.parse(io.out) as { url: string }).url : undefined));
    const body = (await (await fetch(`${url}api/findings?rule=trust-outside-organization-without-external-id`)).json()) as { findings: Array<{ message: string; evidence: string[] }> };
    stop.abort();
    expect(await running).toBe(0);
    expect(io.err).toMatch(/, 16 findings \(/);
    expect(body.findings).toHaveLength(1);
    expect(body.findings[0]!.message).toContain('from account 999999999999 (Acme Monitoring Inc), outside the organization');
    expect(body.findings[0]!.evidence).toContain('999999999999 is Acme Monitoring Inc (--known-accounts)');
  });
});

async function waitFor<T>(probe: () => T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
