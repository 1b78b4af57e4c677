#!/usr/bin/env node
// Builds local stand-ins for official base images, tagged exactly like them, because no container
// registry is reachable on these machines (only the npm registry and deb.debian.org are).
//
//   DOCKER_HOST=unix:///…/docker.sock node scripts/e2e/standins.mjs IMAGE_REF [IMAGE_REF…]
//
// Each stand-in mimics what generated Dockerfiles rely on (users and UIDs, paths, binaries, ENV,
// ENTRYPOINT/CMD, STOPSIGNAL). An image that already exists under the exact tag is kept ("cached"),
// unless it is a stand-in from an older recipe version (see RECIPE_VERSION, and a family's revision:
// REVISION_LABEL); DOCKGEN_E2E_REBUILD=1
// rebuilds the named images anyway (their bases stay cached). Downloads (the debootstrap rootfs,
// `npm pack`ed packages) are kept in the state folder, so a rebuild costs seconds, not minutes.
//
// stdout: one line per image: `<ref>  cached|built  <seconds> s  [<MB> MB]  [notes]`.
// stderr: progress; the full `docker build` output of each stand-in goes to $STATE/logs/.
// Exit status: 0 all ready, 2 a reference has no recipe (nothing is built then), 1 a build failed.
//
// Environment: DOCKER_HOST (required unless the default socket works), DOCKGEN_E2E_STATE
// (default /var/tmp/dockgen-e2e), DOCKGEN_E2E_DOCKER (default /usr/bin/docker: Debian's client, which
// has BuildKit built in), DOCKGEN_E2E_DEBIAN_MIRROR (default http://deb.debian.org/debian),
// DOCKGEN_E2E_DEBIAN_SECURITY_MIRROR (default http://deb.debian.org/debian-security; empty: none).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STATE, DOCKER, REBUILD, CODENAMES, log, seconds, Failure, imageState, imageMB } from './standins/common.mjs';
import { debianSlim } from './standins/debian.mjs';
import { NODE_REVISION, nodeSlim } from './standins/node.mjs';
import { pythonSlim } from './standins/python.mjs';
import { golang } from './standins/golang.mjs';
import { distrolessStatic } from './standins/distroless.mjs';
import { nginxUnprivileged } from './standins/nginx.mjs';
import { httpd } from './standins/httpd.mjs';
import { bunSlim } from './standins/bun.mjs';
import { redis } from './standins/redis.mjs';

// ---------------------------------------------------------------------------------------------------

const VERSION = '\\d+(?:\\.\\d+){0,2}';
const RECIPES = [
  { example: 'debian:{bookworm,trixie,12,13}-slim', pattern: /^debian:(bookworm|trixie)-slim$/, build: (ref, m) => debianSlim(ref, m[1]) },
  // Old releases, for the images of old Node.js lines: bullseye is still on the mirror; buster,
  // stretch and jessie are not, and get a bookworm rootfs (see ARCHIVED_CODENAMES in debian.mjs).
  { example: 'debian:{bullseye,buster,stretch,jessie}-slim', pattern: /^debian:(bullseye|buster|stretch|jessie)-slim$/, deps: (m) => (m[1] === 'bullseye' ? [] : ['debian:bookworm-slim']), build: (ref, m) => debianSlim(ref, m[1]) },
  { example: '', pattern: /^debian:(12|13)-slim$/, build: (ref, m) => debianSlim(ref, Object.keys(CODENAMES).find((c) => CODENAMES[c] === m[1])) },
  { example: 'node:<X[.Y[.Z]]>-{bookworm,trixie,bullseye,buster,stretch}-slim', pattern: new RegExp(`^node:(${VERSION})-(bookworm|trixie|bullseye|buster|stretch)-slim$`), deps: (m) => [`debian:${m[2]}-slim`], revision: NODE_REVISION, build: (ref, m) => nodeSlim(ref, m[1], m[2]) },
  // Before stretch, the slim images of Node.js (0.8 to 9) were tagged plain -slim, on jessie.
  { example: 'node:<X[.Y[.Z]]>-slim (jessie)', pattern: new RegExp(`^node:(${VERSION})-slim$`), deps: () => ['debian:jessie-slim'], revision: NODE_REVISION, build: (ref, m) => nodeSlim(ref, m[1], 'jessie') },
  // Bun's Debian slim variant, on trixie as the official recipe is (oven-sh/bun dockerhub/debian-slim/Dockerfile).
  { example: 'oven/bun:<X.Y.Z>-slim', pattern: /^oven\/bun:(\d+\.\d+\.\d+)-slim$/, deps: () => ['debian:trixie-slim'], build: (ref, m) => bunSlim(ref, m[1], 'trixie') },
  { example: 'python:<X.Y[.Z]>-slim-{bookworm,trixie}', pattern: new RegExp(`^python:(\\d+\\.\\d+(?:\\.\\d+)?)-slim-(bookworm|trixie)$`), deps: (m) => [`debian:${m[2]}-slim`], build: (ref, m) => pythonSlim(ref, m[1], m[2]) },
  { example: 'golang:<X.Y[.Z]>-{bookworm,trixie}', pattern: new RegExp(`^golang:(\\d+\\.\\d+(?:\\.\\d+)?)-(bookworm|trixie)$`), deps: (m) => [`debian:${m[2]}-slim`], build: (ref, m) => golang(ref, m[1], m[2]) },
  { example: 'gcr.io/distroless/static-debian{12,13}[:latest|:nonroot]', pattern: /^gcr\.io\/distroless\/static-debian(12|13)(?::(latest|nonroot))?$/, build: (ref, m) => distrolessStatic(ref, m[1], m[2] ?? 'latest') },
  {
    example: 'nginxinc/nginx-unprivileged:<X.Y[.Z]>[-<suffix>] (trixie if the suffix says so, else bookworm)',
    pattern: /^nginxinc\/nginx-unprivileged:(\d+\.\d+(?:\.\d+)?)(?:-([\w.-]+))?$/,
    deps: (m) => [`debian:${/trixie/.test(m[2] ?? '') ? 'trixie' : 'bookworm'}-slim`],
    build: (ref, m) => nginxUnprivileged(ref, m[1], m[2]),
  },
  {
    example: 'httpd:<X.Y[.Z]>[-<suffix>] (bookworm if the suffix says so, else trixie)',
    pattern: /^httpd:(\d+\.\d+(?:\.\d+)?)(?:-([\w.-]+))?$/,
    deps: (m) => [`debian:${/bookworm/.test(m[2] ?? '') ? 'bookworm' : 'trixie'}-slim`],
    build: (ref, m) => httpd(ref, m[1], m[2]),
  },
  {
    example: 'redis:<X.Y[.Z]>[-<suffix>] (trixie if the suffix says so, else bookworm): compose.yaml backing service',
    pattern: /^redis:(\d+\.\d+(?:\.\d+)?)(?:-([\w.-]+))?$/,
    deps: (m) => [`debian:${/trixie/.test(m[2] ?? '') ? 'trixie' : 'bookworm'}-slim`],
    build: (ref, m) => redis(ref, m[1], m[2]),
  },
];

