import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // one Prism per spec, started and stopped in turn (about 1–2 s each on a 2-core machine)
    hookTimeout: 45_000,
    testTimeout: 15_000,
    fileParallelism: false,
  },
});
