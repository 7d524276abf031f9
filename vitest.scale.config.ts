import { defineConfig } from 'vitest/config';

/** Organization-scale runs: out of `npm test`, run by `npm run bench:scale`. They print times; they assert results only. */
export default defineConfig({
  test: {
    include: ['test/scale/**/*.scale.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
