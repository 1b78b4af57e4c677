import { describe, expect, it } from 'vitest';
import { df, linesOf, lintText } from '../lint/helpers.js';

describe('lint D1: files the builder refuses', () => {
  it('reports an unknown instruction and a file without FROM, and nothing else', () => {
    const findings = lintText(df('FROM node:22-slim AS base', 'RUNN npm ci', 'USER root'));
    expect(findings.map((f) => [f.check, f.line])).toEqual([['unknown-instruction', 2]]);
    expect(linesOf('parse-error', '')).toEqual([1]);
    expect(linesOf('parse-error', df('# just a comment', 'ARG X=1'))).toEqual([1]);
    expect(linesOf('parse-error', df('RUN echo hi', 'FROM alpine:3.20'))).toEqual([1]);
  });

  it('accepts ARG before FROM, lower-case keywords and line continuations', () => {
    const text = df('ARG V=3.20', 'from alpine:${V} as base', 'run echo a \\', '    && echo b', 'USER 1000');
    expect(linesOf('parse-error', text)).toEqual([]);
    expect(linesOf('unknown-instruction', text)).toEqual([]);
  });
});

describe('lint D2–D4: stages', () => {
  it('COPY --from must name an earlier stage', () => {
    const text = df('FROM golang:1.23 AS build', 'COPY --from=runtime /x /x', 'FROM alpine:3.20 AS runtime', 'COPY --from=biuld /app /app', 'COPY --from=1 /a /a', 'COPY --from=0 /b /b');
    expect(linesOf('copy-from-unknown', text)).toEqual([2, 4, 5]);
  });

  it('COPY --from an image with a tag or digest, an ARG, or an earlier stage in any case is fine', () => {
    const text = df('FROM golang:1.23 AS Build', 'FROM alpine:3.20', 'COPY --from=build /app /app', 'COPY --from=nginx:1.27-alpine /etc/nginx /etc/nginx', 'COPY --from=${TOOLS} /t /t', 'COPY --from=busybox@sha256:abc /bin/sh /bin/sh');
    expect(linesOf('copy-from-unknown', text)).toEqual([]);
  });

  it('stage names must be unique (case-insensitive)', () => {
    expect(linesOf('duplicate-stage', df('FROM alpine:3.20 AS build', 'FROM alpine:3.20 AS Build'))).toEqual([2]);
    expect(linesOf('duplicate-stage', df('FROM alpine:3.20 AS build', 'FROM alpine:3.20 AS runtime'))).toEqual([]);
  });

  it('several CMD in one stage, but one CMD per stage is fine', () => {
    expect(linesOf('multiple-cmd', df('FROM alpine:3.20', 'CMD ["a"]', 'CMD ["b"]'))).toEqual([2]);
    expect(linesOf('multiple-cmd', df('FROM alpine:3.20 AS a', 'CMD ["a"]', 'FROM alpine:3.20 AS b', 'ENTRYPOINT ["x"]', 'CMD ["b"]'))).toEqual([]);
  });

  it('unnamed stages are a note in multi-stage files only', () => {
    expect(linesOf('unnamed-stage', df('FROM golang:1.23', 'FROM alpine:3.20 AS runtime'))).toEqual([1]);
    expect(linesOf('unnamed-stage', df('FROM python:3.12-slim'))).toEqual([]);
    expect(lintText(df('FROM golang:1.23', 'FROM alpine:3.20 AS runtime')).find((f) => f.check === 'unnamed-stage')?.severity).toBe('info');
  });
});

describe('lint R18: pinned base images', () => {
  it('untagged and latest images, with global ARG defaults resolved', () => {
    const text = df('ARG BASE=python', 'ARG TAG=latest', 'FROM ubuntu AS a', 'FROM node:latest AS b', 'FROM ${BASE} AS c', 'FROM python:${TAG} AS d', 'FROM registry.example.com:5000/team/app AS e');
    expect(linesOf('from-tag', text)).toEqual([3, 4, 5, 6, 7]);
  });

  it('version tags, digests, scratch, stage references and ${VAR:-default} pass', () => {
    const text = df('ARG NODE_VERSION=22.11.0', 'FROM node:${NODE_VERSION}-slim AS base', 'FROM base AS build', 'FROM registry.example.com:5000/team/app:1.2.3 AS c', 'FROM alpine@sha256:0123abcd AS d', 'FROM scratch AS e', 'FROM python:${PY:-3.12}-slim AS f');
    expect(linesOf('from-tag', text)).toEqual([]);
    expect(linesOf('from-arg-unset', text)).toEqual([]);
  });

  it('an ARG without default in FROM cannot be verified', () => {
    expect(linesOf('from-arg-unset', df('ARG NODE_VERSION', 'FROM node:${NODE_VERSION}-slim'))).toEqual([2]);
  });
});

describe('lint R24: portability', () => {
  it('syntax directive, heredoc and COPY --link are notes', () => {
    const text = df('# syntax=docker/dockerfile:1', 'FROM alpine:3.20', 'RUN <<EOF', 'echo hi', 'EOF', 'COPY --link a /a');
    const found = lintText(text).filter((f) => f.rule === 'R24');
    expect(found.map((f) => [f.check, f.line, f.severity])).toEqual([
      ['syntax-directive', 1, 'info'],
      ['heredoc', 3, 'info'],
      ['copy-link', 6, 'info'],
    ]);
  });

  it('a stage ARG named like a base image ENV, but not a global ARG', () => {
    const text = df('ARG NODE_VERSION=22.11.0', 'FROM node:${NODE_VERSION}-slim AS base', 'ARG NODE_VERSION', 'ARG APP_VERSION');
    expect(linesOf('arg-shadows-env', text)).toEqual([3]);
  });
});
