import type { Fact } from '../evidence.js';
import { projectPath, type ProjectFs } from '../fs.js';
import { IgnoreFile } from '../../lint/patterns.js';
import { detectApp, preloadWarnings, type NodeAppFacts } from './app.js';
import { detectDependencyEngines, type DependencyEngine } from './dependency-engines.js';
import { lockfileDrift } from './lockfile-sync.js';
import { readPackageJson } from './package-json.js';
import { detectNativeAddon } from './native-addon.js';
import { detectPackageManager, type PackageManagerFacts } from './package-manager.js';
import { detectWorkspacePackages, findEnclosingWorkspace, type WorkspacePackage } from './workspaces.js';

export type { NodeAppFacts, WorkspacePackage };

/** The root package's app facts (NodeAppFacts), plus what the whole repository's install needs. */
export interface NodeFacts extends NodeAppFacts {
  stack: 'node';
  packageManager: Fact<PackageManagerFacts>;
  /** The Node.js ranges the installed packages declare (npm lockfile v2+), for when the project
   *  declares no version of its own. */
  dependencyEngines: DependencyEngine[];
  /** Config files the package manager reads during install, copied along with the manifests. */
  installConfigFiles: string[];
  /** .npmrc holds registry credentials: it must not enter the image (R16). */
  npmrcHasCredentials: boolean;
  /** .yarnrc.yml holds a literal npmAuthToken/npmAuthIdent: it must not enter the image either. */
  yarnrcHasCredentials: boolean;
  /** yarn berry's nodeLinker from .yarnrc.yml, if set. */
  yarnNodeLinker?: string;
  /** The Yarn 2+ offline cache the project commits ("zero-install": .yarn/cache, or .yarnrc.yml
   *  cacheFolder, holding the package archives): the install reads it, so it stays in the build
   *  context and is copied before the install, but never reaches the final image. */
  yarnOfflineCache?: string;
  /** package.json declares workspaces (or pnpm-workspace.yaml lists packages). */
  workspaces: boolean;
  /** The workspace patterns the root declares (package.json `workspaces`, pnpm-workspace.yaml). */
  workspacePatterns?: Fact<string[]>;
  /** The packages those patterns select (monorepo root), with each one's evidence and app facts. */
  workspacePackages?: WorkspacePackage[];
  /** A native addon at the root (binding.gyp) and the install script that compiles it. */
  nativeAddon?: Fact<string>;
  /** No package.json (a lone server.js): nothing to install, no install stages. */
  noManifest?: boolean;
  warnings: string[];
  /** The warnings that concern the repository's install (lockfile, .npmrc), not the root's app:
   *  what remains of `warnings` when one workspace package is built instead of the root. */
  installWarnings: string[];
}

const INSTALL_CONFIG_FILES = ['.npmrc', '.yarnrc', '.yarnrc.yml', 'pnpm-workspace.yaml', 'bunfig.toml'];
const YARN_BERRY_DIRS = ['.yarn/releases', '.yarn/plugins', '.yarn/patches'];

