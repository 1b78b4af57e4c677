#!/usr/bin/env node
// Builds ahead of the e2e suite what its set-up would otherwise build first, and slowly: the stand-ins
// for every base image the buildable fixtures name, and the local package indexes. CI starts it in
// the background while the unit tests run: it waits on the Debian mirror and the npm registry, they
// on the CPU. The suite's own set-up then finds everything cached (a stand-in the prewarm missed is
// still built there, so a wrong guess costs time, never a result).
//
//   DOCKER_HOST=… node scripts/e2e/prewarm.mjs
//
// The images come from each buildable fixture's expected.Dockerfile, which the golden tests keep
// identical to what dockgen writes for it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseImages } from '../corpus/build.mjs';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');

const images = new Set();
const pythonIndexImages = new Set();
for (const name of readdirSync(FIXTURES).sort()) {
  const config = join(FIXTURES, name, 'fixture.json');
  const dockerfile = join(FIXTURES, name, 'expected.Dockerfile');
  if (!existsSync(config) || !existsSync(dockerfile)) continue;
  const e2e = JSON.parse(readFileSync(config, 'utf8')).e2e;
  if (!e2e?.buildable) continue;
  const refs = baseImages(readFileSync(dockerfile, 'utf8'));
  for (const ref of refs) images.add(ref);
  if (e2e.index === 'python') for (const ref of refs.filter((r) => r.startsWith('python:'))) pythonIndexImages.add(ref);
}

const start = Date.now();
const standins = spawnSync(process.execPath, [join(ROOT, 'scripts/e2e/standins.mjs'), ...images], { stdio: 'inherit' });
if (standins.status !== 0) process.stderr.write(`[prewarm] stand-ins exited ${standins.status}; the e2e set-up will retry and report\n`);
for (const image of pythonIndexImages) {
  const indexes = spawnSync(process.execPath, [join(ROOT, 'scripts/e2e/indexes.mjs'), image], { stdio: 'inherit' });
  if (indexes.status !== 0) process.stderr.write(`[prewarm] package indexes for ${image} exited ${indexes.status}; the e2e set-up will retry and report\n`);
}
process.stderr.write(`[prewarm] ${images.size} base image(s) and ${pythonIndexImages.size} Python index(es) ready in ${((Date.now() - start) / 1000).toFixed(0)} s\n`);
