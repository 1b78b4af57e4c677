import { describe, expect, it } from 'vitest';
import { df, linesOf, lintText } from '../lint/helpers.js';

describe('lint R14: the final stage runs as a numeric non-root user', () => {
  it('no USER, USER root, USER 0:0 are errors; a user name is a warning', () => {
    expect(linesOf('root-user', df('FROM alpine:3.20 AS app', 'CMD ["app"]'))).toEqual([1]);
    expect(linesOf('root-user', df('FROM alpine:3.20', 'USER 1000', 'USER root'))).toEqual([3]);
    expect(linesOf('root-user', df('FROM alpine:3.20', 'USER 0:0'))).toEqual([2]);
    const named = lintText(df('FROM node:22-slim', 'USER node'));
    expect(named.filter((f) => f.rule === 'R14').map((f) => [f.check, f.severity])).toEqual([['user-not-numeric', 'warning']]);
  });

  it('only the final stage counts, and it inherits USER from its parent stage', () => {
    const text = df('FROM node:22-slim AS base', 'USER 1000:1000', 'FROM base AS runtime', 'CMD ["node", "s.js"]');
    expect(linesOf('root-user', text)).toEqual([]);
    expect(linesOf('root-user', df('FROM golang:1.23 AS build', 'RUN go build', 'FROM alpine:3.20 AS runtime', 'USER 10001'))).toEqual([]);
  });

  it('base images whose default user is non-root: distroless :nonroot, Chainguard, nginx-unprivileged', () => {
    expect(linesOf('root-user', df('FROM gcr.io/distroless/static-debian12:nonroot'))).toEqual([]);
    expect(linesOf('root-user', df('FROM gcr.io/distroless/nodejs22-debian12:debug-nonroot'))).toEqual([]);
    expect(linesOf('root-user', df('FROM nginxinc/nginx-unprivileged:1.27-alpine'))).toEqual([]);
    expect(linesOf('root-user', df('FROM gcr.io/distroless/static-debian12:latest'))).toEqual([1]);
  });

  it('resolves USER from an ARG default', () => {
    expect(linesOf('user-not-numeric', df('FROM alpine:3.20', 'ARG UID=10001', 'USER ${UID}'))).toEqual([]);
    expect(linesOf('root-user', df('FROM alpine:3.20', 'ARG UID=0', 'USER $UID'))).toEqual([3]);
    expect(linesOf('user-not-numeric', df('FROM alpine:3.20', 'ARG UID', 'USER ${UID}'))).toEqual([3]);
  });
});

