import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyProject } from './helpers/fixtures.js';

/**
 * Drives the built CLI through a pseudo-terminal, answering as a person would. `script` (util-linux,
 * in every Debian) provides the terminal; the suite is skipped where it is missing.
 */
const BIN = join(import.meta.dirname, '..', 'bin', 'dockgen.js');
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function project(files: Record<string, string> | string): string {
  const parent = mkdtempSync(join(tmpdir(), 'dockgen-pty-'));
  made.push(parent);
  // The same folder name every time: the project name in the Dockerfile's header comes from it.
  const dir = join(parent, 'app');
  if (typeof files === 'string') {
    copyProject(files, dir);
  } else {
    mkdirSync(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Runs dockgen on a terminal; each [prompt text, keys] pair types the keys once the text appears. */
function onTerminal(args: string[], answers: Array<[string, string]>): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...process.env, CI: '', NO_COLOR: '1', TERM: 'xterm' } });
  let output = '';
  let next = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const answer = answers[next];
    if (answer && output.includes(answer[0])) {
      next++;
      setTimeout(() => child.stdin.write(answer[1]), 100);
    }
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill(), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output: output.replace(/\u001b\[[0-9;?]*[a-zA-Z]/g, '') });
    });
  });
}

/** The questions about files besides the Dockerfile, answered with Enter (none written, as with --yes);
 *  a HEALTHCHECK path is asked first for a server whose image can run a probe. */
const COMPANIONS: Array<[string, string]> = [['(--compose)', '\r'], ['(--k8s)', '\r'], ['(--readme)', '\r']];
const SERVER_COMPANIONS: Array<[string, string]> = [['(--healthcheck)', '\r'], ...COMPANIONS];

const files = (dir: string) => ['Dockerfile', '.dockerignore', 'dockgen.json'].map((name) => readFileSync(join(dir, name), 'utf8'));

