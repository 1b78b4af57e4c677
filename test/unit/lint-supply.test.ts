import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint/engine.js';
import { endOfLife } from '../../src/versions/end-of-life.js';
import { runCli, tempProjects } from '../helpers/cli.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DIGEST = `sha256:${'c'.repeat(64)}`;
const DOCKERFILE = [
  'ARG PY=3.8.20',
  'FROM python:${PY}-slim-bookworm AS build',
  `FROM registry.example.com/base/node:18.20.8-bookworm-slim@${DIGEST} AS runtime`,
  'FROM build AS again',
  'FROM scratch AS empty',
  `FROM golang:1.27.3-trixie@${DIGEST} AS go`,
  'USER 1000',
  'CMD ["node", "server.js"]',
  '',
].join('\n');

function checks(enable: string[], today = '2026-12-07'): string[] {
  return lint({ dockerfilePath: 'Dockerfile', dockerfile: DOCKERFILE }, { enable, today })
    .filter((f) => f.check === 'from-digest' || f.check === 'eol-runtime')
    .map((f) => `${f.line} ${f.check}: ${f.message}`);
}

describe('opt-in lint checks', () => {
  it('are off unless enabled', () => {
    expect(checks([])).toEqual([]);
  });

  it('from-digest: every pulled image without @sha256, not stages or scratch', () => {
    expect(checks(['from-digest'])).toEqual(['2 from-digest: FROM python:3.8.20-slim-bookworm is not pinned to a digest']);
  });

  it('eol-runtime: lines past their end of life on the given day, mirrors included', () => {
    expect(checks(['eol-runtime'])).toEqual([
      '2 eol-runtime: FROM python:3.8.20-slim-bookworm: Python 3.8 reached its end of life in 2024-10 and gets no security fixes (table checked 2026-11-23)',
      `3 eol-runtime: FROM registry.example.com/base/node:18.20.8-bookworm-slim@${DIGEST}: Node.js 18 reached its end of life in 2025-04-30 and gets no security fixes (table checked 2026-11-23)`,
    ]);
    // Judged on the day: in 2024 Node.js 18 was supported.
    expect(checks(['eol-runtime'], '2024-06-01')).toEqual([]);
  });
});

describe('end-of-life table lookups', () => {
  const today = '2026-12-07';
  it('knows each runtime by its image and version', () => {
    expect(endOfLife('node', '20.20.2-bookworm-slim', today)).toMatchObject({ runtime: 'Node.js', line: '20', since: '2026-04-30' });
    expect(endOfLife('node', '22', today)).toBeUndefined();
    expect(endOfLife('node', '0.10.48', today)).toMatchObject({ line: '0.10', since: '2016-10-31' });
    expect(endOfLife('library/python', '3.9-slim', today)).toMatchObject({ runtime: 'Python', line: '3.9', since: '2025-10' });
    expect(endOfLife('python', '3.14.8-slim-trixie', today)).toBeUndefined();
    expect(endOfLife('python', '3', today)).toBeUndefined();
    expect(endOfLife('golang', '1.25.14-trixie', today)).toMatchObject({ runtime: 'Go', line: '1.25', since: '2026-08' });
    expect(endOfLife('golang', '1.26.10-trixie', today)).toBeUndefined();
  });

  it('judges lines older than the table as ended and newer ones as unknown', () => {
    expect(endOfLife('golang', '1.18-bullseye', today)).toMatchObject({ line: '1.18', since: 'before 1.20' });
    expect(endOfLife('golang', '1.30.0', today)).toBeUndefined();
    expect(endOfLife('python', '3.6.15-slim', today)).toMatchObject({ since: 'before 3.7' });
    expect(endOfLife('python', '3.20.0', today)).toBeUndefined();
    expect(endOfLife('node', '99.0.0', today)).toBeUndefined();
    expect(endOfLife('nginx', '1.0', today)).toBeUndefined();
    expect(endOfLife('node', 'lts-slim', today)).toBeUndefined();
  });
});

describe('dockgen lint --enable', () => {
  const projects = tempProjects('lint-enable');
  it('runs the named opt-in checks and refuses other names', () => {
    const dir = projects.empty();
    writeFileSync(join(dir, 'Dockerfile'), 'FROM node:22.23.3-bookworm-slim\nUSER 1000\nCMD ["node", "server.js"]\n');
    writeFileSync(join(dir, '.dockerignore'), 'node_modules\n.git\n**/.env\n**/.env.*\n');
    const off = runCli(['lint', join(dir, 'Dockerfile'), '--format', 'json']);
    expect(off.stdout).not.toContain('from-digest');
    const on = runCli(['lint', join(dir, 'Dockerfile'), '--enable', 'from-digest', '--format', 'json']);
    expect(JSON.parse(on.stdout).findings.map((f: { check: string }) => f.check)).toContain('from-digest');
    const strict = runCli(['lint', join(dir, 'Dockerfile'), '--enable', 'from-digest', '--strict', '--ignore', 'unnamed-stage,no-init']);
    expect(strict.code).toBe(1);
    const bad = runCli(['lint', join(dir, 'Dockerfile'), '--enable', 'apt-lists']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--enable: apt-lists is not an opt-in check.');
    expect(bad.stderr).toContain('from-digest, eol-runtime');
  });
});
