import maxSatisfying from 'semver/ranges/max-satisfying.js';
import { YARN_ON_NPM } from './package-managers.js';

/** A Yarn release as the build installs it: `npm install --global <npmPackage>@<version>`. */
export interface YarnOnNpm {
  npmPackage: string;
  version: string;
  /** The release asked for, when it is not on the registry and `version` stands in for it. */
  replaces?: string;
}

type Triple = [number, number, number];

function parse(version: string): Triple | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

function compare(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * The npm package that carries a Yarn release, or, when the registry does not have that release,
 * the nearest one of the same major that it has: the next newer one (the smallest change from what
 * the project asked for), else the newest older one. What the table cannot judge is taken as
 * asked: a release newer than its newest (Yarn publishes each new release to @yarnpkg/cli-dist),
 * a pre-release (4.0.0-rc.53), and the 0.x releases of the `yarn` package.
 */
export function yarnOnNpm(version: string): YarnOnNpm {
  const asAsked = { npmPackage: /^[2-9]|^\d\d/.test(version) ? '@yarnpkg/cli-dist' : 'yarn', version };
  const wanted = parse(version);
  if (!wanted) return asAsked;
  const published = YARN_ON_NPM.flatMap(({ npmPackage, versions }) => versions.map((v) => ({ npmPackage, version: v, triple: parse(v)! })))
    .sort((a, b) => compare(a.triple, b.triple));
  const exact = published.find((p) => compare(p.triple, wanted) === 0);
  if (exact) return { npmPackage: exact.npmPackage, version: exact.version };
  if (compare(wanted, published.at(-1)!.triple) > 0) return asAsked;
  const sameMajor = published.filter((p) => p.triple[0] === wanted[0]);
  const stand = sameMajor.find((p) => compare(p.triple, wanted) > 0) ?? sameMajor.at(-1);
  return stand ? { npmPackage: stand.npmPackage, version: stand.version, replaces: version } : asAsked;
}

/** The newest Yarn release on the npm registry that an `engines.yarn` range allows, if any. */
export function newestYarnSatisfying(range: string): string | undefined {
  const versions = YARN_ON_NPM.flatMap((entry) => entry.versions);
  try {
    return maxSatisfying(versions, range) ?? undefined;
  } catch {
    return undefined; // not a range semver can read
  }
}
