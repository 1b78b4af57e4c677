import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { BIN, tempProjects } from '../helpers/cli.js';
import { digestOf, startFakeRegistry, type FakeRegistry } from '../helpers/fake-registry.js';

/** The CLI, spawned without blocking: the registry it talks to runs in this process. */
function dockgen(args: string[], cwd?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, CI: '', DOCKGEN_ORG_CONFIG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const projects = tempProjects('pins');
const NODE_TAG = '26.10.0-trixie-slim';

describe('--pin-digests and dockgen update, against a registry in the test process', () => {
  let registry: FakeRegistry;
  let org: string;
  let image: string;
  beforeAll(async () => {
    registry = await startFakeRegistry({ token: true });
    const folder = projects.empty('org');
    org = join(folder, 'org.json');
    writeFileSync(org, JSON.stringify({ registryMirror: `${registry.host}/mirror` }));
    image = `${registry.host}/mirror/library/node:${NODE_TAG}`;
  });
  afterAll(() => registry.close());

  it('pins, records, re-runs offline, checks without the registry, and updates a moved tag', async () => {
    const first = registry.put('mirror/library/node', NODE_TAG, '{"schemaVersion":2,"build":1}');
    const dir = projects.copy('node-express-npm');
    const pinned = await dockgen([dir, '--yes', '--pin-digests', '--org-config', org]);
    expect(pinned.stderr).toBe('');
    expect(pinned.code).toBe(0);
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`\nFROM ${image}@${first} AS base\n`);
    const record = JSON.parse(readFileSync(join(dir, 'dockgen.json'), 'utf8'));
    expect(record.digests).toEqual({ [image]: first });

    // Same project, same file: the recorded digest is used, the registry is not asked.
    const asked = registry.requests.length;
    const again = await dockgen([dir, '--yes', '--org-config', org]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/identical\s+Dockerfile/);
    expect(registry.requests.length).toBe(asked);

    // The tag moves to a rebuilt image.
    const second = registry.put('mirror/library/node', NODE_TAG, '{"schemaVersion":2,"build":2}');
    const check = await dockgen([dir, '--check', '--org-config', org]);
    expect(check.code).toBe(0);
    expect(registry.requests.length).toBe(asked);
    const stale = await dockgen(['update', dir, '--check', '--org-config', org]);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain(`-FROM ${image}@${first} AS base`);
    expect(stale.stdout).toContain(`+FROM ${image}@${second} AS base`);
    expect(stale.stderr).toContain('dockgen update');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(dockerfile);

    const dry = await dockgen(['update', dir, '--dry-run', '--org-config', org]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`+FROM ${image}@${second} AS base`);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(dockerfile);

    const updated = await dockgen(['update', dir, '--org-config', org]);
    expect(updated.code).toBe(0);
    expect(updated.stdout).toMatch(/overwrote\s+Dockerfile/);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(dockerfile.replace(first, second));
    expect(JSON.parse(readFileSync(join(dir, 'dockgen.json'), 'utf8')).digests).toEqual({ [image]: second });
    expect((await dockgen(['update', dir, '--check', '--org-config', org])).code).toBe(0);
  });

  it('keeps a digest a bot refreshed, and updates over it without --force', async () => {
    const current = registry.put('mirror/library/node', NODE_TAG, '{"schemaVersion":2,"build":3}');
    const dir = projects.copy('node-express-npm');
    expect((await dockgen([dir, '--yes', '--pin-digests', '--org-config', org])).code).toBe(0);
    const path = join(dir, 'Dockerfile');
    const botDigest = digestOf('refreshed by a bot');
    writeFileSync(path, readFileSync(path, 'utf8').replace(current, botDigest));
    const rerun = await dockgen([dir, '--yes', '--org-config', org]);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/identical\s+Dockerfile/);
    expect(JSON.parse(readFileSync(join(dir, 'dockgen.json'), 'utf8')).digests).toEqual({ [image]: botDigest });

    writeFileSync(path, readFileSync(path, 'utf8').replace(botDigest, digestOf('a second bot refresh')));
    const updated = await dockgen(['update', dir, '--org-config', org]);
    expect(updated.code).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain(`@${current} AS base`);

    // A hand edit elsewhere is not a digest refresh: update refuses it without --force.
    writeFileSync(path, readFileSync(path, 'utf8').replace('WORKDIR /app', 'WORKDIR /srv'));
    registry.put('mirror/library/node', NODE_TAG, '{"schemaVersion":2,"build":4}');
    const refused = await dockgen(['update', dir, '--org-config', org]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Dockerfile already exists and differs');
    expect((await dockgen(['update', dir, '--force', '--org-config', org])).code).toBe(0);
  });

  it('fails with exit 2 and writes nothing when the registry is unreachable or the tag is missing', async () => {
    const dir = projects.copy('node-express-npm');
    const offline = projects.empty('org-offline');
    const closed = await startFakeRegistry();
    await closed.close();
    writeFileSync(join(offline, 'org.json'), JSON.stringify({ registryMirror: `${closed.host}/mirror` }));
    const unreachable = await dockgen([dir, '--yes', '--pin-digests', '--org-config', join(offline, 'org.json')]);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain(`Cannot resolve the digest of ${closed.host}/mirror/library/node:${NODE_TAG} at ${closed.host}: nothing answers there (ECONNREFUSED).`);
    writeFileSync(join(offline, 'missing.json'), JSON.stringify({ registryMirror: `${registry.host}/elsewhere` }));
    const missing = await dockgen([dir, '--yes', '--pin-digests', '--org-config', join(offline, 'missing.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`the tag ${NODE_TAG} does not exist in elsewhere/library/node`);
    for (const file of ['Dockerfile', '.dockerignore', 'dockgen.json']) expect(existsSync(join(dir, file)), file).toBe(false);
  });

  it('--check fails when pinning is on and the Dockerfile on disk has no digest', async () => {
    registry.put('mirror/library/node', NODE_TAG, '{"schemaVersion":2,"build":5}');
    const dir = projects.copy('node-express-npm');
    expect((await dockgen([dir, '--yes', '--pin-digests', '--org-config', org])).code).toBe(0);
    const path = join(dir, 'Dockerfile');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/@sha256:[0-9a-f]{64}/, ''));
    const check = await dockgen([dir, '--check', '--org-config', org]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`+FROM ${image}@sha256:`);
  });

  it("resolves the image the org config's image map names, at that registry", async () => {
    const digest = registry.put('base/node', NODE_TAG, '{"schemaVersion":2,"mapped":true}');
    const folder = projects.empty('org-map');
    writeFileSync(join(folder, 'org.json'), JSON.stringify({ images: { node: `${registry.host}/base/node` }, allowedImages: [`${registry.host}/base/*`] }));
    const dir = projects.copy('node-express-npm');
    const result = await dockgen([dir, '--yes', '--pin-digests', '--org-config', join(folder, 'org.json')]);
    expect(result.stderr).toBe('');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toContain(`\nFROM ${registry.host}/base/node:${NODE_TAG}@${digest} AS base\n`);
  });

  it('--no-pin-digests writes plain tags again and drops the record', async () => {
    registry.put('mirror/library/node', NODE_TAG, '{"schemaVersion":2,"build":6}');
    const dir = projects.copy('node-express-npm');
    expect((await dockgen([dir, '--yes', '--pin-digests', '--org-config', org])).code).toBe(0);
    expect((await dockgen([dir, '--yes', '--no-pin-digests', '--org-config', org])).code).toBe(0);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toContain(`\nFROM ${registry.host}/mirror/library/node:\${NODE_VERSION}-trixie-slim AS base\n`);
    expect(JSON.parse(readFileSync(join(dir, 'dockgen.json'), 'utf8')).digests).toBeUndefined();
  });
});

describe('--renovate and --dependabot', () => {
  it('writes both through the usual write path and records them', async () => {
    const dir = projects.copy('node-express-npm');
    const dry = await dockgen([dir, '--yes', '--renovate', '--dependabot', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/would create\s+renovate\.json/);
    expect(dry.stdout).toMatch(/would create\s+\.github\/dependabot\.yml/);
    expect(existsSync(join(dir, 'renovate.json'))).toBe(false);

    const written = await dockgen([dir, '--yes', '--renovate', '--dependabot']);
    expect(written.code).toBe(0);
    const renovate = JSON.parse(readFileSync(join(dir, 'renovate.json'), 'utf8'));
    expect(renovate).toEqual({
      $schema: 'https://docs.renovatebot.com/renovate-schema.json',
      description: expect.stringContaining('dockgen update'),
      pinDigests: true,
      packageRules: [{ description: expect.any(String), matchManagers: ['dockerfile'], matchUpdateTypes: ['major', 'minor', 'patch'], enabled: false }],
    });
    const dependabot = parseYaml(readFileSync(join(dir, '.github/dependabot.yml'), 'utf8'));
    expect(dependabot).toEqual({
      version: 2,
      updates: [
        {
          'package-ecosystem': 'docker',
          directory: '/',
          schedule: { interval: 'weekly' },
          ignore: [{ 'dependency-name': '*', 'update-types': ['version-update:semver-major', 'version-update:semver-minor', 'version-update:semver-patch'] }],
        },
      ],
    });
    expect(JSON.parse(readFileSync(join(dir, 'dockgen.json'), 'utf8')).updateBots).toEqual(['dependabot', 'renovate']);
    // Recorded: a plain re-run writes the same files, and --check covers them.
    expect((await dockgen([dir, '--check'])).stdout).toMatch(/up to date\s+renovate\.json/);
    writeFileSync(join(dir, 'renovate.json'), '{"extends":["config:recommended"]}\n');
    const conflict = await dockgen([dir, '--yes']);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain('renovate.json already exists and differs');
    expect(readFileSync(join(dir, 'renovate.json'), 'utf8')).toBe('{"extends":["config:recommended"]}\n');
  });

  it('names the project folder inside its repository for Dependabot, and says where the file belongs', async () => {
    const repo = projects.empty('repo');
    mkdirSync(join(repo, '.git'));
    const dir = join(repo, 'services', 'api');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'api', scripts: { start: 'node server.js' } }));
    writeFileSync(join(dir, 'server.js'), 'require("http").createServer().listen(process.env.PORT)\n');
    const result = await dockgen([dir, '--yes', '--dependabot']);
    expect(result.code).toBe(0);
    expect(parseYaml(readFileSync(join(dir, '.github/dependabot.yml'), 'utf8')).updates[0].directory).toBe('/services/api');
    expect(result.stderr).toContain('GitHub reads .github/dependabot.yml only at the root of the repository');
  });
});