export function detectNode(fs: ProjectFs): NodeFacts {
  const pkg = readPackageJson(fs);
  if (!pkg) throw new Error('detectNode called without package.json');
  const workspaces = detectWorkspacePackages(fs, pkg);
  const isMonorepoRoot = (workspaces?.packages.length ?? 0) > 0;
  const appWarnings: string[] = [];
  // A monorepo root's Vite or Astro is tooling for its packages, not a static site of its own.
  const app = detectApp(fs, pkg, appWarnings, !isMonorepoRoot);
  appWarnings.push(...preloadWarnings(app, pkg));

  const installWarnings: string[] = [];
  const npmrc = fs.tryReadText('.npmrc');
  const npmrcHasCredentials = npmrc !== undefined && /(_auth|_authToken|_password|username)\s*=/i.test(npmrc);
  const yarnrc = fs.tryReadText('.yarnrc.yml');
  const yarnrcCredential = yarnrc === undefined ? undefined : yarnrcLiteralCredential(yarnrc);
  const yarnrcHasCredentials = yarnrcCredential !== undefined;
  const installConfigFiles = INSTALL_CONFIG_FILES.filter((file) => fs.isFile(file))
    .filter((file) => !(file === '.npmrc' && npmrcHasCredentials) && !(file === '.yarnrc.yml' && yarnrcHasCredentials));
  installConfigFiles.push(...YARN_BERRY_DIRS.filter((dir) => fs.isDirectory(dir)));
  if (npmrcHasCredentials) {
    installWarnings.push(
      '.npmrc contains registry credentials, so it is kept out of the image (.dockerignore). ' +
        'If the install needs them, pass them as a build secret (RUN --mount=type=secret,id=npmrc,target=/root/.npmrc).',
    );
  }
  if (yarnrcCredential) {
    installWarnings.push(
      `.yarnrc.yml holds a literal ${yarnrcCredential.key} (line ${yarnrcCredential.line}), so it is kept out of the image (.dockerignore) ` +
        'and the build runs without its other settings (the node-modules linker is set by ENV; registries and plugins are lost). ' +
        `Write the value as an environment reference instead (${yarnrcCredential.key}: "\${NPM_AUTH_TOKEN:-}", which Yarn expands) ` +
        'so that dockgen can copy .yarnrc.yml again, and give the install the token as a build secret: ' +
        'RUN --mount=type=secret,id=npm_token NPM_AUTH_TOKEN="$(cat /run/secrets/npm_token)" yarn install …, ' +
        'built with docker build --secret id=npm_token,env=NPM_AUTH_TOKEN.',
    );
  }
  const required = yarnrc === undefined || yarnrcHasCredentials ? [] : yarnrcRequiredVariables(yarnrc);
  if (required.length > 0) {
    const names = required.map((name) => `\${${name}}`).join(', ');
    installWarnings.push(
      `.yarnrc.yml reads ${names} without a fallback, and the image build does not set ${required.length > 1 ? 'them' : 'it'}: Yarn then stops ` +
        `every command ("Environment variable not found"), the build's too. Write \${${required[0]}:-} so that Yarn runs without it, ` +
        'and give the install the token as a build secret where it needs one (RUN --mount=type=secret).',
    );
  }
  const packageManager = detectPackageManager(fs, pkg, installWarnings);
  // A .yarnrc.yml left out for its credentials points Yarn nowhere: its yarnPath does not matter.
  if (yarnrcHasCredentials && packageManager.value.missingYarnRelease?.setting.startsWith('.yarnrc.yml')) delete packageManager.value.missingYarnRelease;
  const release = packageManager.value.yarnRelease;
  // A release outside the copied folders (yarnPath: tools/yarn.cjs) is copied on its own.
  if (release && !installConfigFiles.some((path) => release.startsWith(`${path}/`))) installConfigFiles.push(release);
  const offlineCache = yarnrcHasCredentials ? undefined : committedYarnCache(fs, yarnrc ?? '');
  const { lockfile } = packageManager.value;
  if (lockfile) {
    const workspaceNames = new Set((workspaces?.packages ?? []).flatMap((p) => (p.name === undefined ? [] : [p.name])));
    const drift = lockfileDrift(packageManager.value.name, lockfile, fs.tryReadText(lockfile) ?? '', pkg, workspaceNames);
    if (drift) packageManager.value.lockfileDrift = drift;
  }

  const facts: NodeFacts = {
    stack: 'node',
    ...app,
    packageManager,
    dependencyEngines: detectDependencyEngines(fs, packageManager.value.lockfile),
    installConfigFiles,
    npmrcHasCredentials,
    yarnrcHasCredentials,
    workspaces: pkg.workspaces !== undefined || workspaces !== undefined,
    warnings: [],
    installWarnings,
  };
  if (workspaces) {
    facts.workspacePatterns = workspaces.patterns;
    facts.workspacePackages = workspaces.packages;
  }
  // An excluded .yarnrc.yml sets no linker in the build: the install gets it by ENV.
  const linker = yarnrcHasCredentials ? null : /^nodeLinker:\s*["']?([\w-]+)/m.exec(yarnrc ?? '');
  if (linker) facts.yarnNodeLinker = linker[1]!;
  if (offlineCache && packageManager.value.yarnBerry) facts.yarnOfflineCache = offlineCache;
  const addon = detectNativeAddon(fs, pkg);
  if (addon) facts.nativeAddon = addon;
  facts.warnings = [...appWarnings, ...installWarnings];
  if (facts.workspaces && !isMonorepoRoot) {
    facts.warnings.push('package.json declares workspaces, but no workspace package was found: dockgen builds the root package.');
  }
  if (!facts.workspaces && !packageManager.value.lockfile) {
    const enclosing = findEnclosingWorkspace(fs);
    if (enclosing) {
      facts.warnings.push(
        `This folder is the workspace package ${enclosing.dir} of the monorepo at ${enclosing.root}, whose lockfile and install ` +
          `configuration are there: what is shown here is this folder read alone. \`dockgen\` on this folder builds it from the ` +
          `monorepo's root (its Dockerfile, ignore file and answers are written here), as does \`dockgen ${enclosing.root} --workspace ${enclosing.dir}\`.`,
      );
    }
  }
  return facts;
}

/**
 * The first `npmAuthToken:` / `npmAuthIdent:` in .yarnrc.yml (at the top level, or under
 * npmScopes / npmRegistries) whose value is written out rather than read from the environment
 * (`"${NPM_TOKEN}"`, `${NPM_TOKEN:-}`), which Yarn expands at install time and is safe to copy.
 */
export function yarnrcLiteralCredential(text: string): { key: string; line: number } | undefined {
  for (const [index, line] of text.split('\n').entries()) {
    const match = /^\s*["']?(npmAuthToken|npmAuthIdent)["']?\s*:\s*(.*)$/.exec(line);
    if (!match) continue;
    const value = match[2]!.replace(/\s+#.*$/, '').trim().replace(/^(["'])(.*)\1$/, '$2');
    if (value !== '' && !value.includes('${')) return { key: match[1]!, line: index + 1 };
  }
  return undefined;
}

/** Variables .yarnrc.yml reads as `${NAME}`, without a `-`/`:-` fallback: Yarn refuses to run when
 *  one is unset (yarnpkg/berry#6504), even for commands that never use it. */
export function yarnrcRequiredVariables(text: string): string[] {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line)) continue;
    for (const match of line.matchAll(/(?<!\\)\$\{([A-Za-z_]\w*)\}/g)) names.add(match[1]!);
  }
  return [...names];
}

