#!/usr/bin/env node
// The corpus harness: runs dockgen, as a new user would (`dockgen <dir> --yes`), on every project
// folder of a corpus, classifies each run and compares it with what a careful engineer expects.
//
//   npm run corpus -- [CORPUS_DIR] [--only a,b] [--prefix gcp-] [--build] [--json FILE] [--jobs N]
//
// CORPUS_DIR  a folder of project folders (default ../shared/corpus)
// --only      these projects only (folder names, comma-separated)
// --prefix    projects whose folder name starts with this
// --build     also build each written Dockerfile on a Docker engine (DOCKER_HOST, or start one with
//             scripts/e2e/engine.sh), run it, probe it and stop it; projects an expectation marks
//             unbuildable here (PyPI or the Go proxy needed) count for generation only
// --json      where to write every row as JSON (default: corpus-results.json in the temp folder)
// --jobs      parallel dockgen runs (default 4)
// --keep      keep the copies dockgen wrote into (printed at the end)
//
// Prints a row per project (outcome, stack, command, port, and any disagreement with
// scripts/corpus/expected/*.json), then a summary. Exit 0 always unless the harness itself fails:
// the numbers are the result, and they go in the closing note of whoever ran it.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateOne } from './corpus/generate.mjs';
import { compare, loadExpectations } from './corpus/expectations.mjs';
import { formatRow, summarize } from './corpus/report.mjs';

const USAGE = 'usage: npm run corpus -- [CORPUS_DIR] [--only a,b] [--prefix gcp-] [--build] [--json FILE] [--jobs N] [--keep]\n';
let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      only: { type: 'string' },
      prefix: { type: 'string' },
      build: { type: 'boolean', default: false },
      json: { type: 'string' },
      jobs: { type: 'string', default: '4' },
      keep: { type: 'boolean', default: false },
    },
  });
} catch (error) {
  process.stderr.write(`corpus: ${error.message}\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = parsed;
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const corpus = resolve(positionals[0] ?? join(import.meta.dirname, '..', '..', 'shared', 'corpus'));
if (!existsSync(corpus)) {
  process.stderr.write(`corpus: no folder ${corpus} (pass a folder of projects: npm run corpus -- <dir>)\n`);
  process.exit(2);
}
const only = values.only?.split(',').map((s) => s.trim());
const names = readdirSync(corpus)
  .filter((name) => statSync(join(corpus, name)).isDirectory())
  .filter((name) => (!only || only.includes(name)) && (!values.prefix || name.startsWith(values.prefix)))
  .sort();
if (only) for (const name of only.filter((n) => !names.includes(n))) process.stderr.write(`corpus: no project ${name} in ${corpus}\n`);

const expectations = loadExpectations();
const work = mkdtempSync(join(tmpdir(), 'dockgen-corpus-'));
const rows = new Array(names.length);

// A small pool: each run is a separate dockgen process (a crash or hang in one is a result, not
// the harness's end).
let next = 0;
async function worker() {
  while (next < names.length) {
    const index = next++;
    const name = names[index];
    const row = await generateOne(name, join(corpus, name), work);
    row.expected = expectations[name]?.expect ?? null;
    row.disagreements = compare(row, expectations[name]);
    rows[index] = row;
  }
}
await Promise.all(Array.from({ length: Math.max(1, Number(values.jobs) || 4) }, worker));

if (values.build) {
  const { runBuilds } = await import('./corpus/build-all.mjs');
  await runBuilds(rows, expectations);
}

for (const row of rows) process.stdout.write(`${formatRow(row)}\n`);
const summary = summarize(rows);
process.stdout.write(`\n${summary.text}\n`);
const jsonPath = values.json ? resolve(values.json) : join(work, 'corpus-results.json');
writeFileSync(jsonPath, `${JSON.stringify({ corpus, date: new Date().toISOString(), summary: summary.numbers, rows: rows.map(({ dir, ...row }) => row) }, null, 2)}\n`);
process.stdout.write(`rows as JSON: ${jsonPath}\n`);
if (values.keep) process.stdout.write(`projects as dockgen left them: ${work}\n`);
else for (const row of rows) rmSync(row.dir, { recursive: true, force: true });
