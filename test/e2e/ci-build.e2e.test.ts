import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { copyProject } from '../helpers/fixtures.js';
import { baseImages } from '../helpers/dockerfile-checks.js';
import { computeTags } from '../../src/ci/tags.js';
import { dockerOrThrow } from './docker.js';

/**
 * The build commands of `dockgen ci --provider gitlab`, run as the pipeline runs them: the
 * image-build job's script, taken from the generated .gitlab-ci.yml, in a git repository at a release
 * tag, with Buildah against a registry on loopback (port 5001). The first build pushes the registry
 * cache and the tags; the second starts from an empty image store and must take every step from the
 * cache in the registry. (The GitHub workflow's Buildx build cannot run here: no buildx plugin.)
 * Run under the engine lock like every e2e run: `docker save` reads the stand-in base image.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const engine = inject('engine');
const buildah = spawnSync('buildah', ['--version'], { encoding: 'utf8' }).status === 0;
const REASON = !engine.ok ? `no Docker engine (${engine.reason})` : !buildah ? 'buildah is not installed' : undefined;
if (REASON) console.warn(`\n[e2e] SKIPPED the CI build test: ${REASON}.\n`);

const FIXTURE = 'static-plain-root';
const work = mkdtempSync(join(tmpdir(), 'dockgen-ci-e2e-'));
afterAll(() => {
  if (!process.env['DOCKGEN_E2E_KEEP']) rmSync(work, { recursive: true, force: true });
});

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const start = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60_000, ...options, env: { ...process.env, ...options.env } });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${output.slice(-4000)}`);
  return { output, seconds: (performance.now() - start) / 1000 };
}

/** A Buildah image store of its own (a "clean local store"), holding only the base image. */
function freshStore(name: string, archive: string, image: string): string {
  const dir = join(work, `store-${name}`);
  const conf = join(work, `storage-${name}.conf`);
  writeFileSync(conf, `[storage]\ndriver = "vfs"\ngraphroot = "${dir}/root"\nrunroot = "${dir}/run"\n`);
  const env = { CONTAINERS_STORAGE_CONF: conf };
  const id = run('buildah', ['pull', '-q', `docker-archive:${archive}`], { env }).output.trim().split('\n').at(-1)!;
  run('buildah', ['tag', id, image], { env });
  return conf;
}

describe.skipIf(REASON !== undefined)('the CI file\'s build on a registry on loopback', () => {
  it('pushes the tags git gives and the layer cache; a second build from an empty store takes every step from that cache', () => {
    const registry = /^REGISTRY=(\S+)$/m.exec(run('bash', [join(ROOT, 'scripts/e2e/registry.sh'), '5001']).output)![1]!;
    const dir = join(work, 'project');
    copyProject(FIXTURE, dir);
    run(process.execPath, [join(ROOT, 'bin/dockgen.js'), dir, '--yes', '-q']);
    run(process.execPath, [join(ROOT, 'bin/dockgen.js'), 'ci', dir, '--provider', 'gitlab', '-q']);
    const git = (...args: string[]) => run('git', ['-C', dir, '-c', 'user.email=e2e@dockgen.invalid', '-c', 'user.name=e2e', ...args]).output.trim();
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'release');
    git('tag', 'v1.2.3');
    const sha = git('rev-parse', 'HEAD');

    // The base image, from the engine's stand-ins (the same name the Dockerfile uses).
    const [image] = baseImages(readFileSync(join(dir, 'Dockerfile'), 'utf8'));
    run(process.execPath, [join(ROOT, 'scripts/e2e/standins.mjs'), image!], {});
    const archive = join(work, 'base.tar');
    dockerOrThrow(['save', image!, '-o', archive]);

    // The job as GitLab would run it: its variables, then its script, in one shell.
    const pipeline = parse(readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8'));
    const job = pipeline['image-build'];
    const repository = `dockgen-ci-e2e/${randomBytes(4).toString('hex')}`;
    const registries = join(work, 'registries.conf');
    writeFileSync(registries, `[[registry]]\nlocation = "${registry}"\ninsecure = true\n`);
    const predefined: Record<string, string> = {
      CI_REGISTRY_IMAGE: `${registry}/${repository}`,
      CI_REGISTRY_USER: '',
      CI_REGISTRY_PASSWORD: '',
      CI_COMMIT_TAG: 'v1.2.3',
      CI_COMMIT_SHORT_SHA: sha.slice(0, 8),
      CI_COMMIT_REF_SLUG: 'v1-2-3',
      PUSH: job.rules.find((rule: { if: string }) => rule.if === '$CI_COMMIT_TAG').variables.PUSH,
    };
    const expand = (value: string) => value.replace(/\$([A-Z_]+)/g, (_, name: string) => predefined[name] ?? '');
    const variables = Object.fromEntries(Object.entries({ ...pipeline.variables, ...job.variables } as Record<string, string>).map(([k, v]) => [k, expand(v)]));
    expect(variables['IMAGE']).toBe(`${registry}/${repository}`);
    const script = (job.script as string[]).join('\n');
    const build = (store: string) => run('sh', ['-euc', script], { cwd: dir, env: { ...predefined, ...variables, CONTAINERS_STORAGE_CONF: store, CONTAINERS_REGISTRIES_CONF: registries } });

    const first = build(freshStore('first', archive, image!));
    const steps = (first.output.match(/^\[\d+\/\d+\] STEP \d+\/\d+: (?!FROM)/gm) ?? []).length;
    expect(steps).toBeGreaterThan(5);
    const tags = computeTags({ kind: 'tag', name: 'v1.2.3' }, sha, 'gitlab');
    expect(tags).toEqual(['1.2.3', '1.2', sha.slice(0, 8)]);
    const listed = JSON.parse(run('curl', ['-fsS', `http://${registry}/v2/${repository}/tags/list`]).output);
    expect([...listed.tags].sort()).toEqual([...tags].sort());
    const cache = JSON.parse(run('curl', ['-fsS', `http://${registry}/v2/${repository}/buildcache/tags/list`]).output);
    expect(cache.tags.length).toBeGreaterThanOrEqual(steps);

    const second = build(freshStore('second', archive, image!));
    const pulled = (second.output.match(/^--> Cache pulled from remote /gm) ?? []).length;
    const used = (second.output.match(/^--> Using cache /gm) ?? []).length;
    process.stderr.write(`[e2e] CI build: first ${first.seconds.toFixed(1)} s (${steps} steps), second from an empty store ${second.seconds.toFixed(1)} s, ${pulled} steps pulled from the registry cache\n`);
    expect(pulled).toBe(steps);
    expect(used).toBe(steps);
    expect(second.output).not.toMatch(/^\[\d+\/\d+\] STEP \d+\/\d+: RUN [^\n]*\n(?!--> Cache pulled)/m);
  }, 10 * 60_000);
});