/**
 * The folder of Yarn 2+'s project cache (`cacheFolder` in .yarnrc.yml, default .yarn/cache) when
 * the project commits it: it holds package archives (.zip) and the project's .gitignore does not
 * exclude it (Yarn's own template ignores .yarn/* but re-includes .yarn/cache for zero-install).
 * A cache that .gitignore excludes is a local leftover that a fresh clone would not have.
 */
export function committedYarnCache(fs: ProjectFs, yarnrc: string): string | undefined {
  const configured = /^cacheFolder:\s*(["']?)([^"'\n#]+?)\1\s*(?:#.*)?$/m.exec(yarnrc)?.[2];
  let folder: string;
  try {
    folder = projectPath(configured ?? '.yarn/cache');
  } catch {
    return undefined; // a cache outside the project is not part of it
  }
  if (folder === '' || !fs.list(folder).some((name) => name.endsWith('.zip'))) return undefined;
  const gitignore = fs.tryReadText('.gitignore');
  if (gitignore !== undefined && gitignoreExcludes(gitignore, `${folder}/package.zip`)) return undefined;
  return folder;
}

/** .gitignore semantics on top of the .dockerignore matcher: a pattern without a slash (other
 *  than a trailing one) matches at any depth, where .dockerignore anchors it at the root. */
function gitignoreExcludes(text: string, path: string): boolean {
  const lines = text.split(/\r?\n/).map((raw) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return line;
    const negated = line.startsWith('!');
    const pattern = (negated ? line.slice(1) : line).replace(/\/+$/, '');
    const anchored = pattern.includes('/') ? pattern.replace(/^\//, '') : `**/${pattern}`;
    return `${negated ? '!' : ''}${anchored}`;
  });
  return new IgnoreFile(lines.join('\n')).excludedBy(path) !== null;
}
