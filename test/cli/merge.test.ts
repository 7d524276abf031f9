import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadServiceCatalog } from '../../src/catalog/iam-data-catalog.js';
import { runAccessMap, type AccessMapFlags } from '../../src/cli/access-map.js';
import { runMerge } from '../../src/cli/merge.js';
import { loadEstate } from '../../src/loaders/load-estate.js';
import { SyntheticEstateBuilder } from '../../src/synthetic/synthetic-estate.js';
import type { SyntheticEstateOptions } from '../../src/synthetic/synthetic-options.js';
import { writeSyntheticSnapshot } from '../../src/synthetic/write-synthetic-snapshot.js';

/**
 * Shards of the access map (`access-map --target-accounts`) merged by `trustmap merge` are the map
 * of one run (docs/scale.md#shards): the same entries and blocked requests in the same order, the
 * same counts. Only `evaluations` differs (each shard's engine starts cold), and is left out.
 */
const catalog = loadServiceCatalog();
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const temp = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'trustmap-merge-'));
  dirs.push(d);
  return d;
};

function sink() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s), quiet: true } };
}

async function accessMap(estate: string, flags: Partial<AccessMapFlags>): Promise<string> {
  const { out, io } = sink();
  expect(await runAccessMap(estate, { format: 'json', ...flags }, io)).toBe(0);
  return out.stdout;
}

function withoutEvaluations(json: string): unknown {
  const value = JSON.parse(json) as { summary: { evaluations?: number } };
  delete value.summary.evaluations;
  return value;
}

/** Every account a target may sit in, dealt round-robin into `n` shards. */
function partition(estatePath: string, n: number): string[][] {
  const { estate } = loadEstate(estatePath, { catalog });
  const accounts = new Set<string>(estate.accounts.keys());
  for (const r of estate.resources.values()) accounts.add(r.accountId);
  const shards: string[][] = Array.from({ length: n }, () => []);
  [...accounts].sort().forEach((a, i) => shards[i % n]!.push(a));
  return shards;
}

async function shardsMerged(estatePath: string, n: number): Promise<string> {
  const dir = temp();
  const files: string[] = [];
  for (const [i, accounts] of partition(estatePath, n).entries()) {
    const format = i % 2 === 0 ? 'jsonl' : 'json';
    const file = path.join(dir, `shard-${i}.${format}`);
    const { out, io } = sink();
    expect(await runAccessMap(estatePath, { format, targetAccounts: accounts.join(',') }, io)).toBe(0);
    writeFileSync(file, out.stdout);
    files.push(file);
  }
  const { out, io } = sink();
  expect(await runMerge(files, { format: 'json' }, io)).toBe(0);
  return out.stdout;
}

const DENSE: SyntheticEstateOptions = { accounts: 9, rolesPerAccount: 8, resourcesPerAccount: 6, seed: 'merge', profile: 'dense' };
const DEFAULT: SyntheticEstateOptions = { accounts: 9, rolesPerAccount: 8, resourcesPerAccount: 6, seed: 'merge' };

describe('trustmap merge: shards are the map of one run', () => {
  it.each([
    ['the bundled example', (): string => 'examples/org-estate.yaml', 3],
    ['the bundled snapshot', (): string => 'examples/org-estate-snapshot', 2],
    ['a dense generated organization', (): string => {
      const dir = temp();
      writeSyntheticSnapshot(new SyntheticEstateBuilder(DENSE), dir);
      return dir;
    }, 4],
    ['a default generated organization', (): string => {
      const dir = temp();
      writeSyntheticSnapshot(new SyntheticEstateBuilder(DEFAULT), dir);
      return dir;
    }, 3],
  ] as const)('%s', async (_name, estate, n) => {
    const estatePath = estate();
    const single = await accessMap(estatePath, {});
    expect(JSON.parse(single).entries.length).toBeGreaterThan(5);
    expect(withoutEvaluations(await shardsMerged(estatePath, n))).toEqual(withoutEvaluations(single));
  });

  it('a shard says which accounts it asked, and asks only their roles and resources', async () => {
    const json = JSON.parse(await accessMap('examples/org-estate.yaml', { targetAccounts: '444444444444' }));
    expect(json.shard).toEqual({ targetAccounts: ['444444444444'] });
    expect(new Set(json.entries.map((e: { targetAccount: string }) => e.targetAccount))).toEqual(new Set(['444444444444']));
  });
});

describe('trustmap merge refuses what would not be the map of one run', () => {
  it('two shards over one account: exit 2', async () => {
    const dir = temp();
    const a = path.join(dir, 'a.json');
    const b = path.join(dir, 'b.json');
    writeFileSync(a, await accessMap('examples/org-estate.yaml', { targetAccounts: '444444444444,555555555555' }));
    writeFileSync(b, await accessMap('examples/org-estate.yaml', { targetAccounts: '555555555555' }));
    const { out, io } = sink();
    expect(await runMerge([a, b], { format: 'json' }, io)).toBe(2);
    expect(out.stderr).toContain('merge/overlapping-shards');
    expect(out.stderr).toContain('555555555555');
  });

  it('a JSONL shard cut short (no summary line), or a file that is no shard: exit 2', async () => {
    const dir = temp();
    const { out: streamed, io: streamIo } = sink();
    await runAccessMap('examples/org-estate.yaml', { format: 'jsonl', targetAccounts: '444444444444' }, streamIo);
    const cut = path.join(dir, 'cut.jsonl');
    writeFileSync(cut, streamed.stdout.split('\n').slice(0, 3).join('\n'));
    const other = path.join(dir, 'other.json');
    writeFileSync(other, '{"results": []}');
    for (const file of [cut, other, path.join(dir, 'missing.json')]) {
      const { out, io } = sink();
      expect(await runMerge([file], { format: 'json' }, io), file).toBe(2);
      expect(out.stderr).toMatch(/merge\/(invalid-shard|unreadable)/);
    }
  });

  it('--target-accounts that are not account ids: exit 2; an account not in the estate: a warning', async () => {
    const bad = sink();
    expect(await runAccessMap('examples/org-estate.yaml', { format: 'json', targetAccounts: '4444,prod' }, bad.io)).toBe(2);
    expect(bad.out.stderr).toContain('access-map/invalid-target-accounts');
    const unknown = sink();
    expect(await runAccessMap('examples/org-estate.yaml', { format: 'json', targetAccounts: '123456789012' }, { ...unknown.io, quiet: false })).toBe(0);
    expect(unknown.out.stderr).toContain('access-map/unknown-target-account');
  });
});
