import { DockgenError } from '../../errors.js';
import { fact, type Fact } from '../evidence.js';
import { projectPath, type ProjectFs } from '../fs.js';
import type { PackageJson } from './package-json.js';
import { newestYarnSatisfying } from '../../versions/yarn-registry.js';
import { PACKAGE_MANAGER_DEFAULTS, PNPM_FOR_LOCKFILE, PNPM_NEWEST_BY_MAJOR } from '../../versions/package-managers.js';
// Individual semver modules: the package index loads every function, which costs the CLI's start.
import gt from 'semver/functions/gt.js';
import satisfies from 'semver/functions/satisfies.js';
import minVersion from 'semver/ranges/min-version.js';
import validRange from 'semver/ranges/valid.js';

export type PackageManagerName = 'npm' | 'yarn' | 'pnpm' | 'bun';
export const PACKAGE_MANAGERS: readonly PackageManagerName[] = ['npm', 'yarn', 'pnpm', 'bun'];

export interface PackageManagerFacts {
  name: PackageManagerName;
  /** Exact version from package.json `packageManager` (corepack), when pinned there, or from
   *  the Yarn release that .yarnrc.yml's `yarnPath` runs. */
  version?: string;
  /** Where `version` comes from when it is not the source that chose the manager (yarnPath). */
  versionFrom?: string;
  /** Yarn 2 or later ("berry"), which differs from Yarn 1 in every command. */
  yarnBerry: boolean;
  /** The lockfile this manager will install from, if the project has one. */
  lockfile?: string;
  /** pnpm-lock.yaml's lockfileVersion major, which decides the pnpm that can read it. */
  pnpmLockfileMajor?: string;
  /** The Yarn release the project vendors and runs (`yarnPath` in .yarnrc.yml, `yarn-path` in
   *  .yarnrc), project-relative, when the file is there: whatever Yarn is installed hands over to
   *  it, so the build runs it directly (it may be a release the npm registry does not have). */
  yarnRelease?: string;
  /** That setting, when it names a file the project does not have: every Yarn command fails. */
  missingYarnRelease?: { setting: string; path: string };
  /** .yarnrc.yml loads @yarnpkg/plugin-workspace-tools, which gives Yarn 2–3 `workspaces focus`. */
  yarnWorkspaceTools?: boolean;
  /** How the lockfile is out of date with package.json (see lockfile-sync.ts): a frozen install fails. */
  lockfileDrift?: string;
}

/** Lockfiles by manager. When several managers' lockfiles exist and nothing else decides,
 *  the first manager in this order wins: a stray package-lock.json next to another manager's
 *  lockfile is the usual accident, so npm comes last. */
export const LOCKFILES: ReadonlyArray<[PackageManagerName, string[]]> = [
  ['pnpm', ['pnpm-lock.yaml']],
  ['bun', ['bun.lock', 'bun.lockb']],
  ['yarn', ['yarn.lock']],
  ['npm', ['package-lock.json', 'npm-shrinkwrap.json']],
];

export function detectPackageManager(
  fs: ProjectFs,
  pkg: PackageJson,
  warnings: string[],
): Fact<PackageManagerFacts> {
  const present = LOCKFILES.map(([name, files]) => [name, files.find((f) => fs.isFile(f))] as const).filter(
    (entry): entry is readonly [PackageManagerName, string] => entry[1] !== undefined,
  );

  let chosen: Fact<{ name: PackageManagerName; version?: string }>;
  if (pkg.packageManager !== undefined) {
    chosen = fact(parsePackageManagerField(pkg.packageManager), 'package.json', 'packageManager', pkg.packageManager);
  } else if (present.length > 0) {
    const [name, file] = present[0]!;
    chosen = fact({ name }, file);
    if (present.length > 1) {
      warnings.push(
        `Several lockfiles found (${present.map(([, f]) => f).join(', ')}); using ${name} (${file}). ` +
          `Delete the stale ones, or set "packageManager" in package.json, or pass --package-manager.`,
      );
    }
  } else {
    chosen = fact({ name: 'npm' }, 'default', undefined, 'no lockfile found');
  }
  const facts = completeFacts(fs, chosen.value.name, chosen.value.version);
  if (facts.name === 'yarn' && facts.version === undefined && !facts.yarnRelease) applyYarnEngine(fs, facts, pkg, warnings);
  if (facts.name === 'pnpm') applyPnpmEngine(facts, pkg);
  return { value: facts, evidence: chosen.evidence };
}

