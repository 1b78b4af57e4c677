import type { Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import { detectFramework, detectStaticOnly, type FrameworkFacts, type StaticFrameworkId } from './framework.js';
import { productionDependencies, readPackageJson } from './package-json.js';
import { detectPackageManager, type PackageManagerFacts } from './package-manager.js';
import { detectPortInEntry } from './port.js';
import { detectStartCommand, devOnlyPreloads, entryFileOf, type StartCommand } from './start.js';
import { detectNodeVersionSpec } from './version.js';

export interface NodeFacts {
  stack: 'node';
  name?: string;
  packageManager: Fact<PackageManagerFacts>;
  /** The declared version specification; resolved to an exact release by the plan. */
  nodeVersionSpec?: Fact<string>;
  framework: Fact<FrameworkFacts>;
  /** Set when the project only builds static files (a Vite SPA, CRA, Next export …). */
  staticOnly?: Fact<StaticFrameworkId>;
  /** The build script, when there is one. */
  build?: Fact<string>;
  start?: Fact<StartCommand>;
  /** A PORT fallback written in the entry file. */
  entryPort?: Fact<number>;
  /** False when `dependencies` is empty: `npm ci --omit=dev` then creates no node_modules. */
  hasProductionDependencies: boolean;
  /** Config files the package manager reads during install, copied along with the manifests. */
  installConfigFiles: string[];
  /** .npmrc holds registry credentials: it must not enter the image (R16). */
  npmrcHasCredentials: boolean;
  /** yarn berry's nodeLinker from .yarnrc.yml, if set. */
  yarnNodeLinker?: string;
  workspaces: boolean;
  /** A public/ folder exists (Next.js serves it; standalone output must copy it). */
  hasPublicDir: boolean;
  warnings: string[];
}

const INSTALL_CONFIG_FILES = ['.npmrc', '.yarnrc', '.yarnrc.yml', 'pnpm-workspace.yaml', 'bunfig.toml'];
const YARN_BERRY_DIRS = ['.yarn/releases', '.yarn/plugins', '.yarn/patches'];

export function detectNode(fs: ProjectFs): NodeFacts {
  const pkg = readPackageJson(fs);
  if (!pkg) throw new Error('detectNode called without package.json');
  const warnings: string[] = [];
  const framework = detectFramework(fs, pkg);
  const start = detectStartCommand(fs, pkg, framework.value, warnings);
  const staticOnly = start?.value.argv[0] === 'node' && start.evidence.source === 'package.json'
    ? undefined
    : detectStaticOnly(fs, pkg, framework.value);

  const npmrc = fs.tryReadText('.npmrc');
  const npmrcHasCredentials = npmrc !== undefined && /(_auth|_authToken|_password|username)\s*=/i.test(npmrc);
  const installConfigFiles = INSTALL_CONFIG_FILES.filter((file) => fs.isFile(file))
    .filter((file) => !(file === '.npmrc' && npmrcHasCredentials));
  installConfigFiles.push(...YARN_BERRY_DIRS.filter((dir) => fs.isDirectory(dir)));
  if (npmrcHasCredentials) {
    warnings.push(
      '.npmrc contains registry credentials, so it is kept out of the image (.dockerignore). ' +
        'If the install needs them, pass them as a build secret (RUN --mount=type=secret,id=npmrc,target=/root/.npmrc).',
    );
  }

  const facts: NodeFacts = {
    stack: 'node',
    packageManager: detectPackageManager(fs, pkg, warnings),
    framework,
    hasProductionDependencies: productionDependencies(pkg).length > 0,
    installConfigFiles,
    npmrcHasCredentials,
    workspaces: pkg.workspaces !== undefined,
    hasPublicDir: fs.isDirectory('public'),
    warnings,
  };
  if (pkg.name !== undefined) facts.name = pkg.name;
  const spec = detectNodeVersionSpec(fs, pkg);
  if (spec) facts.nodeVersionSpec = spec;
  if (staticOnly) facts.staticOnly = staticOnly;
  const build = pkg.scripts['build'];
  if (build !== undefined) facts.build = { value: build, evidence: { source: 'package.json', field: 'scripts.build', value: build } };
  if (start) {
    facts.start = start;
    const port = detectPortInEntry(fs, entryFileOf(start.value.argv));
    if (port) facts.entryPort = port;
    for (const name of devOnlyPreloads(start.value.argv, pkg)) {
      warnings.push(
        `The start command preloads ${name}, which is not in "dependencies": the production image will not have it. ` +
          `Move ${name} to dependencies, or build the app and pass --cmd "node <built file>".`,
      );
    }
  }
  const linker = /^nodeLinker:\s*["']?([\w-]+)/m.exec(fs.tryReadText('.yarnrc.yml') ?? '');
  if (linker) facts.yarnNodeLinker = linker[1]!;
  if (facts.workspaces) {
    warnings.push('package.json declares workspaces: dockgen builds the root package; run it in a package folder to containerise one workspace.');
  }
  return facts;
}
