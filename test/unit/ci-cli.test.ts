import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempProjects } from '../helpers/cli.js';

const { copy, empty } = tempProjects('ci-cli');
const WORKFLOW = '.github/workflows/docker.yml';

/** A fixture as a user's project: the expected files in place, as `dockgen` wrote them. */
function project(fixture = 'go-chi-router'): string {
  const dir = copy(fixture);
  expect(runCli([dir, '--yes', '-q']).code).toBe(0);
  return dir;
}

describe('dockgen ci', () => {
  it('writes the workflow and records its answers; --check passes, then catches drift (1) and a missing file (2)', () => {
    const dir = project();
    const first = runCli(['ci', dir, '--image', 'acme/notes', '-q']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`created  ${WORKFLOW}`);
    const written = readFileSync(join(dir, WORKFLOW), 'utf8');
    expect(written).toContain('IMAGE: ghcr.io/acme/notes');
    const config = JSON.parse(readFileSync(join(dir, 'dockgen.json'), 'utf8'));
    expect(config.ci).toEqual({ provider: 'github', image: 'acme/notes' });
    expect(config.stack).toBe('go');

    // No flags: the recorded answers make the same file.
    expect(runCli(['ci', dir, '--check', '-q']).code).toBe(0);
    // dockgen (init) keeps the "ci" answers when it rewrites dockgen.json.
    expect(runCli([dir, '--yes', '-q', '--port', '9090', '--force']).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'dockgen.json'), 'utf8')).ci).toEqual({ provider: 'github', image: 'acme/notes' });

    writeFileSync(join(dir, WORKFLOW), written.replace('timeout-minutes: 60', 'timeout-minutes: 5'));
    const drift = runCli(['ci', dir, '--check', '-q']);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain(`differs     ${WORKFLOW}`);
    expect(drift.stdout).toContain('+    timeout-minutes: 60');
    rmSync(join(dir, WORKFLOW));
    const missing = runCli(['ci', dir, '--check', '-q']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing');
  });

  it('never overwrites a different file without --force; --dry-run shows the diff and writes nothing', () => {
    const dir = project();
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(dir, WORKFLOW), 'name: mine\n');
    const refused = runCli(['ci', dir, '-q']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--force');
    expect(readFileSync(join(dir, WORKFLOW), 'utf8')).toBe('name: mine\n');

    const dry = runCli(['ci', dir, '--dry-run', '-q']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`would conflict  ${WORKFLOW}`);
    expect(dry.stdout).toContain('-name: mine');
    expect(dry.stdout).toContain('Nothing was written (--dry-run).');
    expect(readFileSync(join(dir, WORKFLOW), 'utf8')).toBe('name: mine\n');
    expect(JSON.parse(readFileSync(join(dir, 'dockgen.json'), 'utf8')).ci).toBeUndefined();

    expect(runCli(['ci', dir, '--force', '-q']).code).toBe(0);
    expect(readFileSync(join(dir, WORKFLOW), 'utf8')).toContain('docker/build-push-action@');
  });

  it('--provider gitlab writes .gitlab-ci.yml; --json prints the file and the platforms and writes nothing', () => {
    const dir = project('node-native-addon');
    const json = runCli(['ci', dir, '--provider', 'gitlab', '--json', '-q']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ schema: 1, provider: 'gitlab', file: '.gitlab-ci.yml', platforms: ['linux/amd64'] });
    expect(report.content).toContain('buildah build');
    expect(existsSync(join(dir, '.gitlab-ci.yml'))).toBe(false);
    expect(runCli(['ci', dir, '--provider', 'gitlab', '-q']).code).toBe(0);
    expect(existsSync(join(dir, '.gitlab-ci.yml'))).toBe(true);
    expect(runCli(['ci', dir, '--check', '-q']).code).toBe(0);
  });

  it('refuses a hostile value, and a .github that is a link out of the project, writing nothing', () => {
    const dir = project();
    const bad = runCli(['ci', dir, '--image', 'x\n  evil: true']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--image');
    const outside = empty('outside');
    symlinkSync(outside, join(dir, '.github'));
    const linked = runCli(['ci', dir, '-q']);
    expect(linked.code).toBe(2);
    expect(linked.stderr).toContain('symbolic link');
    expect(existsSync(join(outside, 'workflows'))).toBe(false);
  });

  it('a project in a subfolder: --context, checked from the repository root', () => {
    const root = empty('monorepo');
    const service = project();
    mkdirSync(join(root, 'services'));
    cpSync(service, join(root, 'services', 'api'), { recursive: true });
    const result = runCli(['ci', root, '--context', 'services/api', '-q']);
    expect(result.code, result.stderr).toBe(0);
    const workflow = readFileSync(join(root, WORKFLOW), 'utf8');
    expect(workflow).toContain('file: services/api/Dockerfile');
    expect(workflow).toContain('npx --yes dockgen@0.1.0 services/api --check');
    expect(runCli(['ci', root, '--check', '-q']).code).toBe(0);
  });
});
