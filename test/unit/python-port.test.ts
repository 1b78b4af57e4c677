import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import type { PythonStart } from '../../src/detect/python/start.js';
import { planRunTimePort } from '../../src/plan/python-port.js';
import type { PythonPlan } from '../../src/plan/types.js';

const start = (argv: string[], extra: Partial<PythonStart> = {}): PythonStart => ({ argv, server: 'other', needsProjectInstall: false, ...extra });
const plan = (files: Record<string, string>, options = {}) => generate(new MemoryFs(files), '/x/app', options).plan as PythonPlan;
const hasPython = spawnSync('python3', ['-c', 'pass']).status === 0;

/** Runs a launcher command with `echo`-like programs in place of the server, as the image would. */
function run(argv: string[], env: Record<string, string | undefined>): string {
  const [, flag, code, ...rest] = argv;
  const clean = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
  const result = spawnSync('python3', [flag!, code!, ...rest], { env: clean, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout.trim();
}

describe('servers that take their port from a flag or a variable of their own listen on PORT at run time', () => {
  it('uvicorn without a port of its own gets --port from PORT, not a fixed UVICORN_PORT', () => {
    const served = planRunTimePort(start(['uvicorn', 'main:app'], { server: 'uvicorn' }), 8000, 8000);
    expect(served.argv.slice(0, 2)).toEqual(['python', '-c']);
    expect(served.argv.slice(3)).toEqual(['uvicorn', 'main:app', '--port', '$PORT']);
    const built = plan({ 'requirements.txt': 'fastapi==0.118.0\nuvicorn==0.37.0\n', 'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' });
    expect(built.runtimeEnv).toContainEqual(['UVICORN_HOST', '0.0.0.0']);
    expect(built.runtimeEnv.map(([name]) => name)).not.toContain('UVICORN_PORT');
  });

  it('a port written in the command is the project\'s choice: no launcher', () => {
    const served = planRunTimePort(start(['uvicorn', 'main:app', '--port', '9000'], { server: 'uvicorn', port: 9000 }), 9000, 8000);
    expect(served).toEqual({ argv: ['uvicorn', 'main:app', '--port', '9000'], server: ['uvicorn', 'main:app', '--port', '9000'], env: [], notes: [] });
    expect(planRunTimePort(start(['uvicorn', 'main:app', '--uds', '/tmp/s'], { server: 'uvicorn' }), 8000, 8000).argv).toEqual(['uvicorn', 'main:app', '--uds', '/tmp/s']);
  });

  it('gunicorn binds 0.0.0.0:$PORT by itself: its command stays as it is', () => {
    const built = plan({ 'requirements.txt': 'flask==3.1.2\ngunicorn==23.0.0\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    expect(JSON.parse(built.cmd)).toEqual(['gunicorn', 'app:app']);
    expect(built.runtimeEnv).toContainEqual(['PORT', '5000']);
    expect(built.processNotes ?? []).toEqual([]);
  });

  it('a worker (no port) gets the markers replaced by the default, and no launcher', () => {
    expect(planRunTimePort(start(['tool', '--port', '${PORT}'], { worker: true }), undefined, 8000)).toEqual({ argv: ['tool', '--port', '8000'], server: ['tool', '--port', '8000'], env: [], notes: [] });
  });

  it('variables that carry the port are set by the launcher, not by ENV; the others stay', () => {
    const served = planRunTimePort(start(['python', 'app.py'], { env: [['GRADIO_SERVER_NAME', '0.0.0.0'], ['GRADIO_SERVER_PORT', '${PORT}']] }), 7860, 8000);
    expect(served.env).toEqual([['GRADIO_SERVER_NAME', '0.0.0.0']]);
    expect(served.argv[2]).toContain("os.environ['GRADIO_SERVER_PORT'] = port");
    expect(served.notes.join(' ')).toMatch(/else on 7860:.*GRADIO_SERVER_PORT/);
  });

  it('the Dockerfile says why, above an exec-form CMD under tini', () => {
    const text = generate(new MemoryFs({ 'requirements.txt': 'streamlit==1.67.0\n', 'main.py': 'import streamlit as st\n' }), '/x/app', {}).files[0]!.content;
    expect(text).toMatch(/# The server listens on PORT when the platform sets it .* else on 8501:\n# python -c puts it into "\$PORT" in the command and execs the server.*\nENTRYPOINT \["\/usr\/bin\/tini", "--"\]\nCMD \["python", "-c", /);
  });

  it.skipIf(!hasPython)('the launcher puts PORT (else the fallback) into the arguments and variables, then execs the command', () => {
    const flags = planRunTimePort(start(['python3', '-c', 'import sys; print(" ".join(sys.argv[1:]))', '--port', '${PORT}', '--x=${PORT}']), 8501, 8000);
    expect(run(flags.argv, { PORT: '9123' })).toBe('--port 9123 --x=9123');
    expect(run(flags.argv, { PORT: undefined })).toBe('--port 8501 --x=8501');
    expect(run(flags.argv, { PORT: '' })).toBe('--port 8501 --x=8501');
    const variable = planRunTimePort(start(['python3', '-c', 'import os; print(os.environ["GRADIO_SERVER_PORT"], os.getpid())'], { env: [['GRADIO_SERVER_PORT', '${PORT}']] }), 7860, 8000);
    expect(run(variable.argv, { PORT: '9124' })).toMatch(/^9124 \d+$/);
  });

  it.skipIf(!hasPython)('execs: the server takes over the launcher\'s process (PID 1 stays one process under tini)', () => {
    const served = planRunTimePort(start(['python3', '-c', 'import os; print(os.getpid(), os.getppid())', '${PORT}']), 8000, 8000);
    const inner = run(served.argv, { PORT: '1' }).split(' ').map(Number);
    // The launcher's own pid is the server's: spawnSync's child printed its own pid and its parent (this process).
    expect(inner[1]).toBe(process.pid);
  });
});
