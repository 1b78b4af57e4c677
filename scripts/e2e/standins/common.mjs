// Shared by the stand-in recipes: settings, running commands, building an image from a Dockerfile.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export const STATE = process.env.DOCKGEN_E2E_STATE || '/var/tmp/dockgen-e2e';
export const DOCKER = process.env.DOCKGEN_E2E_DOCKER || '/usr/bin/docker';
export const MIRROR = process.env.DOCKGEN_E2E_DEBIAN_MIRROR || 'http://deb.debian.org/debian';
export const SECURITY_MIRROR = process.env.DOCKGEN_E2E_DEBIAN_SECURITY_MIRROR ?? 'http://deb.debian.org/debian-security';
export const REBUILD = Boolean(process.env.DOCKGEN_E2E_REBUILD);
/** Extra CAs the host trusts: the network here is intercepted by a CA that only the host knows. */
export const HOST_EXTRA_CAS = '/usr/local/share/ca-certificates';
/** Where the stand-ins carry those CAs as one PEM bundle (for NODE_EXTRA_CA_CERTS). */
export const IMAGE_CA_BUNDLE = '/usr/local/share/host-extra-cas.pem';
export const CODENAMES = { bookworm: '12', trixie: '13' };
export const DEBIAN_PYTHON = { bookworm: '3.11', trixie: '3.13' };
/**
 * Marks every stand-in, so that nobody mistakes one for the real image. The value is the recipe
 * version: a stand-in labelled with an older one is rebuilt. Bump it when a recipe changes.
 * (Images without the label, e.g. real ones loaded with `docker load`, are always kept.)
 */
export const LABEL = 'org.dockgen.e2e.standin';
export const RECIPE_VERSION = '2';
/**
 * A recipe's own revision, for a change to one image family: only that family's stand-ins are
 * rebuilt (bumping RECIPE_VERSION would rebuild every stand-in on the shared engine). It is a label
 * of its own, so that checkouts which predate a family's revision still read its stand-ins as current
 * (a changed RECIPE_VERSION would make two checkouts rebuild the same image back and forth).
 */
export const REVISION_LABEL = `${LABEL}.revision`;

export const log = (message) => process.stderr.write(`[standins] ${message}\n`);
export const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1);

export class Failure extends Error {}

/** Runs a command; throws with the tail of its output when it fails. */
export function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (result.error) throw new Failure(`${cmd}: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trimEnd().split('\n').slice(-40).join('\n');
    throw new Failure(`${cmd} ${args.join(' ')} failed (exit ${result.status}):\n${output}`);
  }
  return result.stdout ?? '';
}
export const docker = (args, options = {}) => run(DOCKER, args, { ...options, env: { ...process.env, DOCKER_BUILDKIT: '1', ...options.env } });
/** 'missing', 'stale' (a stand-in of an older recipe version or revision) or 'current'. */
export function imageState(ref, revision) {
  const format = `{{index .Config.Labels "${LABEL}"}} {{index .Config.Labels "${REVISION_LABEL}"}}`;
  const inspect = spawnSync(DOCKER, ['image', 'inspect', '-f', format, ref], { encoding: 'utf8' });
  if (inspect.status !== 0) return 'missing';
  const [label, built] = inspect.stdout.trim().split(' ');
  // Images without the label (real ones, loaded with docker load) are always current.
  if (!label || label === '<no value>') return 'current';
  if (label !== RECIPE_VERSION) return 'stale';
  return revision !== undefined && built !== revision ? 'stale' : 'current';
}
export const imageMB = (ref) => (Number(docker(['image', 'inspect', '-f', '{{.Size}}', ref]).trim()) / 1e6).toFixed(0);
export const safeName = (text) => text.replace(/[^\w.@-]+/g, '_');

/** The host's extra CA certificates ({ name: pem }); empty when the host has none. */
export function hostExtraCas() {
  if (!existsSync(HOST_EXTRA_CAS)) return {};
  const files = readdirSync(HOST_EXTRA_CAS, { recursive: true }).filter((f) => String(f).endsWith('.crt')).sort();
  return Object.fromEntries(files.map((f) => [basename(String(f)), readFileSync(join(HOST_EXTRA_CAS, String(f)), 'utf8')]));
}

/**
 * Builds `dockerfile` with a fresh build context holding `files` ({ name: sourcePath | { content } }).
 * Large sources are hard-linked into the context (cheap), copied where that is not possible.
 */
export function buildImage(ref, dockerfile, files = {}, revision = undefined) {
  mkdirSync(join(STATE, 'logs'), { recursive: true });
  const context = mkdtempSync(join(STATE, 'ctx-'));
  const logFile = join(STATE, 'logs', `${safeName(ref)}.log`);
  try {
    writeFileSync(join(context, 'Dockerfile'), dockerfile);
    for (const [name, source] of Object.entries(files)) {
      const target = join(context, name);
      if (typeof source === 'string') {
        if (spawnSync('cp', ['-al', source, target]).status !== 0) run('cp', ['-a', source, target]);
      } else {
        writeFileSync(target, source.content, { mode: source.mode ?? 0o644 });
      }
    }
    // --network host: these machines have no bridge network (RUN steps fail without it).
    const result = spawnSync(DOCKER, ['build', '--network', 'host', '--progress=plain', '--label', `${LABEL}=${RECIPE_VERSION}`, ...(revision === undefined ? [] : ['--label', `${REVISION_LABEL}=${revision}`]), '-t', ref, context], {
      encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, DOCKER_BUILDKIT: '1' },
    });
    writeFileSync(logFile, `${result.stdout ?? ''}${result.stderr ?? ''}`);
    if (result.status !== 0) {
      const tail = `${result.stdout ?? ''}${result.stderr ?? ''}`.trimEnd().split('\n').slice(-30).join('\n');
      throw new Failure(`docker build of ${ref} failed (full log: ${logFile}):\n${tail}`);
    }
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}
