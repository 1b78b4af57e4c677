// Stand-in recipe; see scripts/e2e/standins.mjs.
import { join } from 'node:path';
import { IMAGE_CA_BUNDLE, buildImage, hostExtraCas } from './common.mjs';
import { npmPackage, packageVersion } from './node.mjs';

// ---------------------------------------------------------------------------------------------------
// oven/bun:<version>-slim — the official Debian slim variant (oven-sh/bun dockerhub/debian-slim).
// ---------------------------------------------------------------------------------------------------

/** The official image's entrypoint: runs `bun ARGS` when the first argument is not a command. */
const BUN_ENTRYPOINT = `#!/bin/sh
set -e

if [ "\${1#-}" != "\${1}" ] || [ -z "$(command -v "\${1}")" ]; then
  set -- /usr/local/bin/bun "$@"
fi

exec "$@"
`;

/**
 * Bun's own release binary, as the npm registry republishes it (`@oven/bun-linux-x64`), in the
 * official image's layout: /usr/local/bin/bun and bunx, a `node` fallback that is Bun, the `bun`
 * user 1000:1000 with its home, WORKDIR /home/bun/app, the transpiler cache off.
 */
export function bunSlim(ref, version, codename) {
  const bun = npmPackage(`@oven/bun-linux-x64@${version}`);
  const exact = packageVersion(bun);
  const hasCas = Object.keys(hostExtraCas()).length > 0;
  const lines = [
    `FROM debian:${codename}-slim`,
    'ENV BUN_RUNTIME_TRANSPILER_CACHE_PATH=0',
    'ENV BUN_INSTALL_BIN=/usr/local/bin',
    'COPY --chmod=755 docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh',
    'COPY --chmod=755 bun /usr/local/bin/bun',
    'RUN mkdir -p /usr/local/bun-node-fallback-bin && ln -s /usr/local/bin/bun /usr/local/bun-node-fallback-bin/node',
    'ENV PATH="${PATH}:/usr/local/bun-node-fallback-bin"',
    'RUN groupadd bun --gid 1000 \\',
    ' && useradd bun --uid 1000 --gid bun --shell /bin/sh --create-home \\',
    ' && ln -s /usr/local/bin/bun /usr/local/bin/bunx \\',
    ' && bun --version',
  ];
  // bun install reaches the registry through the host's intercepting proxy: Bun reads the extra
  // CAs from NODE_EXTRA_CA_CERTS, as Node.js does.
  if (hasCas) lines.push(`ENV NODE_EXTRA_CA_CERTS=${IMAGE_CA_BUNDLE}`);
  lines.push('WORKDIR /home/bun/app', 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]', 'CMD ["/usr/local/bin/bun"]', '');
  buildImage(ref, lines.join('\n'), {
    bun: join(bun, 'bin', 'bun'),
    'docker-entrypoint.sh': { content: BUN_ENTRYPOINT, mode: 0o755 },
  });
  return `bun ${exact} (debian ${codename})`;
}
