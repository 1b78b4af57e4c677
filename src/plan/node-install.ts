import type { NodeFacts } from '../detect/node/index.js';
import type { PackageManagerFacts } from '../detect/node/package-manager.js';
import type { BundledNpm } from '../versions/node-npm.js';
import { DockgenError } from '../errors.js';
import { PACKAGE_MANAGER_DEFAULTS, PNPM_FOR_LOCKFILE } from '../versions/package-managers.js';
import { yarnOnNpm } from '../versions/yarn-registry.js';
import { safePath } from './safe.js';
import type { CopyStep, PlanArg, RunStep } from './types.js';

/** Where non-npm package managers are installed in the build stages: a private prefix, so
 *  they never clash with the yarn that older node images ship in /usr/local/bin. */
export const PM_PREFIX = '/opt/pm';

export interface InstallPlan {
  /** ARG with the package manager's version, when it must be installed. */
  arg?: PlanArg;
  setup?: RunStep;
  production: RunStep;
  full: RunStep;
  /** ENV for both installs (e.g. Yarn's node linker). */
  env: Array<[string, string]>;
  buildCommand: string;
  /** How the commands call the manager: `yarn`, or `node <release>` for a vendored Yarn. */
  bin: string;
  /** False when the manager cannot install production dependencies only (Yarn 2–3). */
  productionOnly: boolean;
  notes: string[];
  /** Choices dockgen made that the user should hear about (a release the registry lacks). */
  warnings: string[];
}

const CACHE: Record<PackageManagerFacts['name'] | 'yarnBerry', string> = {
  npm: '/root/.npm',
  yarn: '/usr/local/share/.cache/yarn',
  yarnBerry: '/root/.yarn/berry/cache',
  pnpm: '/pnpm/store',
  bun: '/root/.bun/install/cache',
};

/**
 * Caches that break when two installs write them at once: the deps and build stages do not depend
 * on each other, so BuildKit runs their installs in parallel on the same cache mount (Buildah does
 * with --jobs). Yarn 1 extracts packages in place in its cache, and a concurrent reader fails with
 * ENOENT on a half-written entry (yarnpkg/yarn#3104, #2629: its answer is --mutex, a lock file,
 * which does not span two build containers); Bun publishes cache entries in two steps and has the
 * same kind of race (oven-sh/bun#36167). `sharing=locked` makes the second install wait for the
 * first (which also warms the cache for it). npm's cacache, pnpm's store and Yarn 2+'s cache write
 * each entry to a temporary name and rename it into place, so they stay shared and parallel.
 */
const LOCKED_CACHES: ReadonlySet<string> = new Set([CACHE.yarn, CACHE.bun]);

function cacheMount(target: string): string {
  return `--mount=type=cache,target=${target}${LOCKED_CACHES.has(target) ? ',sharing=locked' : ''}`;
}

/** npm 7 and later: what a current node image has. */
const CURRENT_NPM: BundledNpm = { label: 'npm 7 or later', ci: true, omitDev: true, readsLockfile: true };

/**
 * The install and build commands for one package manager (R7 cache mounts, R9 frozen lockfiles).
 * `versionSource` names where the manager was chosen from; it is written next to the version only
 * when that source pinned the version too (a lockfile names the manager, never its version).
 * `npm` is what the npm of the chosen Node.js release can do (old lines bring old npms).
 */
