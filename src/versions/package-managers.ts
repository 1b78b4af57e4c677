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