describe.skipIf(!hasScript)('dockgen on a terminal', () => {
  // Two scripts at the root, neither a conventional entry name: nothing says which one is the app.
  const worker = { 'requirements.txt': 'requests==2.32.4\n', 'job.py': 'print("done")\n', 'report.py': 'print("report")\n' };

  it('asks for the start command it cannot detect; the answer gives the same files as the flag', async () => {
    const asked = project(worker);
    const run = await onTerminal([asked], [['Start command', 'python job.py\r'], ['Port', '\r'], ['Python version', '\r'], ['PID 1', '\r'], ...COMPANIONS]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/created\s+Dockerfile/);
    const flagged = project(worker);
    expect(spawnSync(process.execPath, [BIN, flagged, '--yes', '--cmd', 'python job.py']).status).toBe(0);
    expect(files(asked)).toEqual(files(flagged));
  });

  it('offers the Go main packages and builds the one chosen, like --main', async () => {
    const asked = project('go-cmd-several');
    const run = await onTerminal([asked], [['Main package to build', '\u001b[B\r'], ['Port', '\r'], ['Go version', '\r'], ['Runtime image', '\r'], ['PID 1', '\r'], ...COMPANIONS]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/Main package to build \(--main\): \.\/cmd\/worker/);
    const flagged = project('go-cmd-several');
    expect(spawnSync(process.execPath, [BIN, flagged, '--yes', '--main', './cmd/worker']).status).toBe(0);
    expect(files(asked)).toEqual(files(flagged));
  });

  it('on an existing, different file: shows the diff on request, then keeps it when told to', async () => {
    const dir = project(worker);
    expect(spawnSync(process.execPath, [BIN, dir, '--yes', '--cmd', 'python job.py']).status).toBe(0);
    const edited = readFileSync(join(dir, 'Dockerfile'), 'utf8').replace('USER 10001:10001', 'USER 10001:10001\nENV EDITED=1');
    writeFileSync(join(dir, 'Dockerfile'), edited);
    const recorded = readFileSync(join(dir, 'dockgen.json'), 'utf8');
    // The start command recorded in dockgen.json is offered prefilled; a port is added.
    const run = await onTerminal([dir], [['Start command', '\r'], ['Port', '9000\r'], ['Python version', '\r'], ['PID 1', '\r'], ...SERVER_COMPANIONS, ['exists and differs', '\r'], ['+++ Dockerfile (dockgen)', '\u001b[B\u001b[B\u001b[B\r']]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/^-ENV EDITED=1/m);
    expect(run.output).toMatch(/kept\s+Dockerfile/);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(edited);
    // The kept Dockerfile does not match the new answers: they are not recorded (--check stays true to disk).
    expect(run.output).toMatch(/dockgen\.json was not updated/);
    expect(readFileSync(join(dir, 'dockgen.json'), 'utf8')).toBe(recorded);
  });

  it('shows the facts, offers detected values prefilled; changed answers give the same files as flags', async () => {
    const asked = project('node-express-npm');
    const run = await onTerminal([asked], [
      ['Start command', '\r'],
      ['Port the app listens on', '\u0015 8081\r'],
      ['Node.js version', '\r'],
      ['PID 1', '\u001b[B\r'],
      ...SERVER_COMPANIONS,
    ]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/detected a Node.js project/);
    expect(run.output).toMatch(/← package-lock\.json/);
    const flagged = project('node-express-npm');
    expect(spawnSync(process.execPath, [BIN, flagged, '--yes', '--port', '8081', '--init', 'none']).status).toBe(0);
    expect(files(asked)).toEqual(files(flagged));
    expect(JSON.parse(files(asked)[2]!)).toMatchObject({ stack: 'node', port: 8081, init: 'none' });
    expect(Object.keys(JSON.parse(files(asked)[2]!))).toEqual(['stack', 'port', 'init', 'generated']);
    // A second, non-interactive run from the recorded answers writes the very same files.
    const before = files(asked);
    expect(spawnSync(process.execPath, [BIN, asked, '--yes']).status).toBe(0);
    expect(files(asked)).toEqual(before);
  });

  it('Ctrl-C at a question exits 130 and writes nothing', async () => {
    const dir = project(worker);
    const run = await onTerminal([dir], [['Start command', '\u0003']]);
    expect(run.code).toBe(130);
    expect(existsSync(join(dir, 'Dockerfile'))).toBe(false);
    expect(existsSync(join(dir, 'dockgen.json'))).toBe(false);
  });

  it('says up front that a Dockerfile will be compared, warns about end of life at the version question, says why PID 1 is preselected, and keeps a backup', async () => {
    const dir = project('python-pipenv-eol');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM python:3.8\nCMD python app.py\n');
    const run = await onTerminal([dir], [['Start command', '\r'], ['Port', '\r'], ['Python version', '\r'], ['PID 1', '\r'], ...SERVER_COMPANIONS, ['exists and differs', '\u001b[B\r']]);
    expect(run.code, run.output).toBe(0);
    const at = (text: string | RegExp) => run.output.search(typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : text);
    expect(at('Dockerfile already exists here: after the questions dockgen compares it')).toBeGreaterThan(-1);
    expect(at('Dockerfile already exists here')).toBeLessThan(at('Start command (--cmd)'));
    // The end-of-life warning comes with the version question, before it is answered.
    expect(at(/warning: Python 3\.8 .* reached its end of life/)).toBeGreaterThan(at('Port the app listens on'));
    expect(at(/warning: Python 3\.8 .* reached its end of life/)).toBeLessThan(at('Python version (--python-version)'));
    expect(run.output).toMatch(/PID 1 \(--init\); Python ignores SIGTERM as PID 1:/);
    expect(run.output).toMatch(/created\s+Dockerfile\.orig/);
    expect(readFileSync(join(dir, 'Dockerfile.orig'), 'utf8')).toBe('FROM python:3.8\nCMD python app.py\n');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toMatch(/^# Dockerfile for app \(Python/);
    // The new Dockerfile is recorded as dockgen's; the backup is not.
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'dockgen.json'), 'utf8')).generated)).toEqual(['Dockerfile', '.dockerignore']);
  }, 30_000);
});
