// Local package indexes for the e2e suite, built from Debian packages because PyPI and the Go module
// proxy are unreachable here (only deb.debian.org and the npm registry are):
//
// - a PEP 503 simple index of wheels made from Debian's python3-* packages, built inside the Python
//   stand-in image the fixtures use, so compiled extensions fit its interpreter exactly;
// - a Go module proxy folder (the GOPROXY protocol) made from Debian's golang-*-dev sources.
//
// Each is built once into $DOCKGEN_E2E_STATE/indexes/<kind>-<key>, where the key hashes every input
// (the package list, these scripts, the stand-in image's id): a change to any of them builds a new
// one, an unchanged one is reused in well under a second. serveIndexes() serves both on loopback;
// builds reach it with `--network host`, the way an organisation's builds reach its mirror.
//
//   DOCKER_HOST=… node scripts/e2e/indexes.mjs [PYTHON_IMAGE] [--hashes]
//     builds (or finds) both and prints their folders; --hashes also prints every wheel's pin and hash.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STATE, DOCKER, run } from './standins/common.mjs';

const HERE = join(fileURLToPath(import.meta.url), '..', 'indexes');

/** Debian packages whose python3-* dependency closure becomes the Python index (what the fixtures import). */
export const PYTHON_PACKAGES = ['python3-flask', 'python3-gunicorn', 'python3-markupsafe', 'python3-django', 'python3-fastapi', 'python3-uvicorn', 'python3-pydantic', 'pipenv'];
/** golang-*-dev packages served by the Go proxy; each holds one module. */
export const GO_PACKAGES = ['golang-github-go-chi-chi-dev'];

const log = (message) => process.stderr.write(`[indexes] ${message}\n`);

