import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { nodeInstall } from '../../src/lint/commands.js';
import { parseGenerateFlags, type RawGenerateFlags } from '../../src/options.js';
import type { NodePlan, StaticPlan } from '../../src/plan/types.js';
import { yarnOnNpm } from '../../src/versions/yarn-registry.js';
import { checkDockerfile } from '../helpers/dockerfile-checks.js';
import { thrown } from '../helpers/errors.js';

const json = (data: object) => JSON.stringify(data);

function run(files: Record<string, string>, flags: RawGenerateFlags = {}) {
  const generation = generate(new MemoryFs(files), '/tmp/project', parseGenerateFlags(flags));
  const dockerfile = generation.files.find((f) => f.path === 'Dockerfile')!.content;
  const dockerignore = generation.files.find((f) => f.path === '.dockerignore')!.content;
  return { plan: generation.plan as NodePlan, dockerfile, dockerignore, warnings: generation.plan.warnings };
}

/** The lines of one stage, from its FROM to the next. */
function stage(dockerfile: string, name: string): string {
  const start = dockerfile.indexOf(` AS ${name}\n`);
  expect(start, `stage ${name}`).toBeGreaterThan(-1);
  const next = dockerfile.indexOf('\nFROM ', start);
  return dockerfile.slice(start, next < 0 ? undefined : next);
}

describe('a monorepo root that is the app installs every workspace package\'s dependencies', () => {
  /** npm workspaces; the root declares no dependencies and starts a package's file. */
  const npmRoot = (extra: Record<string, string> = {}) => ({
    'package.json': json({ name: 'portal', private: true, workspaces: ['packages/*'], scripts: { start: 'node packages/api/server.js' } }),
    'package-lock.json': '{}',
    'packages/api/package.json': json({ name: '@p/api', dependencies: { ms: '2.1.3', '@p/greet': '1.0.0' } }),
    'packages/api/server.js': '',
    'packages/greet/package.json': json({ name: '@p/greet', dependencies: { 'escape-html': '1.0.3' } }),
    ...extra,
  });

  it('writes the install and copies every workspace manifest before it, though the root has no dependencies', () => {
    const { dockerfile, plan } = run(npmRoot());
    expect(plan.decisions.find((d) => d.topic === 'workspace')).toBeUndefined();
    const deps = stage(dockerfile, 'deps');
    expect(deps).toContain('COPY packages/api/package.json ./packages/api/\nCOPY packages/greet/package.json ./packages/greet/\nRUN --mount=type=cache,target=/root/.npm \\\n    npm ci --omit=dev');
    // The packages keep node_modules of their own where versions conflict: the whole /app ships.
    expect(stage(dockerfile, 'runtime')).toContain('COPY --from=deps /app ./\nCOPY . .\n');
    expect(checkDockerfile(dockerfile)).toEqual([]);
  });

  it('drops every package\'s node_modules in the build stage, and copies the manifests there too (pnpm)', () => {
    const { dockerfile } = run({
      'package.json': json({ name: 'tk', private: true, packageManager: 'pnpm@9.15.9', scripts: { build: 'pnpm -r build', start: 'node packages/api/dist/server.js' } }),
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n',
      'packages/api/package.json': json({ name: '@tk/api', scripts: { build: 'node build.js' }, dependencies: { ms: '2.1.3' } }),
      'packages/clock/package.json': json({ name: '@tk/clock' }),
    });
    const build = stage(dockerfile, 'build');
    expect(build).toContain('COPY packages/api/package.json ./packages/api/\nCOPY packages/clock/package.json ./packages/clock/\nRUN --mount=type=cache,target=/pnpm/store');
    expect(build).toContain('&& rm -rf node_modules packages/api/node_modules packages/clock/node_modules');
    expect(stage(dockerfile, 'deps')).toContain('pnpm install --frozen-lockfile --prod --store-dir /pnpm/store');
    expect(stage(dockerfile, 'runtime')).toContain('COPY --from=deps /app ./\nCOPY --from=build /app ./\n');
    expect(checkDockerfile(dockerfile)).toEqual([]);
  });

  it('writes no install when no package has production dependencies', () => {
    const { dockerfile } = run(npmRoot({
      'packages/api/package.json': json({ name: '@p/api' }),
      'packages/greet/package.json': json({ name: '@p/greet', devDependencies: { vitest: '3' } }),
    }));
    expect(dockerfile).not.toContain(' AS deps');
    expect(stage(dockerfile, 'runtime')).toContain('COPY . .');
  });

  it('gathers the manifests in one stage when there are many packages', () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 25; i++) many[`packages/p${i}/package.json`] = json({ name: `@p/p${i}`, dependencies: { ms: '2' } });
    const { dockerfile } = run(npmRoot(many));
    expect(dockerfile).toContain('FROM base AS manifests');
    expect(stage(dockerfile, 'deps')).toContain('COPY --from=manifests /manifests/ ./');
  });

  it('installs the root\'s own dependencies for a selected workspace package that has none', () => {
    const { dockerfile } = run({
      'package.json': json({ name: 'mono', private: true, workspaces: ['apps/*'], dependencies: { ms: '2.1.3' } }),
      'package-lock.json': '{}',
      'apps/web/package.json': json({ name: '@m/web', scripts: { start: 'node server.js' } }),
      'apps/web/server.js': '',
    });
    expect(stage(dockerfile, 'deps')).toContain('npm ci --omit=dev --workspace apps/web --include-workspace-root');
    expect(stage(dockerfile, 'runtime')).toContain('COPY --from=deps /app ./');
  });
});

