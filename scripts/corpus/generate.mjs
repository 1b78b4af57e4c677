// Runs dockgen on one corpus project, as a new user would (`dockgen <dir> --yes`), on a copy: the
// corpus is read-only and a run must never change it. Classifies the result.
import { spawn } from 'node:child_process';
import fse from 'fs-extra';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'dockgen.js');
/** A run that takes longer is a hang, whatever the project: dockgen reads a few files. */
const TIMEOUT_MS = 30_000;

/** Runs the CLI; resolves with its exit code (null on a signal), output and whether it timed out. */
export function runCli(args, cwd = ROOT) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, CI: 'true', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut: signal === 'SIGKILL' });
    });
  });
}

/** The argv of an exec-form JSON array as rendered in the plan ('["node", "server.js"]'). */
function argv(execForm) {
  try {
    const parsed = JSON.parse(execForm ?? 'null');
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The message of a refusal: stderr without the "error:" prefix, on one line. */
function refusal(stderr) {
  return stderr.trim().replace(/^error:\s*/i, '').replace(/\s*\n\s*/g, ' ⏎ ');
}

/**
 * Copies `source` to `work`/<name>, runs `dockgen --yes --json` there and, when it planned an
 * image, writes the files (for lint and --build). Returns one result row.
 */
export async function generateOne(name, source, work) {
  const dir = join(work, name);
  fse.copySync(source, dir);
  const run = await runCli([dir, '--yes', '--no-save', '--json']);
  const row = { name, dir };
  if (run.timedOut) return { ...row, outcome: 'crashed', error: `no answer after ${TIMEOUT_MS / 1000} s` };
  if (run.code === 2 || run.code === 1) return { ...row, outcome: 'refused', exit: run.code, error: refusal(run.stderr) };
  if (run.code !== 0) return { ...row, outcome: 'crashed', exit: run.code ?? run.signal, error: refusal(run.stderr).slice(0, 400) };
  let output;
  try {
    output = JSON.parse(run.stdout);
  } catch {
    return { ...row, outcome: 'crashed', error: `--json printed no JSON: ${run.stdout.slice(0, 200)}` };
  }
  // --json writes nothing; the same answers again, written, give the files to lint and build.
  const write = await runCli([dir, '--yes', '--no-save', '--quiet']);
  if (write.code !== 0) return { ...row, outcome: 'crashed', error: `--json planned, but writing failed (${write.code}): ${refusal(write.stderr)}` };
  const plan = output.plan ?? {};
  const lint = await runCli(['lint', '--strict', '--format', 'json', join(dir, 'Dockerfile')]);
  return {
    ...row,
    outcome: 'written',
    stack: output.stack,
    cmd: [...(argv(plan.entrypoint) ?? []).filter((a) => !/(^|\/)tini$|^--$/.test(a)), ...(argv(plan.cmd) ?? [])],
    port: plan.port ?? null,
    warnings: (plan.warnings ?? []).length,
    lint: lint.code === 0 ? 'ok' : lintFindings(lint),
  };
}

/** The rule ids `dockgen lint --strict` reported, or its error. */
function lintFindings(lint) {
  try {
    const findings = JSON.parse(lint.stdout);
    const list = Array.isArray(findings) ? findings : findings.findings ?? [];
    return [...new Set(list.map((f) => f.rule ?? f.check))].join(',') || `exit ${lint.code}`;
  } catch {
    return `exit ${lint.code}: ${refusal(lint.stderr).slice(0, 200)}`;
  }
}
