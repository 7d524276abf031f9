import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bytesOnDisk, estateArguments, HEAP_BASE_BYTES, planHeap } from '../../src/cli/heap-sizing.js';

/**
 * No flag from the user (docs/scale.md#no-flag): an estate that needs more heap than Node gives by
 * default makes trustmap run itself again with a sized `--max-old-space-size`, at most three
 * quarters of the machine, and say so; a heap the user chose is kept.
 */
const MB = 1024 * 1024;
const GB = 1024 * MB;

describe('planHeap', () => {
  it.each([
    // [bytes on disk, current limit, machine, expected --max-old-space-size (MB) or undefined, machine too small]
    ['a small estate: the default is enough', 50 * MB, 4 * GB, 24 * GB, undefined, false],
    ['1,000 generated accounts (333 MB): still enough', 333 * MB, 4 * GB, 24 * GB, undefined, false],
    ['10,000 generated accounts (3.3 GB): sized to the estate', 3300 * MB, 4 * GB, 24 * GB, (3300 * 4 * MB + HEAP_BASE_BYTES) / MB, false],
    ['a machine too small: three quarters of it, and said', 3300 * MB, 4 * GB, 8 * GB, (8 * GB * 0.75) / MB, true],
    ['a machine smaller than the default heap: nothing to gain', 3300 * MB, 4 * GB, 4 * GB, undefined, true],
  ] as const)('%s', (_why, bytes, limit, machine, expected, tooSmall) => {
    const plan = planHeap(bytes, limit, machine);
    expect(plan.maxOldSpaceMb).toBe(expected === undefined ? undefined : Math.floor(expected));
    expect(plan.machineTooSmall).toBe(tooSmall);
  });
});

describe('the estate arguments of a command line', () => {
  it('takes the first existing positional (two for diff), skipping options', () => {
    expect(estateArguments(['findings', '--format', 'json', 'examples/org-estate.yaml'])).toEqual(['examples/org-estate.yaml']);
    expect(estateArguments(['diff', 'examples/org-estate.yaml', 'examples/org-estate-snapshot'])).toEqual(['examples/org-estate.yaml', 'examples/org-estate-snapshot']);
    expect(estateArguments(['merge', 'a.json'])).toEqual([]);
    expect(estateArguments(['--version'])).toEqual([]);
  });

  it('counts bytes under folders, and stops once it knows enough', () => {
    const all = bytesOnDisk(['examples/org-estate-snapshot'], Infinity);
    expect(all).toBeGreaterThan(50_000);
    expect(bytesOnDisk(['examples/org-estate-snapshot'], 1000)).toBeLessThan(all);
  });
});

describe('trustmap runs itself again with a sized heap', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'findings', 'examples/org-estate.yaml', '--rule', 'public-resource-policy', '--format', 'json'], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });

  it('when the estate needs more than the heap it has: says so, and answers the same', () => {
    const sized = run({ TRUSTMAP_TEST_HEAP_LIMIT_MB: '100' });
    expect(sized.status).toBe(0);
    expect(sized.stderr).toMatch(/needs about 512 MB of heap .* more than Node's 100 MB: running again with --max-old-space-size=512/);
    const plain = run({});
    expect(plain.stderr).not.toContain('running again');
    expect(JSON.parse(sized.stdout).findings).toEqual(JSON.parse(plain.stdout).findings);
  });

  it('keeps a heap the user chose', () => {
    const chosen = run({ TRUSTMAP_TEST_HEAP_LIMIT_MB: '100', NODE_OPTIONS: '--max-old-space-size=2048' });
    expect(chosen.status).toBe(0);
    expect(chosen.stderr).not.toContain('running again');
  });
});
