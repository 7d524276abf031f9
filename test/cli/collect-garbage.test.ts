import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/cli/collect-garbage.js';

describe('collectGarbage: one full collection between the steps of `report` (docs/scale.md, "peak RSS")', () => {
  it('frees what nothing holds any more', () => {
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    let garbage: string[][] | undefined = Array.from({ length: 200 }, (_, i) => Array.from({ length: 2_000 }, (_, j) => `${i}-${j}-${'x'.repeat(20)}`));
    const filled = process.memoryUsage().heapUsed;
    expect(filled - before).toBeGreaterThan(20_000_000);
    expect(garbage.length).toBe(200);
    garbage = undefined;
    collectGarbage();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan((filled - before) / 4);
  });
});
