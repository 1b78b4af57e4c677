// --build over all written rows: stand-ins first (one engine, sequential builds: 2 cores), then
// build, run, probe and stop each buildable project; the outcome is stored on its row.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { engineAnswers } from '../e2e/docker.mjs';
import { baseImages, buildAndRun, buildVerdict, dockerfileOf, ensureStandIns } from './build.mjs';

const ROOT = join(import.meta.dirname, '..', '..');

function ensureEngine() {
  if (engineAnswers()) return;
  const started = spawnSync('bash', [join(ROOT, 'scripts/e2e/engine.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const host = /^DOCKER_HOST=(\S+)$/m.exec(started.stdout ?? '')?.[1];
  if (!host) throw new Error('no Docker engine: scripts/e2e/engine.sh could not start one');
  process.env.DOCKER_HOST = host;
}

/** Whether a written project can be built here: its expectation says so, else only Node.js and static sites (npm is reachable; PyPI and the Go proxy are not). */
function buildable(row, expectation) {
  if (expectation?.buildable !== undefined) return expectation.buildable;
  return row.stack === 'node' || row.stack === 'static';
}

export async function runBuilds(rows, expectations) {
  ensureEngine();
  const chosen = rows.filter((row) => row.outcome === 'written' && buildable(row, expectations[row.name]));
  const images = new Map(chosen.map((row) => [row.name, baseImages(dockerfileOf(row))]));
  const missing = new Set(ensureStandIns([...new Set([...images.values()].flat())]));
  for (const [index, row] of chosen.entries()) {
    const absent = images.get(row.name).filter((image) => missing.has(image));
    if (absent.length > 0) {
      row.built = { verdict: `no stand-in for ${absent.join(', ')}` };
      continue;
    }
    process.stderr.write(`[corpus] ${index + 1}/${chosen.length} building ${row.name}\n`);
    const result = await buildAndRun(row);
    row.built = { ...result, verdict: buildVerdict(result) };
  }
}