export function planInstall(pm: PackageManagerFacts, yarn: YarnSettings, versionSource: string, npm: BundledNpm = CURRENT_NPM): InstallPlan {
  if (pm.lockfileDrift) {
    const command = { npm: 'npm install', yarn: 'yarn install', pnpm: 'pnpm install', bun: 'bun install' }[pm.name];
    throw new DockgenError(
      `The lockfile is out of date: ${pm.lockfileDrift}, so the frozen install (R9) stops and the image cannot build.`,
      `Run \`${command}\` to update ${pm.lockfile}, and commit it.`,
    );
  }
  const pinnedBy = pm.versionFrom ?? (pm.version !== undefined ? versionSource : undefined);
  const locked = pm.lockfile !== undefined;
  const notes: string[] = [];
  if (!locked) {
    notes.push(
      `No lockfile found: dependency versions are resolved at build time, so two builds can differ (R9). ` +
        `Commit the ${pm.name} lockfile to make builds reproducible.`,
    );
  }
  const env: Array<[string, string]> = [];
  switch (pm.name) {
    case 'npm': {
      // npm is the one the node image ships: a version pinned in packageManager is not installed.
      if (pm.version !== undefined) notes.push(`npm ${pm.version} (${versionSource}) is not installed: the installs use the npm that comes with the Node.js image.`);
      const commands = npmCommands(npm, pm.lockfile, notes);
      return {
        production: { ...run(CACHE.npm, commands.production), ...(commands.comments ? { comments: commands.comments } : {}) },
        full: { ...run(CACHE.npm, commands.full), ...(commands.comments ? { comments: commands.comments } : {}) },
        env,
        buildCommand: 'npm run build',
        bin: 'npm',
        productionOnly: true,
        notes,
        warnings: [],
      };
    }
    case 'yarn':
      return planYarn(pm, yarn, pinnedBy, locked, notes);
    case 'pnpm': {
      const fromLock = pm.pnpmLockfileMajor ? PNPM_FOR_LOCKFILE[pm.pnpmLockfileMajor] : undefined;
      const version = pm.version ?? fromLock ?? PACKAGE_MANAGER_DEFAULTS.pnpm;
      // The lockfile format decides the major only: the exact release is dockgen's table's.
      const fallback = !pm.version && fromLock ? `the pnpm that dockgen pairs with pnpm-lock.yaml lockfileVersion ${pm.pnpmLockfileMajor}` : 'dockgen default';
      const frozen = locked ? ' --frozen-lockfile' : ' --no-frozen-lockfile';
      return {
        ...setupPlan('pnpm', version, pm, pinnedBy, fallback),
        production: run(CACHE.pnpm, `pnpm install${frozen} --prod --store-dir ${CACHE.pnpm}`),
        full: run(CACHE.pnpm, `pnpm install${frozen} --store-dir ${CACHE.pnpm}`),
        env,
        buildCommand: 'pnpm run build',
        bin: 'pnpm',
        productionOnly: true,
        notes,
        warnings: [],
      };
    }
    case 'bun': {
      const frozen = locked ? ' --frozen-lockfile' : '';
      return {
        ...setupPlan('bun', pm.version ?? PACKAGE_MANAGER_DEFAULTS.bun, pm, pinnedBy, 'dockgen default'),
        production: run(CACHE.bun, `bun install${frozen} --production`),
        full: run(CACHE.bun, `bun install${frozen}`),
        env,
        buildCommand: 'bun run build',
        bin: 'bun',
        productionOnly: true,
        notes,
        warnings: [],
      };
    }
  }
}

/** What .yarnrc.yml and the project's files say that changes Yarn's commands. */
export type YarnSettings = Pick<NodeFacts, 'yarnNodeLinker' | 'yarnOfflineCache'>;

/** The Yarn settings that apply with the package manager chosen (a flag may choose another). */
export function yarnSettings(facts: Pick<NodeFacts, 'packageManager' | 'yarnNodeLinker' | 'yarnOfflineCache'>): YarnSettings {
  const settings: YarnSettings = {};
  if (facts.yarnNodeLinker !== undefined) settings.yarnNodeLinker = facts.yarnNodeLinker;
  const berry = facts.packageManager.value.name === 'yarn' && facts.packageManager.value.yarnBerry;
  if (berry && facts.yarnOfflineCache !== undefined) settings.yarnOfflineCache = facts.yarnOfflineCache;
  return settings;
}

/**
 * Yarn 1 and 2+: the release the project vendors (yarnPath), run with node, or one installed from
 * the npm registry, the project's pin when the registry has it and the nearest release otherwise.
 */
