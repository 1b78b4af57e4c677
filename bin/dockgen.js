#!/usr/bin/env node
// Entry point: check the Node.js version before loading anything that may need a newer one.
const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  process.stderr.write(`dockgen needs Node.js 20 or newer; this is ${process.version}.\n`);
  process.exit(2);
}
// Cache compiled code between runs where Node.js supports it (22.1+): a faster start.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
// The bundle (scripts/bundle.mjs) starts faster than the ~90 modules tsc writes to dist/.
const { main } = await import('../dist/bundle/main.js');
process.exitCode = await main(process.argv);
