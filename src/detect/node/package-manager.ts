import { DockgenError } from '../../errors.js';
import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import type { PackageJson } from './package-json.js';

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
  return { value: completeFacts(fs, chosen.value.name, chosen.value.version), evidence: chosen.evidence };
}

/** Facts for a manager chosen by flag or detection: its lockfile and flavour. */
export function completeFacts(fs: ProjectFs, name: PackageManagerName, version?: string): PackageManagerFacts {
  const lockfile = LOCKFILES.find(([n]) => n === name)![1].find((f) => fs.isFile(f));
  const facts: PackageManagerFacts = { name, yarnBerry: false };
  if (version !== undefined) facts.version = version;
  else if (name === 'yarn') {
    // `yarnPath: .yarn/releases/yarn-4.5.0.cjs`: whatever yarn is installed hands over to that release,
    // so its version decides the commands (Yarn 4 has `workspaces focus`, 2–3 do not).
    const release = yarnPathRelease(fs.tryReadText('.yarnrc.yml') ?? '');
    if (release) Object.assign(facts, { version: release.version, versionFrom: `.yarnrc.yml yarnPath = ${JSON.stringify(release.path)}` });
  }
  if (lockfile !== undefined) facts.lockfile = lockfile;
  if (name === 'yarn') facts.yarnBerry = isYarnBerry(fs, facts.version, lockfile);
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

function isYarnBerry(fs: ProjectFs, version: string | undefined, lockfile: string | undefined): boolean {
  if (version !== undefined) return Number(version.split('.')[0]) >= 2;
  if (fs.isFile('.yarnrc.yml')) return true;
  if (lockfile) {
    // Yarn 1 lockfiles start with "# yarn lockfile v1"; berry ones are YAML with __metadata.
    const head = (fs.tryReadText(lockfile) ?? '').slice(0, 2000);
    if (head.includes('__metadata:')) return true;
  }
  return false;
}

/** `yarnPath: .yarn/releases/yarn-4.5.0.cjs` → that release's version (the file name Yarn writes). */
function yarnPathRelease(yarnrc: string): { path: string; version: string } | undefined {
  const match = /^yarnPath:\s*["']?([^"'\s#]+)/m.exec(yarnrc);
  const version = match && /(?:^|\/)yarn-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)\.c?js$/.exec(match[1]!);
  return version ? { path: match[1]!, version: version[1]! } : undefined;
}

/** The major of `lockfileVersion:` at the top of pnpm-lock.yaml ('5.4' → '5', '9.0' → '9'). */
function pnpmLockfileMajor(text: string): string | undefined {
  for (const line of text.split('\n', 20)) {
    const match = /^lockfileVersion:\s*['"]?(\d+)(?:\.\d+)?['"]?\s*$/.exec(line.trim());
    if (match) return match[1];
  }
  return undefined;
}
