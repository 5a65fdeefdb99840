import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // the browser test starts Chromium and walks every reference page; a 2-core CI machine needs the room
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
