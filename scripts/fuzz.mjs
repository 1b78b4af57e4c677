#!/usr/bin/env node
/**
 * The hostile-project fuzzer: builds project trees of every stack with hostile values, malformed
 * and binary manifests, huge files, symlink loops, links out of the project, FIFOs, folders where
 * files belong and pre-existing outputs; runs a dockgen command on each; and checks the contract
 * (scripts/fuzz/checks.mjs) on every run. Seeded: a failing case is replayed by seed and index.
 *
 *   npm run fuzz                               500 cases, seed 1
 *   npm run fuzz -- --cases 5000 --seed 7      a longer run
 *   npm run fuzz -- --seed 7 --index 123       replay one case, keep its tree, show its output
 *   npm run fuzz -- --self-test                feed every check a known-bad result
 *
 * Exit 0 when every case keeps the contract, 1 on any violation (each listed with its replay).
 */
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseArgv, describeCase, generateCase } from './fuzz/generate.mjs';
import { runChecks, selfTest } from './fuzz/checks.mjs';
import { materialize, readIfFile, snapshot } from './fuzz/tree.mjs';

const args = parseArgs(process.argv.slice(2));
const failures = selfTest();
if (failures.length > 0) {
  console.error(`fuzz self-test failed: a check does not catch what it should:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`self-test: every check caught its known-bad results`);
if (args.selfTest) process.exit(0);

const base = mkdtempSync(join(tmpdir(), 'dockgen-fuzz-'));
const replay = args.index !== undefined;
const indexes = replay ? [args.index] : Array.from({ length: args.cases }, (_, i) => args.start + i);

const started = Date.now();
const results = await runAll(indexes, replay ? 1 : args.jobs);
const seconds = (Date.now() - started) / 1000;
if (!replay) rmSync(base, { recursive: true, force: true });
report(results, seconds);
process.exit(results.some((r) => r.violations.length > 0) ? 1 : 0);

function parseArgs(argv) {
  const out = { seed: 1, cases: 500, start: 0, jobs: 2, timeout: 10, selfTest: false, index: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const number = () => {
      i++;
      if (!/^\d+$/.test(value ?? '')) usage(`${flag} needs a number`);
      return Number(value);
    };
    if (flag === '--seed') out.seed = number();
    else if (flag === '--cases') out.cases = number();
    else if (flag === '--start') out.start = number();
    else if (flag === '--index') out.index = number();
    else if (flag === '--jobs') out.jobs = Math.max(1, number());
    else if (flag === '--timeout') out.timeout = number();
    else if (flag === '--self-test') out.selfTest = true;
    else usage(`unknown option ${flag}`);
  }
  return out;
}

function usage(message) {
  console.error(`fuzz: ${message}\nusage: node scripts/fuzz.mjs [--seed N] [--cases N] [--start N] [--jobs N] [--timeout S] [--index I] [--self-test]`);
  process.exit(2);
}

/** Cases go to `jobs` workers; a worker that hangs past the timeout is killed and replaced. */
async function runAll(list, jobs) {
  const results = [];
  let next = 0;
  const lane = async () => {
    let worker = await startWorker();
    while (next < list.length) {
      const index = list[next++];
      const { result, alive } = await runCase(worker, index);
      results.push(result);
      if (!alive) worker = await startWorker();
    }
    worker.kill('SIGKILL');
  };
  await Promise.all(Array.from({ length: Math.min(jobs, list.length) }, lane));
  return results.sort((a, b) => a.index - b.index);
}

function startWorker() {
  const worker = fork(new URL('./fuzz/worker.mjs', import.meta.url), [], {
    execArgv: ['--max-old-space-size=768'],
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve(worker));
    worker.once('exit', (code) => reject(new Error(`the fuzz worker did not start (exit ${code}); run npm run build first`)));
  });
}

async function runCase(worker, index) {
  const description = generateCase(args.seed, index);
  const caseDir = join(base, `case-${index}`);
  mkdirSync(caseDir, { recursive: true });
  const { project, outside } = materialize(description, caseDir, worker.pid);
  const argv = caseArgv(description, project);
  const outsideBefore = snapshot(outside);
  const projectBefore = snapshot(project);
  const begun = Date.now();
  const run = await send(worker, argv, args.timeout * 1000);
  const millis = Date.now() - begun;
  const printed = argv.includes('--stdout') && run.code === 0 ? run.stdout : undefined;
  const written = projectBefore.get('Dockerfile') !== snapshot(project).get('Dockerfile') ? readIfFile(join(project, 'Dockerfile')) : undefined;
  const result = {
    command: description.command,
    ...run,
    outsideBefore,
    outsideAfter: snapshot(outside),
    caseEntries: readdirSync(caseDir).sort(),
    projectBefore,
    projectAfter: snapshot(project),
    dockerfile: printed ?? written,
  };
  const violations = runChecks(result);
  if (!replay) rmSync(caseDir, { recursive: true, force: true });
  return { result: { index, description, run, millis, violations, caseDir, argv }, alive: !run.timedOut && !run.died };
}

function send(worker, argv, timeout) {
  return new Promise((resolve) => {
    const id = Math.random();
    const done = (value) => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('exit', onExit);
      resolve(value);
    };
    const onMessage = (message) => {
      if (message.id === id) done({ code: message.code, stdout: message.stdout, stderr: message.stderr, timedOut: false, died: undefined });
    };
    const onExit = (code, signal) => done({ code: undefined, stdout: '', stderr: '', timedOut: false, died: signal ?? `exit ${code}` });
    const timer = setTimeout(() => {
      worker.off('exit', onExit);
      worker.kill('SIGKILL');
      done({ code: undefined, stdout: '', stderr: '', timedOut: true, died: undefined });
    }, timeout);
    worker.on('message', onMessage);
    worker.on('exit', onExit);
    worker.send({ id, argv });
  });
}

function report(list, seconds) {
  if (replay) {
    const [r] = list;
    console.log(describeCase(r.description));
    console.log(`\n$ dockgen ${r.argv.map((a) => JSON.stringify(a)).join(' ')}\nexit ${r.run.code ?? (r.run.timedOut ? 'timeout' : r.run.died)} in ${r.millis} ms`);
    console.log(`--- stdout (escaped) ---\n${JSON.stringify(r.run.stdout).slice(1, -1).replaceAll('\\n', '\n')}`);
    console.log(`--- stderr (escaped) ---\n${JSON.stringify(r.run.stderr).slice(1, -1).replaceAll('\\n', '\n')}`);
    console.log(`tree kept in ${r.caseDir}`);
  }
  const byExit = new Map();
  const byCheck = new Map();
  for (const r of list) {
    const key = r.run.timedOut ? 'timeout' : r.run.died ? 'died' : String(r.run.code);
    byExit.set(key, (byExit.get(key) ?? 0) + 1);
    for (const v of r.violations) byCheck.set(v.check, (byCheck.get(v.check) ?? 0) + 1);
  }
  const slowest = [...list].sort((a, b) => b.millis - a.millis)[0];
  const failing = list.filter((r) => r.violations.length > 0);
  console.log(`\nfuzz: seed ${args.seed}, ${list.length} case${list.length === 1 ? '' : 's'} in ${seconds.toFixed(1)} s`);
  console.log(`  exit codes: ${[...byExit].sort().map(([k, n]) => `${k}: ${n}`).join(', ')}`);
  console.log(`  slowest case: index ${slowest.index}, ${slowest.millis} ms`);
  console.log(`  cases with a violation: ${failing.length}${byCheck.size ? ` (${[...byCheck].map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''}`);
  for (const r of failing.slice(0, 30)) {
    console.log(`\n  index ${r.index}: ${r.violations.map((v) => `${v.check}: ${v.problem}`).join('; ')}`);
    console.log(`    replay: npm run fuzz -- --seed ${args.seed} --index ${r.index}`);
  }
}