describe('cache mounts that concurrent installs would corrupt are locked', () => {
  const project = (files: Record<string, string>) => run({
    'package.json': json({ name: 'a', scripts: { build: 'node b.js', start: 'node dist/s.js' }, dependencies: { ms: '2' } }),
    ...files,
  }).dockerfile;

  it('locks Yarn 1\'s and Bun\'s caches in both the deps and the build stage', () => {
    const yarn = project({ 'yarn.lock': '# yarn lockfile v1\n' });
    expect(yarn.match(/--mount=type=cache,target=\/usr\/local\/share\/\.cache\/yarn,sharing=locked/g)).toHaveLength(2);
    const bun = project({ 'bun.lock': '{}' });
    expect(bun.match(/--mount=type=cache,target=\/root\/\.bun\/install\/cache,sharing=locked/g)).toHaveLength(2);
  });

  it('leaves the caches built for concurrent writers shared (npm, pnpm, Yarn 2+)', () => {
    for (const lockfile of ['package-lock.json', 'pnpm-lock.yaml']) expect(project({ [lockfile]: '{}' })).not.toContain('sharing=');
    expect(project({ 'yarn.lock': '__metadata:\n  version: 8\n', '.yarnrc.yml': 'nodeLinker: node-modules\n' })).not.toContain('sharing=');
  });
});

