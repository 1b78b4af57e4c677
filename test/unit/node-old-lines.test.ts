import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { detectDependencyEngines } from '../../src/detect/node/dependency-engines.js';
import { lint } from '../../src/lint/engine.js';
import { parseGenerateFlags, type RawGenerateFlags } from '../../src/options.js';
import type { NodePlan } from '../../src/plan/types.js';
import { bundledNpm } from '../../src/versions/node-npm.js';
import { NODE_LEGACY_RELEASES } from '../../src/versions/node-releases-legacy.js';
import { NODE_LINES, aptWorks, nodeImageVariant } from '../../src/versions/node.js';
import { resolveNodeVersion } from '../../src/versions/resolve-node.js';
import { thrown } from '../helpers/errors.js';

const json = (data: object) => JSON.stringify(data);
const engines = { source: 'package.json', field: 'engines.node' };
const tag = (spec: string) => {
  const resolved = resolveNodeVersion(spec, { ...engines, value: spec });
  return `node:${resolved.version}-${nodeImageVariant(resolved.debian)}`;
};

function run(files: Record<string, string>, flags: RawGenerateFlags = {}) {
  const generation = generate(new MemoryFs(files), '/tmp/app', parseGenerateFlags(flags));
  const dockerfile = generation.files.find((f) => f.path === 'Dockerfile')!.content;
  const dockerignore = generation.files.find((f) => f.path === '.dockerignore')!.content;
  return { plan: generation.plan as NodePlan, dockerfile, dockerignore };
}

const app = (nodeRange: string | undefined, lock: object | undefined = { lockfileVersion: 1 }) => ({
  'package.json': json({ name: 'legacy', ...(nodeRange ? { engines: { node: nodeRange } } : {}), scripts: { start: 'node server.js' }, dependencies: { ms: '^2.1.3' } }),
  ...(lock ? { 'package-lock.json': json(lock) } : {}),
  'server.js': '',
});

describe('Node.js lines before 18', () => {
  it('resolves old majors, ranges and 0.x lines to the last release and the tag its official image has', () => {
    expect(tag('16')).toBe('node:16.20.2-bookworm-slim');
    expect(tag('17.x')).toBe('node:17.9.1-bullseye-slim');
    expect(tag('14.x')).toBe('node:14.21.3-bullseye-slim');
    expect(tag('^12')).toBe('node:12.22.12-bullseye-slim');
    expect(tag('10.x')).toBe('node:10.24.1-buster-slim');
    expect(tag('8')).toBe('node:8.17.0-buster-slim');
    expect(tag('11')).toBe('node:11.15.0-stretch-slim');
    expect(tag('6.x')).toBe('node:6.17.1-stretch-slim');
    expect(tag('~4')).toBe('node:4.9.1-slim');
    expect(tag('9')).toBe('node:9.11.2-slim');
    expect(tag('0.12.x')).toBe('node:0.12.18-slim');
    expect(tag('0.10.x')).toBe('node:0.10.48-slim');
    expect(tag('~0.10.30')).toBe('node:0.10.48-slim');
  });

  it('gives an earlier patch the variant that existed for it when the last release\'s came late', () => {
    expect(tag('14.17.0')).toBe('node:14.17.0-buster-slim');
    expect(tag('14.17.6')).toBe('node:14.17.6-bullseye-slim');
    expect(tag('16.20.1')).toBe('node:16.20.1-buster-slim');
    expect(tag('10.15.3')).toBe('node:10.15.3-stretch-slim');
    expect(tag('8.11.4')).toBe('node:8.11.4-slim');
  });

  it('keeps open ranges on the newest line, and skips 0.11 (an unstable line without images)', () => {
    expect(resolveNodeVersion('>=0.10', engines).version).toBe(resolveNodeVersion('26', engines).version);
    expect(resolveNodeVersion('>=0.10 <0.12', engines).version).toBe('0.10.48');
    expect(thrown(() => resolveNodeVersion('0.11.x', { ...engines, value: '0.11.x' })).message).toMatch(/no released Node.js version satisfies it/);
    expect(thrown(() => resolveNodeVersion('0.11.15', engines)).message).toMatch(/0\.11 line was never published as an official `node` image/);
  });

  it('knows releases the npm registry copy skipped, and still refuses versions that never existed', () => {
    expect(NODE_LEGACY_RELEASES).toContain('14.17.0');
    expect(NODE_LEGACY_RELEASES).toContain('14.21.1');
    // At the end of a minor, only the second list (nodejs.org's index, via node-version-audit) has them.
    expect(NODE_LEGACY_RELEASES).toEqual(expect.arrayContaining(['14.15.3', '14.15.4', '14.15.5']));
    expect(NODE_LEGACY_RELEASES.some((v) => /^[123]\./.test(v))).toBe(false); // io.js, not Node.js
    expect(resolveNodeVersion('14.17.0', engines).version).toBe('14.17.0');
    for (const spec of ['14.17.9', '16.21.0', '0.10.49']) {
      const error = thrown(() => resolveNodeVersion(spec, { ...engines, value: spec }));
      expect(error.message).toMatch(/is not a released Node.js version/);
      expect(error.message).toContain('package.json engines.node');
      expect(error.hint).toContain('--node-version');
    }
  });

  it('warns that the line reached end of life, naming where the version came from', () => {
    const { warnings } = resolveNodeVersion('0.10.x', { ...engines, value: '0.10.x' });
    expect(warnings.join()).toMatch(/Node.js 0\.10 reached end of life on 2016-10-31.*package.json engines.node = "0\.10\.x"/);
    for (const line of NODE_LINES.filter((l) => Number(l.line) < 18)) expect(line.endOfLife < '2023-10-01').toBe(true);
  });

  it('lts/-N counts LTS lines only (even majors from 4), not the 0.x lines', () => {
    expect(resolveNodeVersion('lts/gallium', engines).version).toBe('16.20.2');
    expect(resolveNodeVersion('lts/argon', engines).version).toBe('4.9.1');
    expect(resolveNodeVersion('lts/-11', engines).version).toBe('4.9.1');
    expect(thrown(() => resolveNodeVersion('lts/-12', engines)).message).toMatch(/no LTS line 12 back/);
  });

  it('knows which Debian releases still have working apt sources', () => {
    expect(['bullseye', 'bookworm', 'trixie'].every((d) => aptWorks(d as never))).toBe(true);
    expect(['buster', 'stretch', 'jessie'].some((d) => aptWorks(d as never))).toBe(false);
  });
});

