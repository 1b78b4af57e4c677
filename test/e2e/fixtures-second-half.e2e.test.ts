// The second half of the e2e fixtures, and the Buildah pass: see `half` in fixtures.e2e.test.ts.
(globalThis as { e2eHalf?: number }).e2eHalf = 1;
await import('./fixtures.e2e.test.js');
