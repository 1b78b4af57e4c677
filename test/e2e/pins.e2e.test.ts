import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { build, docker, dockerOrThrow } from './docker.js';
import { copyProject } from '../helpers/fixtures.js';

/**
 * Digest pinning against a real registry on loopback (scripts/e2e/registry.sh: Debian's
 * docker-registry): a stand-in base image pushed under a test name, resolved by dockgen through
 * the org config's mirror, built on the engine from the pinned Dockerfile (the engine must pull
 * `127.0.0.1:<port>/…@sha256:…`), then rebuilt and pushed under the same tag, which `dockgen update`
 * must pick up. Run it under the engine lock like every e2e build.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const engine = inject('engine');
if (engine.ok && engine.dockerHost) process.env['DOCKER_HOST'] = engine.dockerHost;
const NAMESPACE = 'dockgen-pins-e2e';
const FIXTURE = 'node-zero-deps';

function startRegistry(): { registry: string } | { reason: string } {
  if (!engine.ok) return { reason: `no Docker engine (${engine.reason})` };
  const started = spawnSync('bash', [join(ROOT, 'scripts/e2e/registry.sh')], { encoding: 'utf8', timeout: 10 * 60_000 });
  const registry = /^REGISTRY=(\S+)$/m.exec(started.stdout ?? '')?.[1];
  return started.status === 0 && registry ? { registry } : { reason: `scripts/e2e/registry.sh failed (exit ${started.status}): ${(started.stderr ?? '').trim().split('\n').at(-1)}` };
}
const started = startRegistry();
if ('reason' in started) console.warn(`\n[e2e] digest pinning SKIPPED: ${started.reason}.\n[e2e] Start an engine (bash scripts/e2e/engine.sh) and a registry (bash scripts/e2e/registry.sh).\n`);

function dockgen(args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/dockgen.js'), ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true', DOCKGEN_ORG_CONFIG: '' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The digest the registry serves for a tag, asked by skopeo: a second opinion on dockgen's. */
function registryDigest(ref: string): string {
  const result = spawnSync('skopeo', ['inspect', '--tls-verify=false', '--format', '{{.Digest}}', `docker://${ref}`], { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`skopeo inspect ${ref} failed: ${result.stderr}`);
  return result.stdout.trim();
}

describe.skipIf('reason' in started)('digest pinning against a registry on loopback', () => {
  const registry = 'registry' in started ? started.registry : '';
  const work = mkdtempSync(join(tmpdir(), 'dockgen-pins-e2e-'));
  const dir = join(work, FIXTURE);
  const org = join(work, 'org.json');
  const tags: string[] = [];
  let upstream = '';
  let mirrored = '';
  let first = '';

  beforeAll(() => {
    copyProject(FIXTURE, dir);
    const plain = dockgen([dir, '--stdout']);
    expect(plain.code).toBe(0);
    upstream = /^FROM (node:\S+) AS base$/m.exec(plain.stdout.replace(/\$\{NODE_VERSION\}/, /^ARG NODE_VERSION=(\S+)$/m.exec(plain.stdout)![1]!))![1]!;
    const standins = spawnSync(process.execPath, [join(ROOT, 'scripts/e2e/standins.mjs'), upstream], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 40 * 60_000 });
    if (standins.status !== 0) throw new Error(`the stand-in ${upstream} could not be built`);
    mirrored = `${registry}/${NAMESPACE}/library/${upstream}`;
    const copy = spawnSync('skopeo', ['copy', '-q', '--src-daemon-host', process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock', '--dest-tls-verify=false', `docker-daemon:${upstream}`, `docker://${mirrored}`], { encoding: 'utf8', timeout: 10 * 60_000 });
    if (copy.status !== 0) throw new Error(`skopeo copy to ${mirrored} failed: ${copy.stderr}`);
    writeFileSync(org, JSON.stringify({ registryMirror: `${registry}/${NAMESPACE}` }));
  });

  afterAll(() => {
    for (const tag of tags) docker(['rmi', '-f', tag]);
    rmSync(work, { recursive: true, force: true });
  });

  it('pins the mirrored image to the digest the registry serves', () => {
    const result = dockgen([dir, '--yes', '--pin-digests', '--org-config', org]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    first = registryDigest(mirrored);
    expect(first).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toContain(`\nFROM ${mirrored}@${first} AS base\n`);
    expect(JSON.parse(readFileSync(join(dir, 'dockgen.json'), 'utf8')).digests).toEqual({ [mirrored]: first });
  });

  it('builds from the pinned Dockerfile, pulling the image by digest from the registry', () => {
    // Nothing local under the mirror's name: the engine has to pull it, by digest.
    docker(['rmi', '-f', mirrored, `${mirrored.replace(/:[^:/]+$/, '')}@${first}`]);
    const tag = `${NAMESPACE}:first`;
    tags.push(tag);
    const result = build(dir, tag);
    expect(result.code, result.stderr.slice(-3000)).toBe(0);
    // BuildKit resolves the reference at the registry (it keeps what it pulls in its own store, not
    // among the engine's images), and the image is built on exactly the pushed layers.
    expect(`${result.stdout}${result.stderr}`).toMatch(new RegExp(`resolve ${escape(`${mirrored}@${first}`)}\\b`));
    const layers = (image: string) => JSON.parse(dockerOrThrow(['image', 'inspect', '--format', '{{json .RootFS.Layers}}', image]).stdout) as string[];
    const base = layers(upstream);
    expect(layers(tag).slice(0, base.length)).toEqual(base);
  });

  it('dockgen update moves the pin when the tag is pushed again, and --check sees it', () => {
    // A rebuilt base image (as upstream does for security fixes), pushed under the same tag.
    const rebuilt = join(work, 'rebuilt');
    copyProject(FIXTURE, rebuilt);
    const stamp = String(Date.now());
    writeFileSync(join(rebuilt, 'Dockerfile'), `FROM ${upstream}\nLABEL org.example.rebuilt="${stamp}"\n`);
    dockerOrThrow(['build', '--network', 'host', '-t', mirrored, rebuilt]);
    tags.push(mirrored);
    dockerOrThrow(['push', mirrored]);
    const second = registryDigest(mirrored);
    expect(second).not.toBe(first);

    expect(dockgen([dir, '--check', '--org-config', org]).code).toBe(0);
    const stale = dockgen(['update', dir, '--check', '--org-config', org]);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain(`+FROM ${mirrored}@${second} AS base`);
    const updated = dockgen(['update', dir, '--org-config', org]);
    expect(updated.code, updated.stderr).toBe(0);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toContain(`\nFROM ${mirrored}@${second} AS base\n`);
    expect(dockgen(['update', dir, '--check', '--org-config', org]).code).toBe(0);

    // The next build is on the rebuilt image: its label is in the final image.
    const tag = `${NAMESPACE}:second`;
    tags.push(tag);
    docker(['rmi', '-f', mirrored]);
    const result = build(dir, tag);
    expect(result.code, result.stderr.slice(-3000)).toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain(`${mirrored}@${second}`);
    expect(dockerOrThrow(['image', 'inspect', '--format', '{{index .Config.Labels "org.example.rebuilt"}}', tag]).stdout.trim()).toBe(stamp);
  });
});
