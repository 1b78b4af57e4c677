import { defineConfig } from 'vitest/config';

// The real-engine suite: builds, runs, probes and stops every buildable fixture. Slow, so it has
// its own config and command. The fixtures come in two files (halves, see fixtures.e2e.test.ts), run
// one after the other: side by side they were faster, but Docker 20.10's BuildKit (the engine here)
// panics with "failed to get edge" when a --no-cache build and a cached one share steps at the same
// time (moby/buildkit#2303), which took the daemon down mid-run.
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