describe('a Yarn release the project vendors (yarnPath)', () => {
  const berry = (yarnrc: string, extra: Record<string, string> = {}, pkg: object = {}) => ({
    'package.json': json({ name: 'y', scripts: { start: 'node s.js' }, dependencies: { ms: '2' }, ...pkg }),
    'yarn.lock': '__metadata:\n  version: 4\n',
    '.yarnrc.yml': yarnrc,
    's.js': '',
    ...extra,
  });

  it('runs the release with node, copied before the install, whatever its file is called; nothing is installed', () => {
    const { dockerfile, plan } = run(berry('yarnPath: .yarn/releases/yarn-berry.cjs\n', { '.yarn/releases/yarn-berry.cjs': '' }));
    expect(plan.packageManagerSetup).toBeUndefined();
    expect(dockerfile).not.toContain('AS pm');
    expect(dockerfile).toContain('FROM base AS deps');
    expect(stage(dockerfile, 'deps')).toContain('COPY .yarn/releases ./.yarn/releases\nRUN --mount=type=cache,target=/root/.yarn/berry/cache \\\n    node .yarn/releases/yarn-berry.cjs install --immutable');
    expect(plan.notes.join('\n')).toContain("Yarn runs from the project's own release, .yarn/releases/yarn-berry.cjs (yarnPath): it is not installed from the registry.");
    // Version unknown, no workspace-tools plugin: dev dependencies ship, and the warning says so.
    expect(plan.warnings.join('\n')).toMatch(/This Yarn release cannot install production dependencies only/);
    expect(checkDockerfile(dockerfile)).toEqual([]);
  });

  it('wins over packageManager: whatever Yarn runs hands over to it', () => {
    const { dockerfile } = run(berry('yarnPath: .yarn/releases/yarn-4.0.0.cjs\n', { '.yarn/releases/yarn-4.0.0.cjs': '' }, { packageManager: 'yarn@4.1.1' }));
    expect(dockerfile).not.toContain('PACKAGE_MANAGER_VERSION');
    expect(dockerfile).toContain('node .yarn/releases/yarn-4.0.0.cjs workspaces focus --all --production');
  });

  it('copies a release outside .yarn/releases on its own', () => {
    const { dockerfile } = run(berry('yarnPath: "tools/yarn-3.8.7.cjs"\n', { 'tools/yarn-3.8.7.cjs': '' }));
    expect(stage(dockerfile, 'deps')).toContain('COPY tools/yarn-3.8.7.cjs ./tools/yarn-3.8.7.cjs\nRUN');
    expect(dockerfile).toContain('node tools/yarn-3.8.7.cjs install --immutable');
  });

  it('installs production dependencies only with Yarn 2-3 when the workspace-tools plugin is there', () => {
    const yarnrc = 'plugins:\n  - path: .yarn/plugins/@yarnpkg/plugin-workspace-tools.cjs\n    spec: "@yarnpkg/plugin-workspace-tools"\nyarnPath: .yarn/releases/yarn-2.4.0.cjs\n';
    const files = { '.yarn/releases/yarn-2.4.0.cjs': '', '.yarn/plugins/@yarnpkg/plugin-workspace-tools.cjs': '' };
    const { dockerfile, warnings } = run(berry(yarnrc, files));
    expect(stage(dockerfile, 'deps')).toContain('COPY .yarn/plugins ./.yarn/plugins\n');
    expect(dockerfile).toContain('node .yarn/releases/yarn-2.4.0.cjs workspaces focus --all --production');
    expect(warnings.join('\n')).not.toMatch(/cannot install production/);
  });

  it('runs a Yarn 1 release from .yarnrc yarn-path the same way', () => {
    const { dockerfile } = run({
      'package.json': json({ name: 'c', scripts: { start: 'node s.js' }, dependencies: { ms: '2' } }),
      'yarn.lock': '# yarn lockfile v1\n',
      '.yarnrc': 'yarn-path ".yarn/releases/yarn-1.22.19.js"\n',
      '.yarn/releases/yarn-1.22.19.js': '',
      's.js': '',
    });
    expect(dockerfile).not.toContain('AS pm');
    expect(stage(dockerfile, 'deps')).toContain('COPY package.json yarn.lock .yarnrc ./\nCOPY .yarn/releases ./.yarn/releases\n');
    expect(dockerfile).toContain('node .yarn/releases/yarn-1.22.19.js install --frozen-lockfile --production --non-interactive');
  });

  it('refuses a yarnPath whose file is missing, and says how to fix it', () => {
    const error = thrown(() => run(berry('yarnPath: .yarn/releases/yarn-rc.js\n')));
    expect(error.message).toContain('.yarnrc.yml yarnPath points to ".yarn/releases/yarn-rc.js", which is not in the project');
    expect(error.hint).toMatch(/Commit the release .* or remove the yarnPath line/);
  });

  it('never follows a yarnPath out of the project or into a shell', () => {
    expect(thrown(() => run(berry('yarnPath: ../../usr/bin/yarn.js\n'))).message).toContain('which is not in the project');
    const error = thrown(() => run(berry('yarnPath: ".yarn/releases/y;rm -rf $HOME.cjs"\n', { '.yarn/releases/y;rm -rf $HOME.cjs': '' })));
    expect(error.message).toContain('cannot be used in a Dockerfile safely');
  });

  it('ignores the yarnPath of a .yarnrc.yml left out for its credentials', () => {
    const { dockerfile } = run(berry('npmAuthToken: abc123\nyarnPath: .yarn/releases/yarn-rc.js\n'));
    expect(dockerfile).toContain('@yarnpkg/cli-dist@${PACKAGE_MANAGER_VERSION}');
  });
});