const recipeFor = (ref) => {
  for (const recipe of RECIPES) {
    const match = recipe.pattern.exec(ref);
    if (match) return { recipe, match };
  }
  return undefined;
};

const done = new Set();
/** `requested`: named on the command line (DOCKGEN_E2E_REBUILD rebuilds those, not their bases). */
function ensure(ref, requested = false) {
  if (done.has(ref)) return;
  done.add(ref);
  const { recipe, match } = recipeFor(ref);
  // Base stand-ins first (e.g. debian:trixie-slim under node:…-trixie-slim).
  for (const dep of recipe.deps?.(match) ?? []) ensure(dep);
  const state = imageState(ref, recipe.revision);
  if (state === 'current' && !(REBUILD && requested)) {
    process.stdout.write(`${ref}  cached  0.0 s  ${imageMB(ref)} MB\n`);
    return;
  }
  const start = Date.now();
  log(`${ref}: building${state === 'stale' ? ' (the existing stand-in is from an older recipe)' : ''}`);
  const what = recipe.build(ref, match);
  process.stdout.write(`${ref}  built  ${seconds(start)} s  ${imageMB(ref)} MB  ${what}\n`);
}

function main() {
  const refs = process.argv.slice(2);
  if (refs.length === 0 || refs.some((r) => r === '-h' || r === '--help')) {
    process.stderr.write('usage: node scripts/e2e/standins.mjs IMAGE_REF [IMAGE_REF…]   (DOCKER_HOST set)\n');
    process.exit(2);
  }
  // Every reference is checked before anything is built: minutes of work must not end in "unknown".
  const unknown = refs.filter((ref) => !recipeFor(ref));
  if (unknown.length > 0) {
    for (const ref of unknown) process.stderr.write(`[standins] no stand-in recipe for ${ref}\n`);
    process.stderr.write(`[standins] recipes exist for:\n${RECIPES.filter((r) => r.example).map((r) => `  ${r.example}`).join('\n')}\n`);
    process.exit(2);
  }
  if (spawnSync(DOCKER, ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 20_000 }).status !== 0) {
    process.stderr.write(`[standins] no Docker engine answers at ${process.env.DOCKER_HOST ?? '(default socket)'}; start one: eval "$(bash scripts/e2e/engine.sh)"\n`);
    process.exit(1);
  }
  mkdirSync(STATE, { recursive: true });
  if (!process.env.DOCKGEN_STANDINS_LOCKED) relaunchUnderLock(refs);
  const start = Date.now();
  try {
    for (const ref of refs) ensure(ref, true);
  } catch (error) {
    process.stderr.write(`[standins] ${error instanceof Failure ? error.message : error.stack}\n`);
    process.exit(1);
  }
  log(`${refs.length} image(s) ready in ${seconds(start)} s`);
}

/**
 * Several test runs can ask for stand-ins at once (the e2e suite, the corpus harness, a developer):
 * two debootstraps into one rootfs folder corrupt it. So every run re-executes itself under an
 * exclusive flock on the state folder's lock file; the second run waits, then finds its images cached.
 */
function relaunchUnderLock(refs) {
  const lock = join(STATE, 'standins.lock');
  const locked = spawnSync('flock', [lock, process.execPath, fileURLToPath(import.meta.url), ...refs], {
    stdio: 'inherit',
    env: { ...process.env, DOCKGEN_STANDINS_LOCKED: '1' },
  });
  if (locked.error) {
    log(`flock unavailable (${locked.error.message}); building without a lock`);
    return;
  }
  process.exit(locked.status ?? 1);
}

main();
