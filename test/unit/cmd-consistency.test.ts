import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { lint } from '../../src/lint/engine.js';
import { parseGenerateFlags, type RawGenerateFlags } from '../../src/options.js';

/** What generation writes for a flag, it also accepts in its own lint; and flags get the same checks everywhere. */
const run = (files: Record<string, string>, flags: RawGenerateFlags) => generate(new MemoryFs(files), '/tmp/app', parseGenerateFlags(flags));
const dockerfileOf = (files: Record<string, string>, flags: RawGenerateFlags) => run(files, flags).files.find((f) => f.path === 'Dockerfile')!.content;

const express = {
  'package.json': JSON.stringify({ name: 'api', scripts: { start: 'node server.js', dev: 'nodemon server.js', shelly: 'node a.js && node b.js' }, dependencies: { express: '4' } }),
  'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'api', dependencies: { express: '4' } }, 'node_modules/express': { version: '4.21.2' } } }),
  'server.js': "require('express')().listen(process.env.PORT || 3000);\n",
};
const flask = { 'requirements.txt': 'flask==3.1.2\ngunicorn==23.0.0\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' };

describe('--cmd "npm start" and other package-manager commands', () => {
  it.each(['npm start', 'npm run start', 'yarn start'])('%s becomes the command the start script runs, which lint accepts', (cmd) => {
    const dockerfile = dockerfileOf(express, { cmd });
    expect(dockerfile).toMatch(/^CMD \["node", "server\.js"\]$/m);
    const findings = lint({ dockerfilePath: 'Dockerfile', dockerfile });
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    // What was written before: lint's error.
    const typed = dockerfile.replace('CMD ["node", "server.js"]', 'CMD ["npm", "start"]');
    expect(lint({ dockerfilePath: 'Dockerfile', dockerfile: typed }).map((f) => f.check)).toContain('pm-start');
  });

  it('another script, or npx, is refused with the reason and what to pass', () => {
    expect(() => run(express, { cmd: 'npm run dev' })).toThrow(expect.objectContaining({
      message: expect.stringMatching(/would run npm as the container's long-running process.*`dockgen lint` rejects \(R2\)/),
      hint: expect.stringMatching(/scripts\.dev/),
    }));
    expect(() => run(express, { cmd: 'npx serve' })).toThrow(/would run npx/);
    const noScript = { ...express, 'package.json': JSON.stringify({ name: 'api', dependencies: { express: '4' } }) };
    expect(() => run(noScript, { cmd: 'npm start' })).toThrow(/no "start" script that runs without a shell/);
  });
});

describe('--cmd on a Python app', () => {
  it('python app.py on the Flask app keeps the framework port', () => {
    const generation = run(flask, { cmd: 'python app.py' });
    expect(generation.plan.port).toBe(5000);
    const dockerfile = generation.files[0]!.content;
    expect(dockerfile).toMatch(/^EXPOSE 5000$/m);
    expect(dockerfile).toMatch(/^ENV PORT=5000$/m);
    // Another script is no web server of the framework's: no port guessed.
    expect(run({ ...flask, 'worker.py': 'print(1)\n' }, { cmd: 'python worker.py' }).plan.port).toBeUndefined();
  });

  it('--init none with gunicorn or uvicorn gives no SIGTERM warning; a plain script still does', () => {
    const gunicorn = run(flask, { init: 'none' });
    expect(gunicorn.plan.warnings.join('\n')).not.toMatch(/ignores SIGTERM/);
    expect(gunicorn.files[0]!.content).toMatch(/^# gunicorn is PID 1 \(--init none\): it stops gracefully on SIGTERM and reaps its workers \(R2\)\.$/m);
    const script = run({ ...flask, 'worker.py': 'print(1)\n' }, { init: 'none', cmd: 'python worker.py' });
    expect(script.plan.warnings.join('\n')).toMatch(/ignores SIGTERM there unless the app installs a handler/);
  });
});

describe('--cmd naming a file', () => {
  it('warns when the file is not in the project and no build makes it', () => {
    expect(run(express, { cmd: 'node servr.js' }).plan.warnings.join('\n')).toMatch(/--cmd runs servr\.js, which is not in the project and no build step makes it/);
    expect(run(flask, { cmd: 'python ap.py' }).plan.warnings.join('\n')).toMatch(/--cmd runs ap\.py, which is not in the project:/);
  });

  it('stays quiet for files that exist, that the build makes, and for commands that name no file', () => {
    const built = { ...express, 'package.json': JSON.stringify({ name: 'api', scripts: { build: 'tsc' }, dependencies: { express: '4' } }), 'src/server.ts': '' };
    for (const [files, cmd] of [[express, 'node server.js'], [built, 'node dist/server.js'], [flask, 'python -m flask run'], [flask, 'gunicorn app:app']] as const) {
      expect(run(files, { cmd }).plan.warnings.join('\n'), cmd).not.toMatch(/--cmd runs/);
    }
  });
});
