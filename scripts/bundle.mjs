// Bundles dist/cli/main.js (tsc output) into dist/bundle/, which bin/dockgen.js loads: one module per
// command instead of ~90 small ones, which takes about a quarter off every start (npm run bench).
// Dependencies stay in node_modules (loaded as they are), and the commands and the @inquirer
// questions stay in their own lazily imported chunks. dist/bundle sits at the same depth as dist/cli,
// so the paths the code builds from import.meta.url (templates/, dist/templates.cjs) still resolve.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
rmSync(`${DIST}bundle`, { recursive: true, force: true });
await build({
  entryPoints: [`${DIST}cli/main.js`],
  outdir: `${DIST}bundle`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  external: ['*.cjs'],
  logLevel: 'warning',
});
console.log('bundled dist/cli/main.js into dist/bundle/');
