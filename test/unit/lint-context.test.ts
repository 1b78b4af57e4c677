import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint/engine.js';
import { isSecretName } from '../../src/lint/rules-env.js';
import { parseIgnoreIds } from '../../src/lint/suppress.js';
import { df, linesOf, lintText } from '../lint/helpers.js';

describe('lint R16: secret-looking ARG/ENV names', () => {
  it('names that hold secrets, and names that only refer to one', () => {
    for (const name of ['NPM_TOKEN', 'GITHUB_TOKEN', 'DB_PASSWORD', 'dbPassword', 'AWS_SECRET_ACCESS_KEY', 'STRIPE_API_KEY', 'SECRET_KEY_BASE', 'OAUTH_CLIENT_SECRET', 'PRIVATE_KEY']) {
      expect(isSecretName(name), name).toBe(true);
    }
    for (const name of ['GPG_KEY', 'PASSWORD_FILE', 'DB_PASSWORD_FILE', 'TOKEN_URL', 'PWD', 'NODE_ENV', 'KEYCLOAK_URL', 'PUBLIC_KEY', 'AWS_ACCESS_KEY_ID', 'SECRET_NAME']) {
      expect(isSecretName(name), name).toBe(false);
    }
  });

  it('an ENV with a literal value is an error, an ARG a warning', () => {
    const findings = lintText(df('ARG NPM_TOKEN', 'FROM node:22-slim', 'ARG NPM_TOKEN', 'ENV API_KEY=abc123', 'ENV DB_PASSWORD=$DB_PASSWORD', 'ENV GPG_KEY=0123'));
    expect(findings.filter((f) => f.check === 'secret-name').map((f) => [f.line, f.severity])).toEqual([
      [1, 'warning'],
      [3, 'warning'],
      [4, 'error'],
      [5, 'warning'],
    ]);
  });
});

describe('lint R23/R16: .dockerignore', () => {
  const node = df('FROM node:22-slim', 'WORKDIR /app', 'COPY package.json package-lock.json ./', 'RUN npm ci', 'COPY . .');
  const good = ['.git', '**/node_modules', '**/.env', '**/.env.*', '!**/.env.example'].join('\n');

  it('missing .dockerignore', () => {
    expect(linesOf('dockerignore-missing', node, { dockerignore: null })).toEqual([1]);
    expect(linesOf('dockerignore-missing', node)).toEqual([]);
  });

  it('a complete one passes', () => {
    expect(lintText(node, { dockerignore: good }).filter((f) => f.rule === 'R23' || f.rule === 'R16')).toEqual([]);
  });

  it('lacking .git, .env files or node_modules (Node only), .venv (Python only)', () => {
    const findings = lintText(node, { dockerignore: 'node_modules\n' });
    expect(findings.filter((f) => f.file === '.dockerignore').map((f) => f.message)).toEqual(['.env, .env.local, .env.production not excluded', '.git is not excluded']);
    expect(lintText(node, { dockerignore: '.git\n.env*\n' }).map((f) => f.message)).toContain('node_modules is not excluded');
    const python = df('FROM python:3.12-slim', 'COPY requirements.txt ./', 'RUN pip install --no-cache-dir -r requirements.txt');
    expect(lintText(python, { dockerignore: '.git\n.env*\n' }).map((f) => f.message)).toEqual(expect.arrayContaining(['.venv is not excluded']));
    expect(lintText(python, { dockerignore: '.git\n.env*\n' }).map((f) => f.message)).not.toContain('node_modules is not excluded');
  });

  it('excluding a lockfile the build copies is an error; one that merely exists, a warning', () => {
    const copied = lintText(node, { dockerignore: `${good}\n*.lock\npackage-lock.json\n` }).filter((f) => f.check === 'dockerignore-needed');
    expect(copied.map((f) => [f.line, f.severity])).toEqual([[7, 'error']]);
    const yarn = df('FROM node:22-slim', 'COPY package*.json yarn.lock* ./', 'RUN yarn install --frozen-lockfile');
    const existing = lintText(yarn, { dockerignore: `${good}\nyarn.lock\n`, files: ['yarn.lock'] }).filter((f) => f.check === 'dockerignore-needed');
    expect(existing.map((f) => f.severity)).toEqual(['warning']);
  });

  it('excluding vendor/ of a Go project that vendors', () => {
    const go = df('FROM golang:1.23 AS build', 'COPY . .', 'RUN go build -mod=vendor -o /app', 'FROM scratch AS runtime', 'COPY --from=build /app /app', 'USER 65532');
    expect(linesOf('dockerignore-needed', go, { dockerignore: '.git\n.env*\nvendor\n', files: ['vendor/modules.txt'] })).toEqual([3]);
    expect(linesOf('dockerignore-needed', go, { dockerignore: '.git\n.env*\n' , files: ['vendor/modules.txt'] })).toEqual([]);
  });
});

describe('lint suppressions', () => {
  const text = df('FROM node:22-slim', 'USER 1000', '# dockgen-ignore R2', 'CMD node server.js', '# why: the image is only used for tests', '# dockgen-ignore cd-in-run, R21 -- a reason', 'RUN cd /tmp \\', '    && touch x');

  it('a comment block directly above the instruction silences the named rules or checks', () => {
    const findings = lintText(text);
    expect(findings.filter((f) => f.rule === 'R2')).toEqual([]);
    expect(findings.filter((f) => f.check === 'cd-in-run')).toEqual([]);
    expect(lintText(text.replace('# dockgen-ignore R2', '# dockgen-ignore R7')).filter((f) => f.check === 'shell-form').length).toBe(1);
  });

  it('--ignore drops rules and checks everywhere; .dockerignore comments apply to that file', () => {
    const plain = df('FROM node:latest', 'CMD node x.js');
    expect(lintText(plain, { ignore: ['R18', 'shell-form', 'root-user'] }).map((f) => f.check)).toEqual([]);
    const findings = lint({ dockerfilePath: 'Dockerfile', dockerfile: df('FROM node:22-slim', 'USER 1000'), dockerignore: { path: '.dockerignore', text: '# dockgen-ignore R23 R16\nnode_modules\n' } });
    expect(findings.filter((f) => f.file === '.dockerignore')).toEqual([]);
  });

  it('parses ids after the marker until a reason', () => {
    expect(parseIgnoreIds('dockgen-ignore R7,R12 apt-lists -- cached elsewhere')).toEqual(['R7', 'R12', 'apt-lists']);
    expect(parseIgnoreIds('not a marker R7')).toEqual([]);
  });
});