describe('lint R2: PID 1', () => {
  const base = (...lines: string[]) => df('FROM node:22-slim', 'USER 1000', ...lines);

  it('shell-form CMD/ENTRYPOINT in the final stage', () => {
    expect(linesOf('shell-form', base('CMD node server.js'))).toEqual([3]);
    expect(linesOf('shell-form', base('ENTRYPOINT /app/run'))).toEqual([3]);
    const execs = lintText(base('CMD exec node server.js')).find((f) => f.check === 'shell-form');
    expect(execs?.severity).toBe('warning');
    // An earlier stage's CMD does not run.
    expect(linesOf('shell-form', df('FROM node:22-slim AS test', 'CMD npm test', 'FROM node:22-slim AS app', 'USER 1000', 'CMD ["node", "s.js"]'))).toEqual([]);
  });

  it('a package manager as the final command, also behind tini or sh -c', () => {
    expect(linesOf('pm-start', base('CMD ["npm", "start"]'))).toEqual([3]);
    expect(linesOf('pm-start', base('CMD ["yarn", "start"]'))).toEqual([3]);
    expect(linesOf('pm-start', base('ENTRYPOINT ["tini", "--"]', 'CMD ["npm", "run", "serve"]'))).toEqual([4]);
    expect(linesOf('pm-start', base('CMD ["sh", "-c", "npx prisma migrate deploy && npm start"]'))).toEqual([3]);
    expect(linesOf('pm-start', base('CMD ["pnpm", "start"]'))).toEqual([3]);
  });

  it('Node.js or Python as PID 1 without an init', () => {
    expect(linesOf('no-init', base('CMD ["node", "server.js"]'))).toEqual([3]);
    expect(linesOf('no-init', df('FROM python:3.12-slim', 'USER 10001', 'CMD ["python", "-m", "app"]'))).toEqual([3]);
    expect(linesOf('no-init', df('FROM python:3.12-slim', 'USER 10001', 'ENTRYPOINT ["python3.12", "main.py"]'))).toEqual([3]);
  });

  it('Bun as PID 1 without an init (it ignores SIGTERM there, measured), but not under tini or as an installer', () => {
    const bun = (...lines: string[]) => df('FROM oven/bun:1.4.5-slim', 'USER 1000:1000', ...lines);
    expect(linesOf('no-init', bun('CMD ["bun", "src/index.ts"]'))).toEqual([3]);
    expect(linesOf('no-init', bun('ENTRYPOINT ["/usr/local/bin/bun", "run", "server.ts"]'))).toEqual([3]);
    expect(linesOf('no-init', bun('ENTRYPOINT ["/usr/bin/tini", "--"]', 'CMD ["bun", "src/index.ts"]'))).toEqual([]);
    // `bun start` is a package manager running a script: pm-start, not no-init.
    expect(linesOf('pm-start', bun('ENTRYPOINT ["tini", "--"]', 'CMD ["bun", "start"]'))).toEqual([4]);
    expect(linesOf('no-init', bun('ENTRYPOINT ["tini", "--"]', 'CMD ["bun", "start"]'))).toEqual([]);
    // A correct Bun image lints clean: the bun user by id, tini, a pinned slim tag.
    const correct = df(
      'ARG BUN_VERSION=1.4.5',
      'FROM oven/bun:${BUN_VERSION}-slim AS runtime',
      'WORKDIR /app',
      'RUN apt-get update \\',
      '    && apt-get install -y --no-install-recommends tini \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'COPY . .',
      'USER 1000:1000',
      'ENTRYPOINT ["/usr/bin/tini", "--"]',
      'CMD ["bun", "index.ts"]',
    );
    expect(lintText(correct).filter((f) => f.rule === 'R2' || f.rule === 'R14' || f.rule === 'R18').map((f) => f.check)).toEqual([]);
  });

  it('tini, dumb-init, the official entrypoint script, servers and Go binaries are fine', () => {
    expect(linesOf('no-init', base('ENTRYPOINT ["/usr/bin/tini", "--"]', 'CMD ["node", "server.js"]'))).toEqual([]);
    expect(linesOf('no-init', base('ENTRYPOINT ["dumb-init", "--"]', 'CMD ["node", "server.js"]'))).toEqual([]);
    expect(linesOf('no-init', base('ENTRYPOINT ["/sbin/tini", "-g", "--", "node", "server.js"]'))).toEqual([]);
    expect(linesOf('no-init', df('FROM python:3.12-slim', 'USER 10001', 'CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]'))).toEqual([]);
    expect(linesOf('no-init', df('FROM gcr.io/distroless/static-debian12:nonroot', 'ENTRYPOINT ["/app"]'))).toEqual([]);
    // tini in a parent stage's ENTRYPOINT, CMD in the final stage.
    const inherited = df('FROM node:22-slim AS base', 'ENTRYPOINT ["tini", "--"]', 'FROM base AS app', 'USER 1000', 'CMD ["node", "s.js"]');
    expect(lintText(inherited).filter((f) => f.rule === 'R2')).toEqual([]);
  });

  it('a CMD of the parent stage is reset by a new ENTRYPOINT', () => {
    const text = df('FROM node:22-slim AS base', 'CMD npm start', 'FROM base AS app', 'USER 1000', 'ENTRYPOINT ["/app/bin/server"]');
    expect(lintText(text).filter((f) => f.rule === 'R2')).toEqual([]);
  });
});

describe('lint R10: compilers in the shipped image', () => {
  it('a single-stage image on a toolchain base', () => {
    expect(linesOf('toolchain-in-final', df('FROM golang:1.23', 'COPY . .', 'RUN go build -o /app', 'CMD ["/app"]'))).toEqual([1]);
    expect(linesOf('toolchain-in-final', df('FROM eclipse-temurin:21-jdk', 'CMD ["java", "-jar", "app.jar"]'))).toEqual([1]);
  });

  it('compilers installed and kept in the final stage', () => {
    const text = df('FROM python:3.12-slim', 'RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*');
    expect(linesOf('toolchain-in-final', text)).toEqual([2]);
  });

  it('builder stages, runtime images and build deps removed in the same RUN are fine', () => {
    expect(linesOf('toolchain-in-final', df('FROM golang:1.23 AS build', 'RUN go build -o /app', 'FROM gcr.io/distroless/static-debian12:nonroot AS runtime', 'COPY --from=build /app /app'))).toEqual([]);
    expect(linesOf('toolchain-in-final', df('FROM eclipse-temurin:21-jre'))).toEqual([]);
    const virtual = df('FROM python:3.12-alpine', 'RUN apk add --no-cache --virtual .build-deps gcc musl-dev && pip install --no-cache-dir psycopg2 && apk del .build-deps');
    expect(linesOf('toolchain-in-final', virtual)).toEqual([]);
  });
});
