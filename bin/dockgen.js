#!/usr/bin/env node
// Entry point: check the Node.js version before loading anything that may need a newer one.
const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  process.stderr.write(`dockgen needs Node.js 20 or newer; this is ${process.version}.\n`);
  process.exit(2);
}
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv);