function planYarn(pm: PackageManagerFacts, yarn: YarnSettings, pinnedBy: string | undefined, locked: boolean, notes: string[]): InstallPlan {
  if (pm.missingYarnRelease) {
    const { setting, path } = pm.missingYarnRelease;
    throw new DockgenError(
      `${setting} points to ${JSON.stringify(path)}, which is not in the project: every Yarn command would fail ("The yarnPath setting points to a file that doesn't exist"), in the image build too.`,
      `Commit the release (yarn set version <version> writes it to .yarn/releases), or remove the ${setting.split(' ')[1]} line.`,
    );
  }
  const env: Array<[string, string]> = [];
  const warnings: string[] = [];
  const release = pm.yarnRelease === undefined ? undefined : safePath(pm.yarnRelease, pm.yarnRelease.startsWith('.yarnrc.yml') ? '.yarnrc.yml yarnPath' : 'the Yarn release path');
  // Whatever Yarn is on PATH would hand over to this release: run it directly, nothing to install.
  const bin = release ? `node ${release}` : 'yarn';
  let setup: Pick<InstallPlan, 'arg' | 'setup'> = {};
  // The release that runs, which decides the commands: the vendored one's (when its name says), else the installed one.
  let version = pm.version;
  if (release) {
    notes.push(`Yarn${pm.version ? ` ${pm.version}` : ''} runs from the project's own release, ${release}${pm.versionFrom ? '' : ' (yarnPath)'}: it is not installed from the registry.`);
  } else {
    const wanted = pm.version ?? (pm.yarnBerry ? PACKAGE_MANAGER_DEFAULTS.yarnBerry : PACKAGE_MANAGER_DEFAULTS.yarnClassic);
    const onNpm = yarnOnNpm(wanted);
    version = onNpm.version;
    if (onNpm.replaces) {
      warnings.push(
        `Yarn ${onNpm.replaces} (${pinnedBy ?? 'dockgen default'}) is not on the npm registry, which the build installs Yarn from: dockgen installs ${onNpm.version}, ` +
          `the nearest release of Yarn ${onNpm.replaces.split('.')[0]} there. To build with ${onNpm.replaces} itself, commit it to the project ` +
          `(yarn set version ${onNpm.replaces} writes .yarn/releases and yarnPath), which dockgen then runs.`,
      );
    }
    setup = setupPlan(onNpm.npmPackage, onNpm.version, pm, pinnedBy, pm.yarnBerry ? 'dockgen default for Yarn 2 and later' : 'dockgen default for Yarn 1');
    if (onNpm.replaces && setup.arg) {
      setup.arg.comment = `yarn ${onNpm.version}: the nearest release on the npm registry to ${onNpm.replaces} (${pinnedBy ?? 'dockgen default'}), which it does not carry`;
    }
  }
  if (!pm.yarnBerry) {
    const frozen = locked ? ' --frozen-lockfile' : '';
    return {
      ...setup,
      production: run(CACHE.yarn, `${bin} install${frozen} --production --non-interactive`),
      full: run(CACHE.yarn, `${bin} install${frozen} --non-interactive`),
      env,
      buildCommand: `${bin} run build`,
      bin,
      productionOnly: true,
      notes,
      warnings,
    };
  }
  // Yarn's Plug'n'Play leaves no node_modules, and the runtime stage runs plain `node`:
  // install into node_modules instead, whatever .yarnrc.yml says.
  if (yarn.yarnNodeLinker !== 'node-modules') env.push(['YARN_NODE_LINKER', 'node-modules']);
  // Yarn 2–3 keep their cache in the project (.yarn/cache) unless told otherwise: it would land
  // in the layer (R7) and, through the build stage, in the image. The global cache is the cache
  // mount. A committed offline cache is the exception: the install reads it (zero-install).
  if (!yarn.yarnOfflineCache) env.push(['YARN_ENABLE_GLOBAL_CACHE', 'true']);
  const immutable = locked ? ' --immutable' : '';
  const major = version === undefined ? undefined : Number(version.split('.')[0]);
  // `yarn workspaces focus --production` is built in from Yarn 4; 2 and 3 need the workspace-tools plugin.
  const focus = (major !== undefined && major >= 4) || pm.yarnWorkspaceTools === true;
  if (!focus) {
    const which = version === undefined ? 'This Yarn release' : `Yarn ${version}`;
    notes.push(`${which} cannot install production dependencies only: dev dependencies ship too. Yarn 4 can, and Yarn 2–3 with the workspace-tools plugin.`);
  }
  return {
    ...setup,
    production: focus ? run(CACHE.yarnBerry, `${bin} workspaces focus --all --production`) : run(CACHE.yarnBerry, `${bin} install${immutable}`),
    full: run(CACHE.yarnBerry, `${bin} install${immutable}`),
    env,
    buildCommand: `${bin} run build`,
    bin,
    productionOnly: focus,
    notes,
    warnings,
  };
}

