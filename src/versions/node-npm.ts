// Individual semver modules: the package index loads every function, which costs the CLI's start.
import satisfies from 'semver/functions/satisfies.js';

/** What the npm that comes with a Node.js release can do: the install commands depend on it. */
export interface BundledNpm {
  /** How the Dockerfile comments and warnings name it. */
  label: string;
  /** `npm ci` (npm 5.7 and later). */
  ci: boolean;
  /** `--omit=dev` (npm 7 and later); npm 5.7–6 spell it `--only=production`. */
  omitDev: boolean;
  /** npm 5 and later read package-lock.json; npm 2–4 resolve every version at install time. */
  readsLockfile: boolean;
}

/**
 * From the Node.js release notes ("deps: upgrade npm to …"): Node 15.0.0 brought npm 7; Node
 * 10.3.0 npm 6.1.0 (the first 10.x release whose npm has `ci` for certain); 8.12.0 npm 6.4.1;
 * every 11.x–14.x release has npm 6; 9.x stayed on npm 5.5/5.6 (no `ci`, which came with 5.7); 8.0.0
 * brought npm 5 (the first to read package-lock.json); 7.x had npm 4, 5.x–6.x npm 3, older npm 1–2.
 */
export function bundledNpm(nodeVersion: string): BundledNpm {
  if (satisfies(nodeVersion, '>=15.0.0')) return { label: 'npm 7 or later', ci: true, omitDev: true, readsLockfile: true };
  if (satisfies(nodeVersion, '>=10.3.0 || ^8.12.0')) return { label: 'npm 6', ci: true, omitDev: false, readsLockfile: true };
  if (satisfies(nodeVersion, '^10.0.0')) return { label: 'npm 5.6 or 6.0', ci: false, omitDev: false, readsLockfile: true };
  if (satisfies(nodeVersion, '>=8.0.0')) return { label: 'npm 5', ci: false, omitDev: false, readsLockfile: true };
  return { label: satisfies(nodeVersion, '^7.0.0') ? 'npm 4' : satisfies(nodeVersion, '>=5.0.0') ? 'npm 3' : 'npm 2 or older', ci: false, omitDev: false, readsLockfile: false };
}
