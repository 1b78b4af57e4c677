import { describe, expect, it } from 'vitest';
import { baseImages, maskDigests, pinDockerfile, pinnedImages, restoreDigests } from '../../src/pins/dockerfile.js';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;
const DOCKERFILE = [
  'ARG GO_VERSION=1.24.13',
  'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-trixie AS build',
  'RUN go build',
  'FROM debian:trixie-slim AS tini',
  'FROM build AS test',
  'FROM scratch AS empty',
  'FROM gcr.io/distroless/static-debian13:nonroot AS runtime',
  'COPY --from=build /app /app',
  'FROM golang:${GO_VERSION}-trixie AS again',
  '',
].join('\n');
const ARGS = new Map([['GO_VERSION', '1.24.13']]);

describe('pinning the FROM lines of a generated Dockerfile', () => {
  it('lists the pulled images once each, variables expanded, stages and scratch left out', () => {
    expect(baseImages(DOCKERFILE, ARGS)).toEqual(['golang:1.24.13-trixie', 'debian:trixie-slim', 'gcr.io/distroless/static-debian13:nonroot']);
  });

  it('writes image:tag@digest literally and keeps flags and stage names', () => {
    const pinned = pinDockerfile(DOCKERFILE, ARGS, { 'golang:1.24.13-trixie': A, 'debian:trixie-slim': B, 'gcr.io/distroless/static-debian13:nonroot': A });
    expect(pinned.split('\n').filter((l) => l.startsWith('FROM'))).toEqual([
      `FROM --platform=$BUILDPLATFORM golang:1.24.13-trixie@${A} AS build`,
      `FROM debian:trixie-slim@${B} AS tini`,
      'FROM build AS test',
      'FROM scratch AS empty',
      `FROM gcr.io/distroless/static-debian13:nonroot@${A} AS runtime`,
      `FROM golang:1.24.13-trixie@${A} AS again`,
    ]);
    expect(pinnedImages(pinned)).toEqual({ 'golang:1.24.13-trixie': A, 'debian:trixie-slim': B, 'gcr.io/distroless/static-debian13:nonroot': A });
  });

  it('says in the versions header that the pins fix the versions', () => {
    const pinned = pinDockerfile(`# Versions: change them here, in one place (R19).\n${DOCKERFILE}`, ARGS, { 'golang:1.24.13-trixie': A, 'debian:trixie-slim': B, 'gcr.io/distroless/static-debian13:nonroot': A });
    expect(pinned.split('\n')[0]).toBe('# Versions, in one place (R19). The base images are pinned by digest, which fixes their versions: move them with `dockgen update` or a version flag, not by editing the ARGs.');
  });

  it('refuses an image whose version variable has no value', () => {
    expect(() => baseImages('FROM node:${NODE_VERSION}-slim AS base\n', new Map())).toThrow('Cannot pin the base image node:${NODE_VERSION}-slim');
  });

  it('masks digests for --check and puts recorded ones back', () => {
    const pinned = pinDockerfile(DOCKERFILE, ARGS, { 'golang:1.24.13-trixie': A, 'debian:trixie-slim': B, 'gcr.io/distroless/static-debian13:nonroot': A });
    const refreshed = pinned.replaceAll(A, B);
    expect(maskDigests(refreshed)).toBe(maskDigests(pinned));
    expect(maskDigests(pinned)).not.toContain('a'.repeat(64));
    expect(maskDigests(pinned)).toContain('golang:1.24.13-trixie@sha256:… AS build');
    expect(restoreDigests(refreshed, { 'golang:1.24.13-trixie': A, 'gcr.io/distroless/static-debian13:nonroot': A })).toBe(pinned);
  });
});
