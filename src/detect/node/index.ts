import type { Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import { detectApp, preloadWarnings, type NodeAppFacts } from './app.js';
import { readPackageJson } from './package-json.js';
import { detectPackageManager, type PackageManagerFacts } from './package-manager.js';
import { detectWorkspacePackages, findEnclosingWorkspace, type WorkspacePackage } from './workspaces.js';

export type { NodeAppFacts, WorkspacePackage };

/** The root package's app facts (NodeAppFacts), plus what the whole repository's install needs. */
export interface NodeFacts extends NodeAppFacts {
  stack: 'node';
  packageManager: Fact<PackageManagerFacts>;
  /** Config files the package manager reads during install, copied along with the manifests. */
  installConfigFiles: string[];
  /** .npmrc holds registry credentials: it must not enter the image (R16). */
  npmrcHasCredentials: boolean;
  /** yarn berry's nodeLinker from .yarnrc.yml, if set. */
  yarnNodeLinker?: string;
  /** package.json declares workspaces (or pnpm-workspace.yaml lists packages). */
  workspaces: boolean;
  /** The workspace patterns the root declares (package.json `workspaces`, pnpm-workspace.yaml). */
  workspacePatterns?: Fact<string[]>;
  /** The packages those patterns select (monorepo root), with each one's evidence and app facts. */
  workspacePackages?: WorkspacePackage[];
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
  const installConfigFiles = INSTALL_CONFIG_FILES.filter((file) => fs.isFile(file))
    .filter((file) => !(file === '.npmrc' && npmrcHasCredentials));
  installConfigFiles.push(...YARN_BERRY_DIRS.filter((dir) => fs.isDirectory(dir)));
  if (npmrcHasCredentials) {
    installWarnings.push(
      '.npmrc contains registry credentials, so it is kept out of the image (.dockerignore). ' +
        'If the install needs them, pass them as a build secret (RUN --mount=type=secret,id=npmrc,target=/root/.npmrc).',
    );
  }
  const packageManager = detectPackageManager(fs, pkg, installWarnings);

  const facts: NodeFacts = {
    stack: 'node',
    ...app,
    packageManager,
    installConfigFiles,
    npmrcHasCredentials,
    workspaces: pkg.workspaces !== undefined || workspaces !== undefined,
    warnings: [],
    installWarnings,
  };
  if (workspaces) {
    facts.workspacePatterns = workspaces.patterns;
    facts.workspacePackages = workspaces.packages;
  }
  const linker = /^nodeLinker:\s*["']?([\w-]+)/m.exec(fs.tryReadText('.yarnrc.yml') ?? '');
  if (linker) facts.yarnNodeLinker = linker[1]!;
  facts.warnings = [...appWarnings, ...installWarnings];
  if (facts.workspaces && !isMonorepoRoot) {
    facts.warnings.push('package.json declares workspaces, but no workspace package was found: dockgen builds the root package.');
  }
  if (!facts.workspaces && !packageManager.value.lockfile) {
    const enclosing = findEnclosingWorkspace(fs);
    if (enclosing) {
      facts.warnings.push(
        `This folder is the workspace package ${enclosing.dir} of the monorepo at ${enclosing.root}, whose lockfile and install ` +
          `configuration are there: a Dockerfile built from this folder alone cannot install from them. ` +
          `Run \`dockgen ${enclosing.root} --workspace ${enclosing.dir}\` instead.`,
      );
    }
  }
  return facts;
}
