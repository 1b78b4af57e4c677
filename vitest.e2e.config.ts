import { defineConfig } from 'vitest/config';

// The real-engine suite: builds, runs, probes and stops every buildable fixture. Slow, so it has
// its own config and command. Two files, each half of the fixtures, run side by side: builds spend
// much of their time waiting on downloads and the disk (see fixtures.e2e.test.ts).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 15 * 60_000,
    hookTimeout: 45 * 60_000,
    reporters: ['verbose', './test/helpers/summary-reporter.ts'],
  },
});