describe('a Yarn release the npm registry does not carry is never installed', () => {
  const pinned = (packageManager: string, lock = '__metadata:\n  version: 4\n') => run({
    'package.json': json({ name: 'y', packageManager, scripts: { start: 'node s.js' }, dependencies: { ms: '2' } }),
    'yarn.lock': lock,
    's.js': '',
  });

  it('finds each release under the package that carries it', () => {
    expect(yarnOnNpm('2.4.3')).toEqual({ npmPackage: 'yarn', version: '2.4.3' });
    expect(yarnOnNpm('2.4.2')).toEqual({ npmPackage: '@yarnpkg/cli-dist', version: '2.4.2' });
    expect(yarnOnNpm('4.18.1')).toEqual({ npmPackage: '@yarnpkg/cli-dist', version: '4.18.1' });
    expect(yarnOnNpm('1.22.22')).toEqual({ npmPackage: 'yarn', version: '1.22.22' });
  });

  it('stands in the next release of the same major for a missing one, else the newest older one', () => {
    expect(yarnOnNpm('2.1.1')).toEqual({ npmPackage: '@yarnpkg/cli-dist', version: '2.4.1', replaces: '2.1.1' });
    expect(yarnOnNpm('3.8.4')).toEqual({ npmPackage: '@yarnpkg/cli-dist', version: '3.8.5', replaces: '3.8.4' });
    expect(yarnOnNpm('4.10.0')).toEqual({ npmPackage: '@yarnpkg/cli-dist', version: '4.10.1', replaces: '4.10.0' });
    expect(yarnOnNpm('1.20.0')).toEqual({ npmPackage: 'yarn', version: '1.21.0', replaces: '1.20.0' });
    expect(yarnOnNpm('1.22.23')).toEqual({ npmPackage: 'yarn', version: '1.22.22', replaces: '1.22.23' });
  });

  it('takes releases newer than its table, and pre-releases, as asked', () => {
    expect(yarnOnNpm('4.30.0')).toEqual({ npmPackage: '@yarnpkg/cli-dist', version: '4.30.0' });
    expect(yarnOnNpm('5.0.0')).toEqual({ npmPackage: '@yarnpkg/cli-dist', version: '5.0.0' });
    expect(yarnOnNpm('4.0.0-rc.53')).toEqual({ npmPackage: '@yarnpkg/cli-dist', version: '4.0.0-rc.53' });
  });

  it('decides the commands by the release it installs when nothing pins one (dockgen\'s Yarn 4: focus)', () => {
    const { dockerfile } = run({
      'package.json': json({ name: 'y', scripts: { start: 'node s.js' }, dependencies: { ms: '2' } }),
      'yarn.lock': '__metadata:\n  version: 8\n',
      '.yarnrc.yml': 'enableGlobalCache: false\n',
      's.js': '',
    });
    expect(dockerfile).toContain('yarn workspaces focus --all --production');
  });

  it('takes engines.yarn where nothing else pins Yarn: the newest release on the registry it allows', () => {
    const engine = (range: string, lock: string) => run({
      'package.json': json({ name: 'y', engines: { yarn: range }, scripts: { start: 'node s.js' }, dependencies: { ms: '2' } }),
      'yarn.lock': lock,
      's.js': '',
    });
    const three = engine('3.8.7', '__metadata:\n  version: 8\n');
    expect(three.dockerfile).toContain('# yarn 3.8.7: from package.json engines.yarn = "3.8.7"\nARG PACKAGE_MANAGER_VERSION=3.8.7');
    expect(three.dockerfile).toContain('yarn install --immutable');
    expect(engine('>=1 <2', '# yarn lockfile v1\n').dockerfile).toContain('ARG PACKAGE_MANAGER_VERSION=1.22.22');
    // 2.4.3 is on the registry only as the yarn package.
    expect(engine('2.4.3', '__metadata:\n  version: 4\n').dockerfile).toContain('--prefix /opt/pm yarn@${PACKAGE_MANAGER_VERSION}');
    // A range of the other Yarn line than the lockfile's cannot install from it: the lockfile wins.
    const clash = engine('1.x', '__metadata:\n  version: 4\n');
    expect(clash.dockerfile).toContain('@yarnpkg/cli-dist@${PACKAGE_MANAGER_VERSION}');
    expect(clash.warnings.join('\n')).toContain('engines.yarn is "1.x" (Yarn 1), but yarn.lock is a Yarn 2+ lockfile');
    const old = engine('~0.28', '# yarn lockfile v1\n');
    expect(old.dockerfile).toContain('ARG PACKAGE_MANAGER_VERSION=1.22.22');
    expect(old.warnings.join('\n')).toContain('engines.yarn is "~0.28", which no Yarn release on the npm registry satisfies');
  });

  it('keeps pnpm inside engines.pnpm, which pnpm enforces, or refuses when nothing can be', () => {
    const engine = (range: string, extra: Record<string, unknown> = {}) => () => run({
      'package.json': json({ name: 'p', engines: { pnpm: range }, scripts: { start: 'node s.js' }, dependencies: { ms: '2' }, ...extra }),
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      's.js': '',
    });
    // The pnpm paired with the lockfile is inside the range: nothing changes.
    expect(engine('>=10')().dockerfile).toContain('ARG PACKAGE_MANAGER_VERSION=10.34.8');
    // Outside it: the newest release the range allows, and the Dockerfile says why.
    expect(engine('9.x')().dockerfile).toContain('# pnpm 9.15.9: from package.json engines.pnpm = "9.x"\nARG PACKAGE_MANAGER_VERSION=9.15.9');
    expect(engine('9.1.x')().dockerfile).toContain('ARG PACKAGE_MANAGER_VERSION=9.1.0');
    expect(thrown(engine('999.x')).message).toBe('package.json engines.pnpm is "999.x", which no pnpm release satisfies (the newest is 12.26.0): pnpm refuses to install the project.');
    const pinned = thrown(engine('8.x', { packageManager: 'pnpm@9.12.0' }));
    expect(pinned.message).toContain('pins pnpm 9.12.0 ("packageManager"), but its engines.pnpm is "8.x"');
    expect(engine('9.x', { packageManager: 'pnpm@9.12.0' })().dockerfile).toContain('ARG PACKAGE_MANAGER_VERSION=9.12.0');
  });

  it('installs yarn@2.4.3 from the yarn package', () => {
    const { dockerfile } = pinned('yarn@2.4.3+sha512.8dd9');
    expect(dockerfile).toContain('ARG PACKAGE_MANAGER_VERSION=2.4.3');
    expect(dockerfile).toContain('npm install --global --prefix /opt/pm yarn@${PACKAGE_MANAGER_VERSION}');
  });

  it('installs the nearest release for one that is not there, and warns with the way to get the exact one', () => {
    const { dockerfile, warnings } = pinned('yarn@2.4.0');
    expect(dockerfile).toContain('# yarn 2.4.1: the nearest release on the npm registry to 2.4.0 (package.json packageManager = "yarn@2.4.0"), which it does not carry\nARG PACKAGE_MANAGER_VERSION=2.4.1');
    expect(dockerfile).toContain('@yarnpkg/cli-dist@${PACKAGE_MANAGER_VERSION}');
    expect(warnings.join('\n')).toMatch(/Yarn 2\.4\.0 .* is not on the npm registry.*dockgen installs 2\.4\.1.*yarn set version 2\.4\.0/);
  });
});

