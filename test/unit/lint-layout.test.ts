import { describe, expect, it } from 'vitest';
import { df, linesOf } from '../lint/helpers.js';

const node = (...lines: string[]) => df('FROM node:22-slim', 'WORKDIR /app', ...lines);

describe('lint R5: manifests before the dependency install', () => {
  it('COPY . before the install in the same stage', () => {
    expect(linesOf('copy-before-install', node('COPY . .', 'RUN npm ci'))).toEqual([4]);
    expect(linesOf('copy-before-install', df('FROM python:3.12-slim', 'COPY ./ /srv/', 'RUN pip install --no-cache-dir -r /srv/requirements.txt'))).toEqual([3]);
    expect(linesOf('copy-before-install', df('FROM golang:1.23 AS build', 'COPY . .', 'RUN go mod download && go build -o /app'))).toEqual([3]);
  });

  it('manifests first, a project install after a dependency install, other stages and COPY --from are fine', () => {
    expect(linesOf('copy-before-install', node('COPY package.json package-lock.json ./', 'RUN npm ci', 'COPY . .', 'RUN npm run build'))).toEqual([]);
    const uv = df('FROM python:3.12-slim', 'COPY pyproject.toml uv.lock ./', 'RUN uv sync --frozen --no-install-project', 'COPY . .', 'RUN uv sync --frozen');
    expect(linesOf('copy-before-install', uv)).toEqual([]);
    expect(linesOf('copy-before-install', df('FROM python:3.12-slim', 'COPY . .', 'RUN pip install --no-cache-dir --no-deps .'))).toEqual([]);
    expect(linesOf('copy-before-install', node('COPY --from=build /app .', 'RUN npm ci'))).toEqual([]);
    expect(linesOf('copy-before-install', node('COPY pnpm-lock.yaml ./', 'RUN pnpm fetch --prod', 'COPY . .', 'RUN pnpm install -r --offline --prod'))).toEqual([]);
    expect(linesOf('copy-before-install', df('FROM node:22 AS src', 'COPY . .', 'FROM node:22 AS deps', 'COPY package.json package-lock.json ./', 'RUN npm ci'))).toEqual([]);
    // A named package is not the project's dependency install.
    expect(linesOf('copy-before-install', df('FROM python:3.12-slim', 'COPY . .', 'RUN pip install --no-cache-dir gunicorn'))).toEqual([]);
  });
});

describe('lint R12: COPY --chown instead of a chown RUN', () => {
  it('chown of what a COPY wrote', () => {
    expect(linesOf('chown-after-copy', node('COPY . .', 'RUN chown -R node:node /app'))).toEqual([4]);
    expect(linesOf('chown-after-copy', node('COPY . .', 'RUN chown -R node .'))).toEqual([4]);
    expect(linesOf('chown-after-copy', df('FROM alpine:3.20', 'COPY run.sh /usr/local/bin/run.sh', 'RUN chmod +x /usr/local/bin/run.sh && chown 1000 /usr/local/bin/run.sh'))).toEqual([3]);
  });

  it('a folder the RUN creates, COPY --chown, or another path are fine', () => {
    expect(linesOf('chown-after-copy', node('COPY . .', 'RUN mkdir -p /app/data && chown node:node /app/data'))).toEqual([]);
    expect(linesOf('chown-after-copy', node('COPY --chown=node:node . .', 'RUN chown -R node /app'))).toEqual([]);
    expect(linesOf('chown-after-copy', node('COPY . .', 'RUN chown -R node /var/cache/app'))).toEqual([]);
  });
});

describe('lint R21: ADD, WORKDIR and cd', () => {
  it('ADD of local files; archives and URLs are what ADD is for', () => {
    expect(linesOf('add-local', df('FROM alpine:3.20', 'ADD app.py /app/'))).toEqual([2]);
    expect(linesOf('add-local', df('FROM alpine:3.20', 'ADD rootfs.tar.gz /', 'ADD https://example.com/x.tgz /tmp/'))).toEqual([]);
  });

  it('relative WORKDIR, unless an absolute one came before (here or in a parent stage)', () => {
    expect(linesOf('workdir-relative', df('FROM alpine:3.20', 'WORKDIR app'))).toEqual([2]);
    expect(linesOf('workdir-relative', df('FROM alpine:3.20', 'WORKDIR /srv', 'WORKDIR app'))).toEqual([]);
    expect(linesOf('workdir-relative', df('FROM alpine:3.20 AS base', 'WORKDIR /srv', 'FROM base AS b', 'WORKDIR app'))).toEqual([]);
    expect(linesOf('workdir-relative', df('FROM alpine:3.20', 'WORKDIR $HOME/app'))).toEqual([]);
  });

  it('cd in RUN, but not in a subshell or inside a string', () => {
    expect(linesOf('cd-in-run', df('FROM alpine:3.20', 'RUN cd /src && make'))).toEqual([2]);
    expect(linesOf('cd-in-run', df('FROM alpine:3.20', 'RUN (cd web && npm ci) && (cd api && npm ci)'))).toEqual([]);
    expect(linesOf('cd-in-run', df('FROM alpine:3.20', 'RUN echo "cd /tmp && ls"'))).toEqual([]);
  });
});

describe('lint D5: pipes and pipefail', () => {
  it('a pipe without pipefail', () => {
    expect(linesOf('pipefail', df('FROM debian:12-slim', 'RUN curl -fsSL https://example.com/install.sh | sh'))).toEqual([2]);
  });

  it('SHELL with pipefail (also from a parent stage), set -o pipefail, || and quoted pipes are fine', () => {
    expect(linesOf('pipefail', df('FROM debian:12-slim', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'RUN curl -fsSL https://x | sh'))).toEqual([]);
    expect(linesOf('pipefail', df('FROM debian:12-slim AS a', 'SHELL ["/bin/bash", "-euo", "pipefail", "-c"]', 'FROM a AS b', 'RUN curl x | sh'))).toEqual([]);
    expect(linesOf('pipefail', df('FROM debian:12-slim', 'RUN set -euxo pipefail; curl x | sh'))).toEqual([]);
    expect(linesOf('pipefail', df('FROM debian:12-slim', 'RUN test -f x || echo "a | b"'))).toEqual([]);
  });
});
