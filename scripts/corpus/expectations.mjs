// What a careful engineer expects for each corpus project, written from reading the project (not
// from dockgen's output), and the comparison of a run against it.
//
// scripts/corpus/expected/*.json: { "<project>": Expectation }, where Expectation is either
//   { "expect": "image", "stack": "node", "cmd": ["node", "server.js"], "port": "env" | 8080 | null,
//     "buildable": true, "why": "…" }
// or { "expect": "error", "why": "what is missing" }.
// cmd is the app's own process (no init, no package-manager wrapper); "port": "env" means the app
// listens on $PORT, so any port dockgen sets through ENV PORT is right; null means it listens on
// nothing (a worker or a one-shot).
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

export const EXPECTED_DIR = join(import.meta.dirname, 'expected');

export function loadExpectations(dir = EXPECTED_DIR) {
  const all = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    for (const [name, expectation] of Object.entries(JSON.parse(readFileSync(join(dir, file), 'utf8')))) {
      if (all[name]) throw new Error(`${name} is expected twice (second time in ${file})`);
      all[name] = expectation;
    }
  }
  return all;
}

/**
 * Whether dockgen's argv runs what the engineer named: each expected word appears in order, where a
 * path matches by its last segments (/usr/local/bin/api ≈ api, ./server.js ≈ server.js) and flags
 * dockgen adds for binding (--bind, --port …) are allowed in between.
 */
export function commandMatches(expected, actual) {
  const norm = (word) => word.replace(/^\.\//, '');
  let at = 0;
  for (const word of expected.map(norm)) {
    const found = actual.slice(at).findIndex((a) => {
      const candidate = norm(a);
      return candidate === word || candidate.endsWith(`/${word}`) || basename(candidate) === basename(word);
    });
    if (found < 0) return false;
    at += found + 1;
  }
  return true;
}

/** The disagreements between one result row and its expectation (empty: they agree). */
export function compare(row, expectation) {
  if (!expectation) return [];
  if (row.outcome === 'crashed') return [`crashed: ${row.error}`];
  if (expectation.expect === 'error') {
    return row.outcome === 'refused' ? [] : [`expected an error (${expectation.why}); wrote ${row.stack} ${JSON.stringify(row.cmd)}`];
  }
  if (row.outcome === 'refused') return [`expected an image (${expectation.why}); refused: ${row.error}`];
  const problems = [];
  if (expectation.stack && row.stack !== expectation.stack) problems.push(`stack ${row.stack}, expected ${expectation.stack}`);
  // A Go binary's name is dockgen's to choose (the module's or the folder's): only Go's main package choice matters, and the port.
  if (expectation.cmd && expectation.stack !== 'go' && !commandMatches(expectation.cmd, row.cmd)) problems.push(`command ${JSON.stringify(row.cmd)}, expected ${JSON.stringify(expectation.cmd)}`);
  if (expectation.port === null && row.port !== null) problems.push(`port ${row.port}, expected none`);
  if (expectation.port === 'env' && row.port === null) problems.push('no port, expected one from $PORT');
  if (typeof expectation.port === 'number' && row.port !== expectation.port) problems.push(`port ${row.port}, expected ${expectation.port}`);
  if (row.lint !== 'ok') problems.push(`dockgen lint --strict: ${row.lint}`);
  return problems;
}
