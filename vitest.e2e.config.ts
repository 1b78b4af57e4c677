import { defineConfig } from 'vitest/config';

// The real-engine suite: builds, runs, probes and stops every buildable fixture. Slow and
// sequential (2 cores; builds already use both), so it has its own config and command.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 15 * 60_000,
    hookTimeout: 45 * 60_000,
    reporters: ['verbose', './test/helpers/summary-reporter.ts'],
  },
});
