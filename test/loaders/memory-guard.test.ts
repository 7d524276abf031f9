import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEstate } from '../../src/loaders/load-estate.js';
import { MemoryGuard, memoryLimitDiagnostic, oldGenerationLimit } from '../../src/loaders/memory-guard.js';
import { loadSnapshot } from '../../src/loaders/snapshot/load-snapshot.js';
import { loadIamCollect } from '../../src/loaders/iam-collect/load-iam-collect.js';
import { SyntheticEstateBuilder } from '../../src/synthetic/synthetic-estate.js';
import { writeSyntheticSnapshot } from '../../src/synthetic/write-synthetic-snapshot.js';

const MB = 1024 * 1024;
const dir = mkdtempSync(path.join(tmpdir(), 'trustmap-memory-guard-'));
writeSyntheticSnapshot(new SyntheticEstateBuilder({ accounts: 5, rolesPerAccount: 8, resourcesPerAccount: 10, seed: 'guard' }), dir);

/** A heap that grows by `step` bytes each time it is read. */
function growingHeap(step: number): () => number {
  let used = 0;
  return () => (used += step);
}

describe('the heap guard of the snapshot loader', () => {
  it('stops with load/memory-limit once the heap passes 80% of its limit, and the estate is unusable', () => {
    // Limit 1,000 MB: after accounts 1, 2, 3 the heap reads 300, 600, 900 MB; 900 is past 800.
    const loaded = loadEstate(dir, { heap: { limitBytes: 1000 * MB, usedBytes: growingHeap(300 * MB) } });
    expect(loaded.unusable).toBe(true);
    expect(loaded.estate.accounts.size).toBe(0);
    expect(loaded.diagnostics).toEqual([
      {
        code: 'load/memory-limit',
        severity: 'error',
        message: 'stopped loading after 3 of 5 accounts: the heap reached 900 MB of its 1,000 MB limit, and loading on would exhaust it',
        help: 'give Node a larger heap, about 300.0 MB per account: `NODE_OPTIONS=--max-old-space-size=2048` (in MB) before the command',
        source: { file: path.join(dir, 'accounts'), pointer: '' },
      },
    ]);
  });

  it('loads the whole estate while the heap stays under the limit', () => {
    const loaded = loadEstate(dir, { heap: { limitBytes: 1000 * MB, usedBytes: () => 799 * MB } });
    expect(loaded.unusable).toBeUndefined();
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.estate.accounts.size).toBe(5);
  });

  it('does not stop after the last account: there is nothing left to load', () => {
    const loaded = loadSnapshot(dir, { heap: { limitBytes: 1000 * MB, usedBytes: growingHeap(199 * MB) } });
    expect(loaded.unusable).toBeUndefined();
    expect(loaded.estate.accounts.size).toBe(5);
  });

  it('shows progress with the heap, about once a second after the first second', () => {
    let clock = 0;
    const messages: string[] = [];
    loadSnapshot(dir, { now: () => (clock += 600), onProgress: (m) => messages.push(m), heap: { limitBytes: 4096 * MB, usedBytes: () => 1830 * MB } });
    const loading = messages.filter((m) => m.startsWith('loading'));
    expect(loading.length).toBeGreaterThan(0);
    for (const m of loading) expect(m).toMatch(/^loading accounts [1-5]\/5… \(heap 1,830 MB of 4,096 MB\)$/);
    for (const m of messages.filter((x) => !loading.includes(x))) expect(m).toMatch(/^listing buckets and key aliases [1-5]\/5…$/);
  });

  it('suggests a heap that holds every account at the rate loaded so far, in whole gigabytes', () => {
    const d = memoryLimitDiagnostic({ loaded: 3210, total: 10000, used: 3480 * MB, limit: 4345 * MB }, 'estate/accounts');
    expect(d.message).toBe('stopped loading after 3,210 of 10,000 accounts: the heap reached 3,480 MB of its 4,345 MB limit, and loading on would exhaust it');
    // 3,480 MB / 3,210 × 10,000 / 0.8 = 13,551 MB, rounded up to 14,336 (14 GB).
    expect(d.help).toBe('give Node a larger heap, about 1.1 MB per account: `NODE_OPTIONS=--max-old-space-size=14336` (in MB) before the command');
  });

  it('reads V8 by default', () => {
    const guard = new MemoryGuard();
    expect(guard.limitBytes).toBeGreaterThan(100 * MB);
    expect(guard.used).toBeGreaterThan(0);
    expect(guard.exceeded()).toBeUndefined();
  });
});

describe('the limit the guard measures against', () => {
  it('is the old generation, not V8\'s whole heap_size_limit (which adds the young generation)', () => {
    expect(oldGenerationLimit(176 * MB)).toBe(128 * MB); // --max-old-space-size=128
    expect(oldGenerationLimit(4144 * MB)).toBe(4096 * MB); // Node 20's default on a 64-bit machine with this much memory
    expect(new MemoryGuard().limitBytes).toBeLessThan(new MemoryGuard({ limitBytes: Number.MAX_SAFE_INTEGER }).limitBytes);
  });
});

describe('the heap guard of the iam-collect loader', () => {
  const store = 'test/fixtures/iam-collect';

  it('stops with load/memory-limit once the heap passes 80% of its limit, the estate unusable', () => {
    const loaded = loadIamCollect(store, { heap: { limitBytes: 1000 * MB, usedBytes: growingHeap(900 * MB) } });
    expect(loaded.unusable).toBe(true);
    expect(loaded.estate.accounts.size).toBe(0);
    expect(loaded.diagnostics.map((d) => d.code)).toContain('load/memory-limit');
    expect(loaded.diagnostics.find((d) => d.code === 'load/memory-limit')!.message).toMatch(/^stopped loading after 1 of \d+ accounts: the heap reached 900 MB of its 1,000 MB limit/);
  });

  it('is the guard loadEstate gives an iam-collect store, as it gives a snapshot', () => {
    const loaded = loadEstate(store, { heap: { limitBytes: 1000 * MB, usedBytes: growingHeap(900 * MB) } });
    expect(loaded.kind).toBe('iam-collect');
    expect(loaded.unusable).toBe(true);
    expect(loaded.diagnostics.filter((d) => d.code === 'load/memory-limit')).toHaveLength(1);
  });

  it('loads every account while the heap stays under, with progress that shows the heap', () => {
    const messages: string[] = [];
    let t = 0;
    const loaded = loadIamCollect(store, { heap: { limitBytes: 1000 * MB, usedBytes: () => 100 * MB }, onProgress: (m) => messages.push(m), now: () => (t += 5000) });
    expect(loaded.unusable).toBeUndefined();
    expect(loaded.diagnostics.map((d) => d.code)).not.toContain('load/memory-limit');
    expect(loaded.estate.accounts.size).toBeGreaterThan(1);
    expect(messages.some((m) => /^loading accounts \d+\/\d+… \(heap 100 MB of 1,000 MB\)$/.test(m))).toBe(true);
  });
});