function key(parts) {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** Builds `kind` into a fresh folder unless one with the same inputs exists; returns it and whether it was cached. */
function cached(kind, inputs, build) {
  const dir = join(STATE, 'indexes', `${kind}-${key(inputs)}`);
  if (existsSync(join(dir, '.complete'))) return { dir, cached: true };
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  build(partial);
  writeFileSync(join(partial, '.complete'), `${new Date().toISOString()}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  return { dir, cached: false };
}

/** The Python index for fixtures built on `image` (a Python stand-in): wheels of the Debian release inside it. */
export function ensurePythonIndex(image) {
  const imageId = run(DOCKER, ['image', 'inspect', '-f', '{{.Id}}', image]).trim();
  const script = readFileSync(join(HERE, 'debs-to-wheels.py'), 'utf8');
  return cached('pypi', ['2', imageId, script, ...PYTHON_PACKAGES], (out) => {
    log(`building the Python index from ${PYTHON_PACKAGES.join(' ')} (and their python3-* dependencies) in ${image}`);
    // The closure's python3-* packages, downloaded (not installed: the stand-in's own Python stays as it
    // is), each unpacked in a folder of its own for the wheel maker.
    const steps = [
      'set -eu',
      'apt-get update -qq',
      'mkdir -p /tmp/debs /tmp/x && cd /tmp/debs',
      `names="${PYTHON_PACKAGES.join(' ')} $(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances ${PYTHON_PACKAGES.join(' ')} | grep -E '^python3-[a-z0-9.+-]+$' | sort -u)"`,
      'real=$(for n in $names; do apt-cache policy "$n" | grep -q "Candidate: [0-9]" && echo "$n"; done)',
      'apt-get download $real 2>&1 | grep -v "^W: Download is performed unsandboxed" || true',
      'for f in *.deb; do d=/tmp/x/${f%%_*}; mkdir -p "$d"; dpkg-deb -x "$f" "$d"; done',
      'ls *.deb > /out/debian-packages.txt',
      'python3 /scripts/debs-to-wheels.py /tmp/x /out',
      'chmod -R a+rX /out',
    ];
    const output = run(DOCKER, ['run', '--rm', '--network', 'host', '-v', `${out}:/out`, '-v', `${HERE}:/scripts:ro`, image, 'bash', '-c', steps.join('\n')]);
    writeFileSync(join(out, 'build.log'), output);
    log(`${readdirSync(join(out, 'files')).length} wheels`);
  });
}

/** sha256 → wheel file name, for every wheel in a built Python index. */
export function wheelHashes(dir) {
  const files = join(dir, 'files');
  return new Map(readdirSync(files).map((name) => [createHash('sha256').update(readFileSync(join(files, name))).digest('hex'), name]));
}

/**
 * The sha256 hashes a project's lock files pin (requirements*.txt `--hash`, Pipfile.lock) that `index`
 * does not serve: when Debian updates a package its wheel changes, and the fixture's lock must follow.
 */
export function missingHashes(projectDir, index) {
  const served = wheelHashes(index);
  const locks = readdirSync(projectDir).filter((f) => /^requirements.*\.txt$|^Pipfile\.lock$/.test(f));
  const pinned = locks.flatMap((f) => [...readFileSync(join(projectDir, f), 'utf8').matchAll(/sha256:([0-9a-f]{64})/g)].map((m) => m[1]));
  return pinned.filter((hash) => !served.has(hash));
}

/** Debian's version of a golang-*-dev package as a Go module version: 1:5.0.7+ds-1 → v5.0.7. */
export function goVersion(debianVersion) {
  const upstream = debianVersion.replace(/^\d+:/, '').replace(/-[^-]*$/, '').replace(/[+~](ds|dfsg|git|repack).*$/, '');
  return `v${upstream}`;
}

/** The Go module proxy folder, from the host's Debian sources (Go modules are source: any release will do). */
export function ensureGoProxy() {
  const script = readFileSync(join(HERE, 'gocode-to-proxy.py'), 'utf8');
  const versions = GO_PACKAGES.map((name) => `${name}=${run('apt-cache', ['policy', name]).match(/Candidate: (\S+)/)?.[1] ?? '?'}`);
  return cached('goproxy', ['1', script, ...versions], (out) => {
    log(`building the Go module proxy from ${versions.join(' ')}`);
    const debs = join(out, '.debs');
    mkdirSync(debs);
    run('apt-get', ['download', ...versions], { cwd: debs });
    for (const deb of readdirSync(debs).filter((f) => f.endsWith('.deb'))) {
      const root = join(debs, deb.replace(/\.deb$/, ''));
      run('dpkg-deb', ['-x', join(debs, deb), root]);
      const version = goVersion(deb.split('_')[1].replace('%3a', ':'));
      for (const gomod of findGoMods(join(root, 'usr/share/gocode/src'))) {
        process.stderr.write(`[indexes]   ${run('python3', [join(HERE, 'gocode-to-proxy.py'), gomod, version, out]).trim()}\n`);
      }
    }
    rmSync(debs, { recursive: true, force: true });
  });
}

/** Module roots (folders with a go.mod) at the top of a gocode tree; nested modules are their own. */
function findGoMods(dir) {
  if (!existsSync(dir)) return [];
  if (existsSync(join(dir, 'go.mod'))) return [dir];
  return readdirSync(dir).filter((d) => statSync(join(dir, d)).isDirectory()).flatMap((d) => findGoMods(join(dir, d)));
}

const TYPES = { '.html': 'text/html', '.whl': 'application/octet-stream', '.zip': 'application/zip', '.info': 'application/json', '.mod': 'text/plain' };

/**
 * Serves { prefix: folder } on 127.0.0.1 (a free port): a folder answers with its index.html, as PEP 503
 * asks. With `auth` ({ user, password }) every request needs those HTTP Basic credentials, as a private
 * mirror does (401 otherwise). Resolves to the base URL and a close function.
 */
export function serveIndexes(roots, auth) {
  const expected = auth && `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
  const server = createServer((request, response) => {
    if (expected && request.headers.authorization !== expected) {
      return void response.writeHead(401, { 'www-authenticate': 'Basic realm="dockgen-e2e"' }).end('credentials required\n');
    }
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const [, prefix, ...rest] = path.split('/');
    const root = roots[prefix];
    const file = root && normalize(join(root, ...rest));
    if (!file || !file.startsWith(root + sep) && file !== root) return void response.writeHead(404).end();
    const target = existsSync(file) && statSync(file).isDirectory() ? join(file, 'index.html') : file;
    if (!existsSync(target) || !statSync(target).isFile()) return void response.writeHead(404).end('not found\n');
    response.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'text/plain', 'content-length': statSync(target).size });
    createReadStream(target).pipe(response);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // --hashes: `name==version --hash=sha256:…` for every wheel, to refresh the fixtures' locks after Debian
  // updated a package.
  const hashes = process.argv.includes('--hashes');
  const image = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'python:3.14.8-slim-trixie';
  const python = ensurePythonIndex(image);
  const go = ensureGoProxy();
  process.stdout.write(`pypi ${python.cached ? 'cached' : 'built'} ${python.dir}\ngoproxy ${go.cached ? 'cached' : 'built'} ${go.dir}\n`);
  if (hashes) {
    for (const [hash, wheel] of [...wheelHashes(python.dir)].sort((a, b) => a[1].localeCompare(b[1]))) {
      const [name, version] = wheel.split('-');
      process.stdout.write(`${name.toLowerCase().replace(/_/g, '-')}==${version} --hash=sha256:${hash}\n`);
    }
  }
}
