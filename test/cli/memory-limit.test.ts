import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SyntheticEstateBuilder } from '../../src/synthetic/synthetic-estate.js';
import { writeSyntheticSnapshot } from '../../src/synthetic/write-synthetic-snapshot.js';

/**
 * An estate too big for the heap stops loading with `load/memory-limit` and exit 2: never a crash
 * of heap exhaustion, never a half-loaded answer. A real process with a small heap
 * (`--max-old-space-size=128`) loads a generated estate of 200 accounts (about 1 MB of heap each).
 */
const dir = mkdtempSync(path.join(tmpdir(), 'trustmap-memory-limit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a command on an estate bigger than the heap', () => {
  it('stops with load/memory-limit, says how far it got and what heap would do, prints no answer, exits 2', () => {
    writeSyntheticSnapshot(new SyntheticEstateBuilder({ accounts: 200, rolesPerAccount: 50, resourcesPerAccount: 20, seed: 'memory-limit' }), dir);
    const run = spawnSync(process.execPath, ['--max-old-space-size=128', '--import', 'tsx', 'src/cli/main.ts', 'who-can', dir, '--resource', 'arn:aws:s3:::anything'], { encoding: 'utf8', timeout: 60_000 });
    expect(run.signal).toBeNull();
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    // progress lines appear only after a second of loading (checked with a fake clock in test/loaders/memory-guard.test.ts)
    const stopped = /error load\/memory-limit: stopped loading after (\d+) of 200 accounts: the heap reached [\d,]+ MB of its [\d,]+ MB limit, and loading on would exhaust it/.exec(run.stderr);
    expect(stopped).not.toBeNull();
    expect(Number(stopped![1])).toBeLessThan(200);
    expect(run.stderr).toMatch(/help: give Node a larger heap, about [\d.]+ MB per account: `NODE_OPTIONS=--max-old-space-size=\d+` \(in MB\) before the command/);
    expect(run.stderr).not.toMatch(/FATAL ERROR|heap out of memory/);
  }, 90_000);
});
