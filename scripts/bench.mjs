// Benchmark: how long `dockgen --yes --stdout` takes on a small project, and on the same project
// with a 50,000-file node_modules and a .git folder beside it. Detection must not walk those, so
// the two medians should be close (goal: ratio ≤ 1.3), and the CLI should start fast (goal: within
// 2.5× of `node -e 0`). Also times `dockgen lint` on the Dockerfile it wrote. Prints medians in
// milliseconds and the ratios.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'dockgen.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const FILES = 50_000;

function project(withHeavyFolders) {
  const dir = mkdtempSync(join(tmpdir(), 'dockgen-bench-'));
  cpSync(join(ROOT, 'examples', 'express-api'), dir, { recursive: true });
  if (withHeavyFolders) {
    // 500 packages × 100 files, plus a .git with objects: what a real checkout carries.
    for (let p = 0; p < FILES / 100; p++) {
      const pkg = join(dir, 'node_modules', `pkg-${p}`, 'lib');
      mkdirSync(pkg, { recursive: true });
      for (let f = 0; f < 100; f++) writeFileSync(join(pkg, `file-${f}.js`), 'module.exports = 1;\n');
    }
    for (let o = 0; o < 256; o++) {
      const objects = join(dir, '.git', 'objects', o.toString(16).padStart(2, '0'));
      mkdirSync(objects, { recursive: true });
      for (let f = 0; f < 20; f++) writeFileSync(join(objects, `obj${f}`), 'x');
    }
  }
  return dir;
}

function median(command, args) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
    times.push(ms);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const small = project(false);
const heavy = project(true);
try {
  const nodeBaseline = median(process.execPath, ['-e', '0']);
  const plain = median(process.execPath, [BIN, small, '--yes', '--stdout']);
  const withHeavy = median(process.execPath, [BIN, heavy, '--yes', '--stdout']);
  // lint parses with dockerfile-ast, which init never loads: measured on the file init writes.
  spawnSync(process.execPath, [BIN, small, '--yes'], { env: { ...process.env, CI: 'true' } });
  const linted = median(process.execPath, [BIN, 'lint', join(small, 'Dockerfile'), '--strict']);
  const rows = [
    ['node -e 0', nodeBaseline],
    ['dockgen --yes --stdout (project)', plain],
    [`dockgen --yes --stdout (+${FILES} files in node_modules, .git)`, withHeavy],
    ['dockgen lint --strict (the written Dockerfile)', linted],
  ];
  console.log(`median of ${RUNS} runs each:`);
  for (const [name, ms] of rows) console.log(`  ${name.padEnd(58)} ${ms.toFixed(1).padStart(7)} ms`);
  const heavyRatio = withHeavy / plain;
  const startRatio = plain / nodeBaseline;
  console.log(`  ratio heavy/plain: ${heavyRatio.toFixed(2)} (goal ≤ 1.3)`);
  console.log(`  ratio dockgen/node -e 0: ${startRatio.toFixed(2)} (goal ≤ 2.5)`);
} finally {
  rmSync(small, { recursive: true, force: true });
  rmSync(heavy, { recursive: true, force: true });
}