/**
 * `engines.yarn` where nothing else pins Yarn (Heroku's buildpack installs Yarn from it): the newest
 * release on the npm registry it allows. A range that none allows is reported and left aside.
 */
function applyYarnEngine(fs: ProjectFs, facts: PackageManagerFacts, pkg: PackageJson, warnings: string[]): void {
  const range = pkg.engines['yarn']?.trim();
  if (!range) return;
  const version = newestYarnSatisfying(range);
  if (version === undefined) {
    warnings.push(`package.json engines.yarn is "${range}", which no Yarn release on the npm registry satisfies (from 1.0.0 on): dockgen leaves it aside and chooses Yarn by the lockfile.`);
    return;
  }
  // The lockfile's format is what the install must read: a range of the other Yarn line loses.
  const berry = Number(version.split('.')[0]) >= 2;
  if (facts.lockfile && berry !== facts.yarnBerry) {
    warnings.push(
      `package.json engines.yarn is "${range}" (Yarn ${berry ? '2 or later' : '1'}), but ${facts.lockfile} is a Yarn ${facts.yarnBerry ? '2+' : '1'} lockfile, ` +
        'which that Yarn cannot install from: dockgen follows the lockfile. Fix engines.yarn, or pin Yarn with "packageManager".',
    );
    return;
  }
  facts.version = version;
  facts.versionFrom = `package.json engines.yarn = ${JSON.stringify(range)}`;
  facts.yarnBerry = berry;
}

/**
 * `engines.pnpm`, which pnpm itself enforces: every install by a pnpm outside the range stops
 * ("Your pnpm version is incompatible"). A pinned pnpm outside it, or a range no release satisfies,
 * is refused here; otherwise, when the pnpm dockgen would install is outside it, the newest release
 * inside it is installed instead.
 */
function applyPnpmEngine(facts: PackageManagerFacts, pkg: PackageJson): void {
  const range = pkg.engines['pnpm']?.trim();
  if (!range || validRange(range) === null) return;
  const fix = 'Fix engines.pnpm in package.json (pnpm refuses to install outside it), or remove it.';
  if (facts.version !== undefined) {
    if (!satisfies(facts.version, range)) {
      throw new DockgenError(`package.json pins pnpm ${facts.version} ("packageManager"), but its engines.pnpm is "${range}": that pnpm refuses to install the project.`, `${fix} Or pin a pnpm inside it.`);
    }
    return;
  }
  const paired = facts.pnpmLockfileMajor ? PNPM_FOR_LOCKFILE[facts.pnpmLockfileMajor] : undefined;
  const planned = paired ?? PACKAGE_MANAGER_DEFAULTS.pnpm;
  if (satisfies(planned, range)) return;
  const inside = PNPM_NEWEST_BY_MAJOR.find((version) => satisfies(version, range)) ?? minVersion(range)?.version;
  if (inside === undefined || gt(inside, PNPM_NEWEST_BY_MAJOR[0]!)) {
    throw new DockgenError(`package.json engines.pnpm is "${range}", which no pnpm release satisfies (the newest is ${PNPM_NEWEST_BY_MAJOR[0]}): pnpm refuses to install the project.`, fix);
  }
  facts.version = inside;
  facts.versionFrom = `package.json engines.pnpm = ${JSON.stringify(range)}`;
}

/** Facts for a manager chosen by flag or detection: its lockfile and flavour. */
export function completeFacts(fs: ProjectFs, name: PackageManagerName, version?: string): PackageManagerFacts {
  const lockfile = LOCKFILES.find(([n]) => n === name)![1].find((f) => fs.isFile(f));
  const facts: PackageManagerFacts = { name, yarnBerry: false };
  if (version !== undefined) facts.version = version;
  if (lockfile !== undefined) facts.lockfile = lockfile;
  if (name === 'yarn') {
    const release = vendoredYarn(fs);
    if (release && !release.outside && fs.isFile(release.path)) {
      // Whatever Yarn is installed hands over to the vendored release, whatever packageManager
      // says: that release decides the commands (Yarn 4 has `workspaces focus`, 2–3 do not).
      facts.yarnRelease = release.path;
      if (release.version !== undefined) Object.assign(facts, { version: release.version, versionFrom: `${release.setting} = ${JSON.stringify(release.path)}` });
    } else if (release) {
      facts.missingYarnRelease = { setting: release.setting, path: release.path };
    }
    facts.yarnBerry = isYarnBerry(fs, facts.version, lockfile, release);
    if (facts.yarnBerry && hasWorkspaceTools(fs)) facts.yarnWorkspaceTools = true;
  }
  if (name === 'pnpm' && lockfile) {
    const major = pnpmLockfileMajor(fs.tryReadText(lockfile) ?? '');
    if (major !== undefined) facts.pnpmLockfileMajor = major;
  }
  return facts;
}