/**
 * npm's install commands as the image's own npm spells them: `npm ci --omit=dev` from npm 7,
 * `npm ci --only=production` in npm 6 (it ignores `--omit`, and would install dev dependencies),
 * `npm install --production` before `ci` existed (npm 5.6 and older).
 */
function npmCommands(npm: BundledNpm, lockfile: string | undefined, notes: string[]): { production: string; full: string; comments?: string[] } {
  const locked = lockfile !== undefined;
  if (npm.omitDev) {
    const install = locked ? 'npm ci' : 'npm install';
    return { production: `${install} --omit=dev --no-audit --no-fund`, full: `${install} --no-audit --no-fund` };
  }
  // npm 6 and older, run as root, run install scripts as `nobody` (dependencies' native builds then
  // fail with EACCES, and the package's own postinstall is skipped: "cannot run in wd"), unless
  // --unsafe-perm; npm 7 and later run them as root, as this flag does.
  notes.push(`--unsafe-perm: the image's ${npm.label} runs install scripts as root only with it (npm 7 and later always do).`);
  if (locked && npm.ci) return { production: 'npm ci --only=production --unsafe-perm --no-audit', full: 'npm ci --unsafe-perm --no-audit' };
  // Every npm honours npm-shrinkwrap.json; package-lock.json only from npm 5.
  if (locked) {
    notes.push(
      npm.readsLockfile || lockfile === 'npm-shrinkwrap.json'
        ? `The image's ${npm.label} has no \`npm ci\`: \`npm install\` follows the lockfile but may update it, so builds are not strictly frozen (R9).`
        : `The image's ${npm.label} does not read the lockfile: dependency versions are resolved at build time, so two builds can differ (R9).`,
    );
  }
  // `dockgen lint` cannot know which npm the image has: tell it why there is no `npm ci`.
  const comments = locked ? [`dockgen-ignore npm-ci -- the ${npm.label} of this Node.js image has no npm ci`] : undefined;
  return { production: 'npm install --production --unsafe-perm', full: 'npm install --unsafe-perm', ...(comments ? { comments } : {}) };
}

/**
 * The ARG that carries the package manager's version into the `pm` stage. Not YARN_VERSION: the
 * official node images up to 24 set ENV YARN_VERSION=1.22.22, and Buildah/Podman let a base image's
 * ENV win over a stage ARG of the same name (BuildKit does not), so the name must be one no base
 * image uses.
 */
const PM_VERSION_ARG = 'PACKAGE_MANAGER_VERSION';

/** The version comment says where the version itself comes from: the project's pin, or dockgen's
 *  own table (`unpinned` says which entry), never the file that only chose the manager. */
function setupPlan(npmPackage: string, version: string, pm: PackageManagerFacts, pinnedBy: string | undefined, unpinned: string) {
  const argName = PM_VERSION_ARG;
  const comment = pinnedBy !== undefined
    ? `${pm.name} ${version}: from ${pinnedBy}`
    : `${pm.name} ${version}: ${unpinned} (pin yours with "packageManager" in package.json)`;
  return {
    arg: { name: argName, value: version, comment },
    setup: run(CACHE.npm, `npm install --global --prefix ${PM_PREFIX} ${npmPackage}@\${${argName}}`),
  };
}

function run(cache: string, command: string): RunStep {
  return { parts: [cacheMount(cache), command] };
}

/** A workspace package as the install and build commands name it: by folder (npm) or by package
 *  name (pnpm, Yarn, Bun), both already checked to be shell-safe words (see node-workspace.ts). */
export interface WorkspaceRef {
  dir: string;
  name: string;
}

export interface WorkspaceInstallPlan {
  /** Production dependencies of the selected package (and of the workspace packages it uses). */
  production: RunStep;
  /** Build commands, dependencies first; each runs one package's `build` script. */
  build: string[];
  notes: string[];
}