describe('a committed Yarn offline cache (zero-install)', () => {
  const zero = (extra: Record<string, string> = {}, scripts: object = { start: 'node s.js' }): Record<string, string> => ({
    'package.json': json({ name: 'z', scripts, dependencies: { ms: '2' } }),
    'yarn.lock': '__metadata:\n  version: 6\n',
    '.yarnrc.yml': 'yarnPath: .yarn/releases/yarn-3.2.4.cjs\nenableGlobalCache: false\n',
    '.yarn/releases/yarn-3.2.4.cjs': '',
    '.yarn/cache/ms-npm-2.1.3-81ff3cfac1-aa92de6080.zip': '',
    '.pnp.cjs': '',
    's.js': '',
    ...extra,
  });

  it('stays in the build context and is copied before the install, which reads it', () => {
    const { dockerfile, dockerignore, plan } = run(zero());
    expect(dockerignore).not.toMatch(/^\.yarn\/cache$/m);
    expect(stage(dockerfile, 'deps')).toContain('COPY .yarn/cache ./.yarn/cache\nRUN');
    // Yarn keeps reading the project's cache: no switch to the global one.
    expect(dockerfile).not.toContain('YARN_ENABLE_GLOBAL_CACHE');
    expect(plan.decisions.find((d) => d.topic === 'Yarn offline cache')?.value).toBe('.yarn/cache (copied before the install, not shipped)');
  });

  it('never reaches the final image: a source stage drops it where nothing is built', () => {
    const { dockerfile } = run(zero());
    expect(stage(dockerfile, 'source')).toContain('COPY . .\nRUN rm -rf .yarn/cache');
    expect(stage(dockerfile, 'runtime')).toContain('COPY --from=deps /app/node_modules ./node_modules\nCOPY --from=source /app ./\n');
    expect(stage(dockerfile, 'runtime')).not.toContain('COPY . .');
    expect(checkDockerfile(dockerfile)).toEqual([]);
  });

  it('is dropped with node_modules at the end of the build stage', () => {
    const { dockerfile } = run(zero({}, { build: 'node b.js', start: 'node dist/s.js' }));
    expect(dockerfile).not.toContain('AS source');
    expect(stage(dockerfile, 'build')).toContain('&& rm -rf node_modules .yarn/cache');
  });

  it('is left out of the deps stage\'s /app where a workspace package\'s image takes all of it', () => {
    const { dockerfile } = run(zero({
      'package.json': json({ name: 'z', private: true, workspaces: ['apps/*'] }),
      'apps/api/package.json': json({ name: '@z/api', scripts: { start: 'node s.js' }, dependencies: { ms: '2' } }),
      'apps/api/s.js': '',
    }));
    expect(stage(dockerfile, 'deps')).toMatch(/node \.yarn\/releases\/yarn-3\.2\.4\.cjs install --immutable \\\n    && rm -rf \.yarn\/cache\n/);
  });

  it('is a local leftover, not the project\'s, when .gitignore excludes it', () => {
    const { dockerfile, dockerignore } = run(zero({ '.gitignore': '.yarn/*\n!.yarn/releases\n' }));
    expect(dockerignore).toMatch(/^\.yarn\/cache$/m);
    expect(dockerfile).not.toContain('COPY .yarn/cache');
    expect(dockerfile).toContain('ENV YARN_ENABLE_GLOBAL_CACHE=true');
    // Yarn's own template re-includes the cache for zero-install.
    expect(run(zero({ '.gitignore': '.yarn/*\n!.yarn/cache\n!.yarn/releases\n' })).dockerfile).toContain('COPY .yarn/cache');
  });

  it('stays in the context of a static site built with Yarn', () => {
    const files = zero({}, { build: 'vite build' });
    files['package.json'] = json({ name: 'z', scripts: { build: 'vite build' }, devDependencies: { vite: '6' } });
    files['index.html'] = '<html></html>';
    const generation = generate(new MemoryFs(files), '/tmp/site', parseGenerateFlags({}));
    expect((generation.plan as StaticPlan).stack).toBe('static');
    const dockerignore = generation.files.find((f) => f.path === '.dockerignore')!.content;
    expect(dockerignore).not.toMatch(/^\.yarn\/cache$/m);
    expect(generation.files.find((f) => f.path === 'Dockerfile')!.content).toContain('COPY .yarn/cache ./.yarn/cache');
  });
});

