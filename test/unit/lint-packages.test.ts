import { describe, expect, it } from 'vitest';
import { df, linesOf } from '../lint/helpers.js';

const debian = (...lines: string[]) => df('FROM debian:12-slim', ...lines);

describe('lint R6: apt-get and apk', () => {
  it('update and install in different RUNs', () => {
    expect(linesOf('apt-update-separate', debian('RUN apt-get update', 'RUN apt-get install -y --no-install-recommends curl'))).toEqual([2]);
    expect(linesOf('apt-update-separate', debian('RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*'))).toEqual([]);
  });

  it('missing -y and --no-install-recommends; -qq, -o options, apt config count', () => {
    expect(linesOf('apt-no-yes', debian('RUN apt-get update && apt-get install curl'))).toEqual([2]);
    expect(linesOf('apt-no-yes', debian('RUN apt-get update && apt-get -qy install curl'))).toEqual([]);
    expect(linesOf('apt-no-yes', debian('RUN apt-get update && apt-get install -qq curl'))).toEqual([]);
    expect(linesOf('apt-recommends', debian('RUN apt-get update && apt-get install -y curl'))).toEqual([2]);
    expect(linesOf('apt-recommends', debian('RUN apt-get update && apt-get install -y -o APT::Install-Recommends=false curl'))).toEqual([]);
    const config = debian(`RUN echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/01norecommend`, 'RUN apt-get update && apt-get install -y curl');
    expect(linesOf('apt-recommends', config)).toEqual([]);
  });

  it('lists left in a shipped layer; rm, dist-clean and cache mounts are fine; builder stages do not ship', () => {
    expect(linesOf('apt-lists', debian('RUN apt-get update && apt-get install -y --no-install-recommends curl'))).toEqual([2]);
    expect(linesOf('apt-lists', debian('RUN apt-get update && apt-get install -y --no-install-recommends curl && apt-get dist-clean'))).toEqual([]);
    const mounted = debian('RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\', '    --mount=type=cache,target=/var/lib/apt,sharing=locked \\', '    apt-get update && apt-get install -y --no-install-recommends curl');
    expect(linesOf('apt-lists', mounted)).toEqual([]);
    const builder = df('FROM debian:12 AS build', 'RUN apt-get update && apt-get install -y --no-install-recommends make', 'FROM debian:12-slim AS runtime');
    expect(linesOf('apt-lists', builder)).toEqual([]);
  });

  it('apt-get upgrade and friends', () => {
    expect(linesOf('apt-upgrade', debian('RUN apt-get update && apt-get -y dist-upgrade && rm -rf /var/lib/apt/lists/*'))).toEqual([2]);
    expect(linesOf('apt-upgrade', df('FROM alpine:3.20', 'RUN apk upgrade --no-cache'))).toEqual([2]);
    // The word inside a string is not a command.
    expect(linesOf('apt-upgrade', debian('RUN echo "apt-get upgrade is not run here"'))).toEqual([]);
  });

  it('apk add without --no-cache, unless the cache is mounted or removed', () => {
    expect(linesOf('apk-no-cache', df('FROM alpine:3.20', 'RUN apk update && apk add curl'))).toEqual([2]);
    expect(linesOf('apk-no-cache', df('FROM alpine:3.20', 'RUN apk add --no-cache curl'))).toEqual([]);
    expect(linesOf('apk-no-cache', df('FROM alpine:3.20', 'RUN --mount=type=cache,target=/var/cache/apk apk add curl'))).toEqual([]);
    expect(linesOf('apk-no-cache', df('FROM alpine:3.20', 'RUN apk add curl && rm -rf /var/cache/apk/*'))).toEqual([]);
  });
});

describe('lint R7: pip caches', () => {
  const py = (...lines: string[]) => df('FROM python:3.12-slim', ...lines);
  it('pip install without --no-cache-dir or a cache mount', () => {
    expect(linesOf('pip-cache', py('RUN pip install -r requirements.txt'))).toEqual([2]);
    expect(linesOf('pip-cache', py('RUN python -m pip install --upgrade pip'))).toEqual([2]);
    expect(linesOf('pip-cache', py('RUN pip install --no-cache-dir -r requirements.txt'))).toEqual([]);
    expect(linesOf('pip-cache', py('RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt'))).toEqual([]);
    expect(linesOf('pip-cache', py('ENV PIP_NO_CACHE_DIR=1', 'RUN pip install -r requirements.txt'))).toEqual([]);
    expect(linesOf('pip-cache', py('RUN PIP_NO_CACHE_DIR=off pip install flask'))).toEqual([]);
    // A builder stage's cache is discarded with it.
    expect(linesOf('pip-cache', df('FROM python:3.12 AS build', 'RUN pip install -r requirements.txt', 'FROM python:3.12-slim AS runtime'))).toEqual([]);
  });
});

describe('lint R9: lockfile-based installs', () => {
  const node = (...lines: string[]) => df('FROM node:22-slim', 'WORKDIR /app', ...lines);
  it('npm install where a lockfile is copied', () => {
    expect(linesOf('npm-ci', node('COPY package.json package-lock.json ./', 'RUN npm install'))).toEqual([4]);
    expect(linesOf('npm-ci', node('COPY package*.json ./', 'RUN npm i --omit=dev'))).toEqual([4]);
    expect(linesOf('npm-ci', node('COPY . .', 'RUN npm install'), { files: ['package.json', 'package-lock.json'] })).toEqual([4]);
  });

  it('npm ci, no lockfile, or installing named packages is fine', () => {
    expect(linesOf('npm-ci', node('COPY package.json package-lock.json ./', 'RUN npm ci'))).toEqual([]);
    expect(linesOf('npm-ci', node('COPY package.json ./', 'RUN npm install'))).toEqual([]);
    expect(linesOf('npm-ci', node('COPY . .', 'RUN npm install'), { files: ['package.json'] })).toEqual([]);
    expect(linesOf('npm-ci', node('COPY package.json package-lock.json ./', 'RUN npm install -g pm2'))).toEqual([]);
    expect(linesOf('npm-ci', node('COPY package-lock.json ./', 'RUN npm install --prefix /opt/pm pnpm@9'))).toEqual([]);
  });

  it('yarn, pnpm and bun without a frozen lockfile', () => {
    expect(linesOf('frozen-lockfile', node('COPY package.json yarn.lock ./', 'RUN yarn install'))).toEqual([4]);
    expect(linesOf('frozen-lockfile', node('COPY package.json yarn.lock ./', 'RUN yarn'))).toEqual([4]);
    expect(linesOf('frozen-lockfile', node('COPY package.json pnpm-lock.yaml ./', 'RUN pnpm install --prod'))).toEqual([4]);
    expect(linesOf('frozen-lockfile', node('COPY package.json bun.lock ./', 'RUN bun install'))).toEqual([4]);
  });

  it('frozen flags, yarn workspaces focus and a lockfile-less project are fine', () => {
    expect(linesOf('frozen-lockfile', node('COPY package.json yarn.lock ./', 'RUN yarn install --frozen-lockfile'))).toEqual([]);
    expect(linesOf('frozen-lockfile', node('COPY package.json yarn.lock .yarnrc.yml ./', 'RUN yarn install --immutable'))).toEqual([]);
    expect(linesOf('frozen-lockfile', node('COPY package.json yarn.lock ./', 'RUN yarn workspaces focus --all --production'))).toEqual([]);
    expect(linesOf('frozen-lockfile', node('COPY package.json pnpm-lock.yaml ./', 'RUN pnpm install --frozen-lockfile --prod'))).toEqual([]);
    expect(linesOf('frozen-lockfile', node('COPY package.json ./', 'RUN yarn install'))).toEqual([]);
    expect(linesOf('frozen-lockfile', node('COPY pnpm-lock.yaml ./', 'RUN pnpm fetch --prod', 'COPY . .', 'RUN pnpm install -r --offline --prod'))).toEqual([]);
    expect(linesOf('npm-ci', node('COPY package.json package-lock.json ./', 'RUN npm clean-install --omit=dev'))).toEqual([]);
  });
});
