import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { GeneratedFile } from '../core.js';
import type { UpdateBot } from '../config.js';

/**
 * Configuration for the bots that keep the Dockerfile's digests fresh between dockgen runs. The
 * division of labour is the same for both: the bot refreshes the digest of the tag dockgen wrote
 * (a rebuilt image with security fixes), and versions move with `dockgen update`, which knows the
 * project's declared ranges. A bot that moved the tag would make `dockgen --check` fail.
 */
export async function updateBotFiles(bots: readonly UpdateBot[], dir: string): Promise<{ files: GeneratedFile[]; warnings: string[] }> {
  const files: GeneratedFile[] = [];
  const warnings: string[] = [];
  if (bots.includes('renovate')) files.push({ path: 'renovate.json', content: renovateJson() });
  if (bots.includes('dependabot')) {
    const folder = folderInRepository(dir);
    files.push({ path: '.github/dependabot.yml', content: await dependabotYaml(folder) });
    if (folder !== '/') {
      warnings.push(`GitHub reads .github/dependabot.yml only at the root of the repository, and this project is its folder ${folder}: move the file there (its directory is already ${folder}), or merge its entry into the one you have.`);
    }
  }
  return { files, warnings };
}

export function renovateJson(): string {
  const config = {
    $schema: 'https://docs.renovatebot.com/renovate-schema.json',
    description: 'Written by dockgen: Renovate keeps the Dockerfile base-image digests fresh; versions move with `dockgen update`.',
    pinDigests: true,
    packageRules: [
      {
        description: 'dockgen chooses the versions (within what the project declares); Renovate only refreshes the digest of each tag.',
        matchManagers: ['dockerfile'],
        matchUpdateTypes: ['major', 'minor', 'patch'],
        enabled: false,
      },
    ],
  };
  return JSON.stringify(config, null, 2) + '\n';
}

export async function dependabotYaml(directory: string): Promise<string> {
  const { stringify } = await import('yaml');
  const config = {
    version: 2,
    updates: [
      {
        'package-ecosystem': 'docker',
        directory,
        schedule: { interval: 'weekly' },
        // Digest refreshes of the same tag only: dockgen update moves versions.
        ignore: [{ 'dependency-name': '*', 'update-types': ['version-update:semver-major', 'version-update:semver-minor', 'version-update:semver-patch'] }],
      },
    ],
  };
  return `# Written by dockgen: Dependabot keeps the Dockerfile base-image digests fresh; versions move with \`dockgen update\`.\n${stringify(config)}`;
}

/** The project's folder as Dependabot names it: `/` at the repository root, else `/<path>` from
 *  the nearest folder above with a .git (the project's own folder when there is none). */
function folderInRepository(dir: string): string {
  const start = resolve(dir);
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, '.git'))) return `/${relative(folder, start).split(sep).join('/')}`;
    if (dirname(folder) === folder) return '/';
  }
}