/** `pnpm@9.12.0+sha512.abc…` → { name: 'pnpm', version: '9.12.0' }. */
export function parsePackageManagerField(value: string): { name: PackageManagerName; version?: string } {
  const match = /^(npm|yarn|pnpm|bun)@(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)(?:\+[0-9A-Za-z.:-]+)?$/.exec(value.trim());
  if (!match) {
    throw new DockgenError(
      `package.json "packageManager" is "${value}", which is not of the form <npm|yarn|pnpm|bun>@<x.y.z>.`,
      'Fix the field (for example "pnpm@10.34.8"), or remove it and pass --package-manager.',
    );
  }
  return { name: match[1] as PackageManagerName, version: match[2]! };
}

function isYarnBerry(fs: ProjectFs, version: string | undefined, lockfile: string | undefined, release: VendoredYarn | undefined): boolean {
  if (version !== undefined) return Number(version.split('.')[0]) >= 2;
  // Yarn 1 reads `yarn-path` from .yarnrc; only Yarn 2+ reads .yarnrc.yml.
  if (release) return release.setting.startsWith('.yarnrc.yml');
  if (fs.isFile('.yarnrc.yml')) return true;
  if (lockfile) {
    // Yarn 1 lockfiles start with "# yarn lockfile v1"; berry ones are YAML with __metadata.
    const head = (fs.tryReadText(lockfile) ?? '').slice(0, 2000);
    if (head.includes('__metadata:')) return true;
  }
  return false;
}

interface VendoredYarn {
  /** Where it is configured, e.g. `.yarnrc.yml yarnPath`. */
  setting: string;
  /** Project-relative. */
  path: string;
  /** From the file name Yarn writes (`yarn-4.5.0.cjs`); absent for other names (`yarn-berry.cjs`). */
  version?: string;
  /** The path leaves the project: never looked at, so it counts as missing. */
  outside?: boolean;
}

/**
 * The release `yarnPath` (.yarnrc.yml, Yarn 2+) or `yarn-path` (.yarnrc, Yarn 1) points to. Both
 * are relative to the file that sets them, here the project root. A path that leaves the project
 * is not followed (the build could not copy it anyway) and counts as missing.
 */
function vendoredYarn(fs: ProjectFs): VendoredYarn | undefined {
  const berry = /^yarnPath:\s*(["']?)([^"'\n#]+?)\1\s*(?:#.*)?$/m.exec(fs.tryReadText('.yarnrc.yml') ?? '');
  const classic = /^yarn-path\s+(["']?)([^"'\n#]+?)\1\s*(?:#.*)?$/m.exec(fs.tryReadText('.yarnrc') ?? '');
  const found = berry ? { setting: '.yarnrc.yml yarnPath', raw: berry[2]! } : classic ? { setting: '.yarnrc yarn-path', raw: classic[2]! } : undefined;
  if (!found) return undefined;
  let path: string;
  try {
    path = projectPath(found.raw.trim());
  } catch {
    return { setting: found.setting, path: found.raw.trim(), outside: true };
  }
  const version = /(?:^|\/)yarn-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)\.c?js$/.exec(path);
  return version ? { setting: found.setting, path, version: version[1]! } : { setting: found.setting, path };
}

/** `plugins:` in .yarnrc.yml loads the workspace-tools plugin from a file the project has. */
function hasWorkspaceTools(fs: ProjectFs): boolean {
  const yarnrc = fs.tryReadText('.yarnrc.yml') ?? '';
  const match = /^\s*-\s*(?:path:\s*)?["']?([^"'\s#]*plugin-workspace-tools\.c?js)/m.exec(yarnrc);
  if (!match) return false;
  try {
    return fs.isFile(projectPath(match[1]!));
  } catch {
    return false;
  }
}

/** The major of `lockfileVersion:` at the top of pnpm-lock.yaml ('5.4' → '5', '9.0' → '9'). */
function pnpmLockfileMajor(text: string): string | undefined {
  for (const line of text.split('\n', 20)) {
    const match = /^lockfileVersion:\s*['"]?(\d+)(?:\.\d+)?['"]?\s*$/.exec(line.trim());
    if (match) return match[1];
  }
  return undefined;
}
