/**
 * Package-manager versions used when a project does not pin one in package.json's
 * `packageManager` field. Checked 2026-11-23 on the npm registry (`npm view <pkg> version`).
 * They are installed from the npm registry into a private prefix in the build stages only.
 */
export const PACKAGE_MANAGER_DEFAULTS = {
  /** Yarn 1 ("classic") is frozen at 1.22.22. */
  yarnClassic: '1.22.22',
  /** Yarn 2+ ("berry") is published as @yarnpkg/cli-dist. */
  yarnBerry: '4.18.1',
  pnpm: '10.34.8',
  bun: '1.4.5',
} as const;

/**
 * pnpm lockfile format → the newest pnpm major known to read it with --frozen-lockfile.
 * An older pnpm cannot read a newer format, and a much newer pnpm may refuse an old one.
 */
export const PNPM_FOR_LOCKFILE: Readonly<Record<string, string>> = {
  '5': '7.33.7',
  '6': '8.15.9',
  '9': '10.34.8',
};

/**
 * The newest release of each pnpm major on the npm registry (checked 2026-12-07 with
 * `npm view pnpm versions`), newest first: the releases an `engines.pnpm` range is matched against.
 */
export const PNPM_NEWEST_BY_MAJOR: readonly string[] = ['12.26.0', '11.29.0', '10.34.9', '9.15.9', '8.15.9', '7.33.7', '6.35.1', '5.18.11'];

/**
 * Yarn releases on the npm registry, by the package that carries them. Checked 2026-12-04 with
 * `npm view yarn versions` and `npm view @yarnpkg/cli-dist versions` (pre-releases left out).
 * Yarn 2 and later are published as @yarnpkg/cli-dist from 2.4.1 on; the `yarn` package also
 * carries 2.4.3. Other releases (all of 2.0–2.4.0, 1.20.0, 3.8.4, 4.10.0 …) exist only on GitHub
 * and repo.yarnpkg.com, where corepack downloads them: an install from the npm registry fails.
 */
export const YARN_ON_NPM: ReadonlyArray<{ npmPackage: string; versions: readonly string[] }> = [
  {
    npmPackage: 'yarn',
    versions: [
      '1.0.0', '1.0.1', '1.0.2', '1.1.0', '1.2.0', '1.2.1', '1.3.1', '1.3.2', '1.4.0', '1.5.0', '1.5.1', '1.6.0', '1.7.0', '1.8.0', '1.9.2',
      '1.9.4', '1.10.0', '1.10.1', '1.11.0', '1.11.1', '1.12.0', '1.12.1', '1.12.3', '1.13.0', '1.14.0', '1.15.0', '1.15.1', '1.15.2',
      '1.16.0', '1.17.0', '1.17.2', '1.17.3', '1.18.0', '1.19.0', '1.19.1', '1.19.2', '1.21.0', '1.21.1', '1.22.0', '1.22.1', '1.22.4',
      '1.22.5', '1.22.7', '1.22.9', '1.22.10', '1.22.11', '1.22.12', '1.22.13', '1.22.14', '1.22.15', '1.22.16', '1.22.17', '1.22.18',
      '1.22.19', '1.22.20', '1.22.21', '1.22.22', '2.4.3',
    ],
  },
  {
    npmPackage: '@yarnpkg/cli-dist',
    versions: [
      '2.4.1', '2.4.2', '3.0.0', '3.0.1', '3.0.2', '3.1.0', '3.1.1', '3.2.0', '3.2.1', '3.2.2', '3.2.3', '3.2.4', '3.3.0', '3.3.1', '3.4.0',
      '3.4.1', '3.5.0', '3.5.1', '3.6.0', '3.6.1', '3.6.2', '3.6.3', '3.6.4', '3.7.0', '3.8.0', '3.8.1', '3.8.2', '3.8.3', '3.8.5', '3.8.6',
      '3.8.7', '4.0.0', '4.0.1', '4.0.2', '4.1.0', '4.1.1', '4.2.0', '4.2.1', '4.2.2', '4.3.0', '4.3.1', '4.4.0', '4.4.1', '4.5.0', '4.5.1',
      '4.5.2', '4.5.3', '4.6.0', '4.7.0', '4.8.0', '4.8.1', '4.9.0', '4.9.1', '4.9.2', '4.9.3', '4.9.4', '4.10.1', '4.10.2', '4.10.3',
      '4.11.0', '4.12.0', '4.13.0', '4.14.0', '4.14.1', '4.15.0', '4.16.0', '4.17.0', '4.17.1', '4.18.0', '4.18.1',
    ],
  },
];
