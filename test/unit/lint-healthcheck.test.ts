import { describe, expect, it } from 'vitest';
import { df, linesOf } from '../lint/helpers.js';

describe('lint R13: a HEALTHCHECK with an HTTP client installed for it', () => {
  const install = 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*';

  it('reports curl or wget that the final stage installs and the probe runs', () => {
    expect(linesOf('healthcheck-tool', df('FROM node:22-slim', install, 'USER 1000', 'HEALTHCHECK CMD curl -f http://localhost:8080/ || exit 1'))).toEqual([4]);
    expect(linesOf('healthcheck-tool', df('FROM node:22-slim', install, 'USER 1000', 'HEALTHCHECK --interval=30s --timeout=3s \\', '    CMD ["curl", "-f", "http://localhost:8080/"]'))).toEqual([4]);
    expect(linesOf('healthcheck-tool', df('FROM python:3.13-slim', 'RUN apk add --no-cache wget', 'USER 1000', 'HEALTHCHECK CMD ["sh", "-c", "wget -qO- http://127.0.0.1:8000/ >/dev/null"]'))).toEqual([4]);
  });

  it('follows the final stage to the stage it is built on', () => {
    expect(linesOf('healthcheck-tool', df('FROM node:22-slim AS base', install, 'FROM base AS runtime', 'USER 1000', 'HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]'))).toEqual([5]);
  });

  it('accepts probes with what the image has, and a client the base image brings', () => {
    expect(linesOf('healthcheck-tool', df('FROM node:22-slim', 'USER 1000', 'HEALTHCHECK CMD ["node", "-e", "require(\'http\').get(\'http://127.0.0.1:8080/\')"]'))).toEqual([]);
    expect(linesOf('healthcheck-tool', df('FROM nginx:1.27', 'USER 101', 'HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]'))).toEqual([]);
    // curl installed in a build stage only does not ship.
    expect(linesOf('healthcheck-tool', df('FROM debian:bookworm-slim AS fetch', install, 'FROM node:22-slim AS runtime', 'USER 1000', 'HEALTHCHECK CMD ["node", "-e", "1"]'))).toEqual([]);
    // curl installed for the app, with a probe that does not use it.
    expect(linesOf('healthcheck-tool', df('FROM node:22-slim', install, 'USER 1000', 'HEALTHCHECK NONE'))).toEqual([]);
  });
});