/**
 * A monorepo's install and build narrowed to one workspace package. The full install (build
 * stage) stays the repository's: the packages it depends on are built there with their own dev
 * dependencies. Production installs, measured on a two-app repository:
 * - npm: `npm ci --omit=dev --workspace <dir>` installs only that workspace's production tree
 *   (and links the workspace packages it uses); `--include-workspace-root` adds the root's own
 *   `dependencies`, which npm hoists and apps may import without declaring (none in most repos).
 * - pnpm: `--filter <name>...` installs the package and the workspace packages it depends on.
 *   (`pnpm deploy --prod` gives a tidier tree, but it runs after the source is copied, so every
 *   source edit re-runs an install (R5), and it copies a package as `npm pack` would, which drops
 *   build output that the package's .gitignore lists, e.g. dist/.)
 * - Yarn 4: `yarn workspaces focus --production <name>`; Yarn 2–3 have no production install.
 * - Yarn 1 has no per-workspace install: every workspace's production dependencies ship.
 * - Bun: `bun install --production --filter <name>`.
 */
export function planWorkspaceInstall(
  pm: PackageManagerFacts,
  install: InstallPlan,
  target: WorkspaceRef,
  built: readonly WorkspaceRef[],
): WorkspaceInstallPlan {
  const locked = pm.lockfile !== undefined;
  const notes: string[] = [];
  switch (pm.name) {
    case 'npm':
      return {
        production: run(CACHE.npm, `${locked ? 'npm ci' : 'npm install'} --omit=dev --workspace ${target.dir} --include-workspace-root --no-audit --no-fund`),
        build: built.map((ws) => `npm run build --workspace ${ws.dir}`),
        notes,
      };
    case 'pnpm': {
      const frozen = locked ? ' --frozen-lockfile' : ' --no-frozen-lockfile';
      return {
        production: run(CACHE.pnpm, `pnpm install${frozen} --prod --filter ${target.name}... --store-dir ${CACHE.pnpm}`),
        // pnpm orders the selected packages topologically and skips those without the script.
        build: built.length > 0 ? [`pnpm --filter ${target.name}... run build`] : [],
        notes,
      };
    }
    case 'yarn': {
      const build = built.map((ws) => `${install.bin} workspace ${ws.name} run build`);
      if (!pm.yarnBerry) {
        notes.push('Yarn 1 cannot install one workspace\'s production dependencies: those of every workspace ship.');
        return { production: install.production, build, notes };
      }
      const focus = install.productionOnly;
      return { production: focus ? run(CACHE.yarnBerry, `${install.bin} workspaces focus --production ${target.name}`) : install.production, build, notes };
    }
    case 'bun': {
      const frozen = locked ? ' --frozen-lockfile' : '';
      return {
        production: run(CACHE.bun, `bun install${frozen} --production --filter ${target.name}`),
        build: built.map((ws) => `bun run --filter ${ws.name} build`),
        notes,
      };
    }
  }
}

/** The files the install reads, copied before it (R5): package.json, the lockfile and the install
 *  configuration in one COPY; folders (e.g. .yarn/releases) each in their own. Node.js servers and
 *  sites built with Node.js alike. */
export function nodeManifestCopies(facts: Pick<NodeFacts, 'packageManager' | 'installConfigFiles' | 'yarnNodeLinker' | 'yarnOfflineCache'>): CopyStep[] {
  const files = ['package.json'];
  if (facts.packageManager.value.lockfile) files.push(facts.packageManager.value.lockfile);
  const dirs: string[] = [];
  for (const path of facts.installConfigFiles) (path.includes('/') ? dirs : files).push(path);
  // The committed offline cache is the install's input (zero-install): it changes with the lockfile.
  const offline = yarnSettings(facts).yarnOfflineCache;
  if (offline !== undefined) dirs.push(offline);
  return [
    { sources: files.map((file) => safePath(file, 'the project')), dest: './' },
    ...dirs.map((dir) => ({ sources: [safePath(dir, 'the project')], dest: `./${safePath(dir, 'the project')}` })),
  ];
}
