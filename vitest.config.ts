import { defineConfig } from 'vitest/config';

// Unit, golden and CLI tests: fast, no Docker engine. The engine-backed suite has its own
// config (vitest.e2e.config.ts, `npm run test:e2e`).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // CLI tests spawn dockgen several times; CI runs them while the e2e base images build beside them.
    testTimeout: 60_000,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