describe('dockgen lint knows a vendored Yarn run with node', () => {
  it('as the project\'s install', () => {
    expect(nodeInstall(['node', '.yarn/releases/yarn-4.5.0.cjs', 'install', '--immutable'])).toEqual({ manager: 'yarn', verb: 'install' });
    expect(nodeInstall(['node', 'server.js', 'install'])).toBeNull();
  });
});

describe('a lockfile out of date with package.json is refused before a build that cannot pass', () => {
  const app = (lockfile: string, text: string, deps: Record<string, string> = { dotenv: '^17.2.1' }, extra: Record<string, string> = {}) => () => run({
    'package.json': json({ name: 'a', scripts: { start: 'node s.js' }, dependencies: deps }),
    [lockfile]: text,
    's.js': '',
    ...extra,
  });

  it('npm: package-lock.json v2+ records the root\'s ranges as written', () => {
    const stale = json({ lockfileVersion: 3, packages: { '': { name: 'a' } } });
    const error = thrown(app('package-lock.json', stale));
    expect(error.message).toBe('The lockfile is out of date: package-lock.json does not record dependencies.dotenv "^17.2.1" of package.json, so the frozen install (R9) stops and the image cannot build.');
    expect(error.hint).toBe('Run `npm install` to update package-lock.json, and commit it.');
    const fresh = json({ lockfileVersion: 3, packages: { '': { name: 'a', dependencies: { dotenv: '^17.2.1' } } } });
    expect(() => app('package-lock.json', fresh)()).not.toThrow();
    // Lockfile v1 does not record the root package: not judged.
    expect(() => app('package-lock.json', json({ lockfileVersion: 1, dependencies: {} }))()).not.toThrow();
  });

  it('Yarn 1 and 2+: an entry keyed by the range as written', () => {
    const v1 = '# yarn lockfile v1\n\n\nlodash@4.16.0:\n  version "4.16.0"\n';
    expect(thrown(app('yarn.lock', v1, { lodash: '4.17.4' })).message).toContain('yarn.lock has no entry for dependencies.lodash "4.17.4"');
    expect(() => app('yarn.lock', '# yarn lockfile v1\n\nlodash@4.16.0, lodash@4.17.4:\n  version "4.17.4"\n', { lodash: '4.17.4' })()).not.toThrow();
    // Yarn 1 installs a bare-name entry for any range with --frozen-lockfile.
    expect(() => app('yarn.lock', '# yarn lockfile v1\n\nlodash:\n  version "4.16.4"\n', { lodash: '^4.16.4' })()).not.toThrow();
    const berry = '__metadata:\n  version: 8\n\n"a@workspace:.":\n  version: 0.0.0-use.local\n';
    expect(thrown(app('yarn.lock', berry, { 'echo-cli': '2.0.0' })).message).toContain('yarn.lock has no entry for dependencies.echo-cli "2.0.0"');
    expect(() => app('yarn.lock', `${berry}\n"echo-cli@npm:2.0.0":\n  version: 2.0.0\n`, { 'echo-cli': '2.0.0' })()).not.toThrow();
  });

  it('pnpm v6 and v9: the root importer\'s specifiers as written, and package entries for them', () => {
    const v6 = (specifier: string, packages = "packages:\n\n  /dotenv@17.2.1:\n    dev: false\n") =>
      `lockfileVersion: '6.0'\n\ndependencies:\n  dotenv:\n    specifier: ${specifier}\n    version: 17.2.1\n\n${packages}`;
    expect(() => app('pnpm-lock.yaml', v6('^17.2.1'))()).not.toThrow();
    expect(thrown(app('pnpm-lock.yaml', v6('^16.0.0'))).message).toContain('pnpm-lock.yaml does not record dependencies.dotenv "^17.2.1" of package.json');
    // A lockfile cut short (GCP's vulnerable-next test app): pnpm stops with "Broken lockfile".
    expect(thrown(app('pnpm-lock.yaml', v6('^17.2.1', ''))).message).toContain('pnpm-lock.yaml records dependencies but has no "packages" entries');
    const v9 = (specifier: string) =>
      `lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      '@scope/x':\n        specifier: ${specifier}\n        version: 1.0.0\n\n  packages/y:\n    dependencies:\n      z:\n        specifier: ^2.0.0\n        version: 2.0.0\n\npackages:\n\n  '@scope/x@1.0.0':\n    resolution: {integrity: sha512-x}\n`;
    const scoped = app('pnpm-lock.yaml', v9('^1.0.0'), { '@scope/x': '^1.0.0' });
    expect(scoped).not.toThrow();
    expect(thrown(app('pnpm-lock.yaml', v9('~1.0.0'), { '@scope/x': '^1.0.0' })).message).toContain('does not record dependencies.@scope/x "^1.0.0"');
  });

  it('leaves alone what it cannot judge: git, file and workspace specs, workspace packages, pnpm', () => {
    const v1 = '# yarn lockfile v1\n\n';
    expect(() => app('yarn.lock', v1, { x: 'github:acme/x', y: 'file:../y', z: 'workspace:*' })()).not.toThrow();
    const workspaces = {
      'package.json': json({ name: 'a', private: true, workspaces: ['packages/*'], scripts: { start: 'node s.js' }, dependencies: { lib: '^1.0.0' } }),
      'yarn.lock': v1,
      's.js': '',
      'packages/lib/package.json': json({ name: 'lib', version: '1.0.0' }),
    };
    expect(() => run(workspaces)).not.toThrow();
    expect(() => app('pnpm-lock.yaml', "lockfileVersion: '9.0'\n")()).not.toThrow();
  });
});
