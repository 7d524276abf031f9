import { request } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { servedExample } from './served-example.js';

function get(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host }, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startServer', () => {
  const running: RunningServer[] = [];
  afterAll(async () => {
    for (const s of running) await s.close();
  });

  it('--port 0 picks a free port on 127.0.0.1, and the Host check uses the port it got', async () => {
    const started = await startServer({ served: servedExample(), port: 0 });
    if (!started.ok) throw new Error(started.diagnostic.message);
    running.push(started.server);
    const { port, url } = started.server;
    expect(port).toBeGreaterThan(0);
    expect(url).toBe(`http://127.0.0.1:${port}/`);
    expect((await get(port, '/api/findings', `localhost:${port}`)).status).toBe(200);
    expect((await get(port, '/api/findings', `attacker.example:${port}`)).status).toBe(403);
  });

  it('a port in use is a diagnostic', async () => {
    const first = running[0]!;
    const second = await startServer({ served: servedExample(), port: first.port });
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.diagnostic.code).toBe('serve/port-in-use');
  });

  it('close() stops it, open connections included', async () => {
    const started = await startServer({ served: servedExample(), port: 0 });
    if (!started.ok) throw new Error(started.diagnostic.message);
    const { port } = started.server;
    await get(port, '/api/findings', `localhost:${port}`);
    await started.server.close();
    await expect(get(port, '/api/findings', `localhost:${port}`)).rejects.toThrow(/ECONNREFUSED/);
  });
});