describe('the install and PID 1 steps on old lines', () => {
  it('uses the bundled npm\'s own spelling of a production install', () => {
    expect(bundledNpm('15.0.0')).toMatchObject({ ci: true, omitDev: true });
    expect(bundledNpm('14.21.3')).toMatchObject({ ci: true, omitDev: false });
    expect(bundledNpm('8.12.0')).toMatchObject({ ci: true, omitDev: false });
    expect(bundledNpm('10.0.0')).toMatchObject({ ci: false, readsLockfile: true });
    expect(bundledNpm('9.11.2')).toMatchObject({ ci: false, readsLockfile: true });
    expect(bundledNpm('6.17.1')).toMatchObject({ ci: false, readsLockfile: false, label: 'npm 3' });
    expect(bundledNpm('0.10.48')).toMatchObject({ ci: false, readsLockfile: false });

    const fourteen = run(app('14.x')).dockerfile;
    expect(fourteen).toContain('npm ci --only=production --unsafe-perm --no-audit');
    expect(fourteen).toMatch(/# --unsafe-perm: the image's npm 6 runs install scripts as root only with it/);
    const sixteen = run(app('16.x')).dockerfile;
    expect(sixteen).toContain('npm ci --omit=dev --no-audit --no-fund');
    expect(sixteen).not.toContain('--unsafe-perm');
    const nine = run(app('9.x')).dockerfile;
    expect(nine).toContain('npm install --production --unsafe-perm');
    expect(nine).not.toMatch(/^ +npm ci/m);
    expect(nine).toMatch(/# The image's npm 5 has no `npm ci`/);
    // Right above the RUN, where `dockgen lint` reads it: the missing `npm ci` was chosen.
    expect(nine).toMatch(/# dockgen-ignore npm-ci -- the npm 5 of this Node.js image has no npm ci\nRUN --mount=type=cache,target=\/root\/.npm \\\n {4}npm install --production --unsafe-perm\n/);
    expect(run(app('6.x')).dockerfile).toMatch(/# The image's npm 3 does not read the lockfile/);
    // npm-shrinkwrap.json is read by every npm.
    const { 'package-lock.json': _lock, ...unlocked } = app('6.x');
    const shrinkwrap = { ...unlocked, 'npm-shrinkwrap.json': json({ lockfileVersion: 1 }) };
    expect(run(shrinkwrap).dockerfile).toMatch(/# The image's npm 3 has no `npm ci`: `npm install` follows the lockfile/);
  });

  it('builds the dev install of a build stage with the same npm', () => {
    const files = { ...app('12.x'), 'package.json': json({ name: 'b', engines: { node: '12.x' }, scripts: { build: 'tsc', start: 'node dist/server.js' }, dependencies: { ms: '1' } }) };
    const { dockerfile } = run(files);
    expect(dockerfile).toMatch(/FROM base AS build[\s\S]*npm ci --unsafe-perm --no-audit\n/);
  });

  it('installs tini with apt where the image\'s Debian still has a mirror, and copies the static one otherwise', () => {
    const bullseye = run(app('14.x')).dockerfile;
    expect(bullseye).toContain('apt-get install -y --no-install-recommends tini');
    expect(bullseye).not.toContain('AS tini');

    const buster = run(app('10.x'));
    expect(buster.dockerfile).toMatch(/# Debian's static tini: the runtime image is Debian buster, whose packages have moved to archive\.debian\.org/);
    expect(buster.dockerfile).toMatch(/FROM debian:bookworm-slim AS tini\nRUN apt-get update \\\n {4}&& apt-get install -y --no-install-recommends tini/);
    const runtime = buster.dockerfile.slice(buster.dockerfile.indexOf('FROM base AS runtime'));
    expect(runtime).not.toContain('apt-get');
    expect(runtime).toContain('COPY --from=tini /usr/bin/tini-static /usr/bin/tini');
    expect(runtime).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]');
    expect(buster.plan.imageVariant).toBe('buster-slim');

    const none = run(app('10.x'), { init: 'none' }).dockerfile;
    expect(none).not.toContain('tini');
  });

  it('warns when the package manager the build installs cannot run on the old Node.js', () => {
    const pnpm = (range: string, pin?: string) => run({
      'package.json': json({ name: 'p', engines: { node: range }, ...(pin ? { packageManager: pin } : {}), scripts: { start: 'node s.js' }, dependencies: { ms: '1' } }),
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      's.js': '',
    }).plan.warnings.join('\n');
    expect(pnpm('14.x')).toMatch(/pnpm 10\.\d+\.\d+ needs Node\.js 18\.12\.0 or later, but the image has Node\.js 14\.21\.3: its install fails\..*"packageManager".*--node-version/);
    expect(pnpm('14.x', 'pnpm@7.33.7')).not.toMatch(/needs Node\.js/);
    expect(pnpm('20')).not.toMatch(/needs Node\.js/);
    const yarn = run({ 'package.json': json({ name: 'y', engines: { node: '4.x' }, scripts: { start: 'node s.js' }, dependencies: { ms: '1' } }), 'yarn.lock': '', 's.js': '' });
    expect(yarn.plan.warnings.join('\n')).toMatch(/Yarn 1\.22\.22 needs Node\.js 6\.0\.0 or later, but the image has Node\.js 4\.9\.1/);
  });

  it('writes Dockerfiles that dockgen lint accepts without a finding on every old line', () => {
    for (const range of ['0.10.x', '4', '6', '8', '9', '10', '12', '14', '16']) {
      const { dockerfile, dockerignore } = run(app(range));
      const findings = lint({ dockerfilePath: 'Dockerfile', dockerfile, dockerignore: { path: '.dockerignore', text: dockerignore }, context: { exists: () => true } });
      expect(findings.map((f) => `${range}: ${f.rule} ${f.message}`)).toEqual([]);
    }
  });
});

describe('no version declared: the dependencies\' engines from package-lock.json', () => {
  const lock = (packages: Record<string, object>) => ({ lockfileVersion: 3, packages: { '': { name: 'legacy', dependencies: { ms: '^2.1.3' } }, ...packages } });

  it('reads engines.node of installed packages, leaving out optional ones and unreadable ranges', () => {
    const fs = new MemoryFs({
      'package-lock.json': json(lock({
        'node_modules/a': { version: '1.0.0', engines: { node: '>=10 <17' } },
        'node_modules/a/node_modules/b': { version: '1.0.0', dev: true, engines: { node: '^14 || ^16' } },
        'node_modules/c': { version: '1.0.0', optional: true, engines: { node: '<12' } },
        'node_modules/d': { version: '1.0.0', engines: { node: 'node >= 8, please' } },
        'node_modules/e': { version: '1.0.0', engines: ['node >= 0.4'] },
        'packages/x': { engines: { node: '<10' } },
      })),
    });
    expect(detectDependencyEngines(fs, 'package-lock.json')).toEqual([
      { path: 'node_modules/a', range: '>=10 <17', dev: false, source: 'package-lock.json' },
      { path: 'node_modules/a/node_modules/b', range: '^14 || ^16', dev: true, source: 'package-lock.json' },
    ]);
    expect(detectDependencyEngines(new MemoryFs({ 'package-lock.json': '{not json' }), 'package-lock.json')).toEqual([]);
    expect(detectDependencyEngines(new MemoryFs({ 'package-lock.json': json({ lockfileVersion: 1, dependencies: {} }) }), 'package-lock.json')).toEqual([]);
    expect(detectDependencyEngines(new MemoryFs({ 'yarn.lock': '' }), 'yarn.lock')).toEqual([]);
  });

  it('keeps the default line when every dependency accepts it, without a warning', () => {
    const { plan } = run(app(undefined, lock({ 'node_modules/ms': { version: '2.1.3', engines: { node: '>=0.10' } } })));
    expect(plan.args[0]!.value).toBe(resolveNodeVersion('26', engines).version);
    expect(plan.warnings.join('\n')).not.toMatch(/No Node\.js version is declared/);
  });

  it('chooses the newest line that all dependencies accept, and says so with the evidence and the flag', () => {
    const { plan, dockerfile } = run(app(undefined, lock({
      'node_modules/ms': { version: '2.1.3', engines: { node: '>=0.10' } },
      'node_modules/old-native': { version: '3.0.0', engines: { node: '>=12 <17' } },
    })));
    expect(plan.args[0]!.value).toBe('16.20.2');
    expect(dockerfile).toContain('FROM node:${NODE_VERSION}-bookworm-slim AS base');
    expect(dockerfile).toMatch(/# Node\.js 16\.20\.2: the newest release that all dependencies accept \(package-lock\.json packages\["node_modules\/old-native"\]\.engines\.node = ">=12 <17"; no version declared\)/);
    const warning = plan.warnings.find((w) => w.startsWith('No Node.js version is declared'))!;
    expect(warning).toMatch(/a dependency refuses Node\.js 26\.\d+\.\d+: old-native \(package-lock\.json packages\["node_modules\/old-native"\]\.engines\.node = ">=12 <17"\)/);
    expect(warning).toMatch(/Using Node\.js 16\.20\.2, the newest release that all dependencies accept\./);
    expect(warning).toContain('--node-version');
    expect(plan.warnings.join('\n')).toMatch(/Node\.js 16 reached end of life/);
  });

  it('lets a dev dependency give way when no release satisfies every package, and keeps the default when nothing fits', () => {
    const devConflict = run(app(undefined, lock({
      'node_modules/runtime-dep': { version: '1.0.0', engines: { node: '^14' } },
      'node_modules/linter': { version: '9.0.0', dev: true, engines: { node: '>=18' } },
    })));
    expect(devConflict.plan.args[0]!.value).toBe('14.21.3');
    expect(devConflict.plan.warnings.join('\n')).toMatch(/the newest release that all production dependencies accept \(a dev dependency refuses it\)/);

    const impossible = run(app(undefined, lock({
      'node_modules/a': { version: '1.0.0', engines: { node: '^14' } },
      'node_modules/b': { version: '1.0.0', engines: { node: '>=18' } },
    })));
    expect(impossible.plan.args[0]!.value).toBe(resolveNodeVersion('26', engines).version);
    expect(impossible.plan.warnings.join('\n')).toMatch(/a dependency refuses Node\.js 26.*no Node\.js release satisfies every production dependency, so the default stays.*--node-version/s);
  });

  it('keeps the default when only dev dependencies refuse it and no release suits them all, saying so', () => {
    const { plan } = run(app(undefined, lock({
      'node_modules/runtime-dep': { version: '1.0.0', engines: { node: '>=18' } },
      'node_modules/old-tool': { version: '1.0.0', dev: true, engines: { node: '<12' } },
    })));
    expect(plan.args[0]!.value).toBe(resolveNodeVersion('26', engines).version);
    expect(plan.warnings.join('\n')).toMatch(/a dependency refuses Node\.js 26.*old-tool.*only dev dependencies refuse it, and no release satisfies them together with the rest, so the default stays/s);
  });

  it('never overrides a declared version or the flag', () => {
    const refusing = lock({ 'node_modules/old': { version: '1.0.0', engines: { node: '<17' } } });
    expect(run(app('22', refusing)).plan.args[0]!.value).toMatch(/^22\./);
    expect(run(app(undefined, refusing), { nodeVersion: '24' }).plan.args[0]!.value).toMatch(/^24\./);
  });
});

describe('engines ranges that no release satisfies', () => {
  it('fails with an error naming package.json engines.node and the flag', () => {
    for (const range of ['>=40', '^19.99', '0.11.x']) {
      const error = thrown(() => run(app(range)));
      expect(error.message).toContain(`Cannot use the Node.js version "${range}" from package.json engines.node = "${range}"`);
      expect(error.message).toMatch(/no released Node\.js version satisfies it/);
      expect(error.hint).toMatch(/Fix engines\.node in package\.json .*or pass --node-version/);
    }
  });
});
