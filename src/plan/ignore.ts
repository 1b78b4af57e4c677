import { IgnoreFile } from '../lint/patterns.js';
import type { IgnoreSection } from './types.js';

/**
 * Whether the .dockerignore these sections make keeps `path` out of the build context, matched
 * the way the builder (and `dockgen lint`) does.
 */
export function isIgnored(path: string, sections: readonly IgnoreSection[]): boolean {
  return new IgnoreFile(sections.flatMap((s) => s.entries).join('\n')).excludedBy(path) !== null;
}

/**
 * .dockerignore patterns match from the root of the build context, so a name that may appear
 * in any folder is written `**\/name`.
 */
const anywhere = (names: string[]) => names.map((name) => `**/${name}`);

/**
 * .dockerignore sections every stack shares (R23, R16): VCS data, secrets, editor and OS
 * files, logs and the Docker files themselves. A stack adds its own dependency and build folders.
 */
export function commonIgnore(): IgnoreSection[] {
  return [
    { comment: 'Version control', entries: ['.git', '**/.git', '.gitignore', '.gitattributes', '.github', '.gitlab-ci.yml'] },
    {
      comment: 'Secrets and local configuration: never part of an image (R16)',
      entries: [
        ...anywhere(['.env', '.env.*', '*.pem', '*.key', '*.p12', '*.pfx', 'id_rsa*', 'id_ecdsa*', 'id_ed25519*', '*.tfstate', '*.tfvars']),
        // .envs/: per-environment env files (cookiecutter-django's .envs/.production/.django).
        '.ssh', '.aws', '.azure', '.gcloud', '.netrc', '.pgpass', '.envs',
      ],
    },
    { comment: 'Editors and operating systems', entries: ['.vscode', '.idea', ...anywhere(['*.swp', '.DS_Store', 'Thumbs.db'])] },
    { comment: 'Logs', entries: anywhere(['*.log']) },
    {
      comment: 'Docker files: the build does not need them, and editing them should not bust the cache',
      entries: ['Dockerfile', 'Dockerfile.*', '.dockerignore', 'dockgen.json', 'docker-compose*.yml', 'docker-compose*.yaml', 'compose*.yml', 'compose*.yaml'],
    },
  ];
}

/**
 * Local dependency folders the install recreates. A Yarn offline cache the project commits
 * (zero-install) is what the install reads: it stays in the build context.
 */
function dependencyEntries(yarnOfflineCache: string | undefined): string[] {
  const entries = [...anywhere(['node_modules']), '.pnpm-store', '.yarn/cache', '.yarn/install-state.gz', '.pnp.*'];
  return entries.filter((entry) => entry !== yarnOfflineCache);
}

/** `credentialFiles`: install configuration that holds registry credentials (.npmrc, .yarnrc.yml). */
export function nodeIgnore(buildOutputs: string[], credentialFiles: readonly string[], yarnOfflineCache?: string): IgnoreSection[] {
  const sections = commonIgnore();
  const extra: IgnoreSection[] = [
    { comment: 'Dependencies: installed inside the image from the lockfile', entries: dependencyEntries(yarnOfflineCache) },
  ];
  if (buildOutputs.length > 0) extra.push({ comment: 'Build output: rebuilt inside the image', entries: buildOutputs });
  extra.push({
    comment: 'Test, coverage and tool caches',
    entries: ['coverage', '.nyc_output', '.cache', '.eslintcache', '.turbo', '.parcel-cache', ...anywhere(['*.tsbuildinfo'])],
  });
  sections.splice(1, 0, ...extra);
  const secrets = sections.find((s) => s.comment.startsWith('Secrets'))!;
  // An example file documents the variables and holds no values; apps may read it (dotenv-safe).
  secrets.entries.push('!**/.env.example');
  secrets.entries.push(...credentialFiles);
  return sections;
}

/**
 * Static sites: the build output and the tools' caches are rebuilt in the image; `unserved` are
 * project files that configure hosting and must not end up among the served files (Staticfile).
 * node_modules is excluded even for hand-written sites, whose folders sometimes carry tooling.
 */
export function staticIgnore(rebuilt: string[], unserved: string[], npmrcHasCredentials: boolean, yarnOfflineCache?: string): IgnoreSection[] {
  const sections = commonIgnore();
  const extra: IgnoreSection[] = [
    { comment: 'Dependencies: installed inside the image from the lockfile', entries: dependencyEntries(yarnOfflineCache) },
  ];
  if (rebuilt.length > 0) extra.push({ comment: 'Build output and caches: rebuilt inside the image', entries: rebuilt });
  if (unserved.length > 0) extra.push({ comment: 'Hosting configuration: not part of the site', entries: unserved });
  extra.push({ comment: 'Test, coverage and tool caches', entries: ['coverage', '.nyc_output', '.eslintcache', '.turbo', '.parcel-cache', ...anywhere(['*.tsbuildinfo'])] });
  sections.splice(1, 0, ...extra);
  if (npmrcHasCredentials) sections.find((s) => s.comment.startsWith('Secrets'))!.entries.push('.npmrc');
  return sections;
}

export function pythonIgnore(): IgnoreSection[] {
  const sections = commonIgnore();
  sections.splice(1, 0,
    {
      comment: 'Virtualenvs and byte-code: the image builds its own',
      entries: ['.venv', 'venv', ...anywhere(['.venv', '__pycache__', '*.pyc', '*.pyo', '*.egg-info']), '.eggs'],
    },
    {
      comment: 'Test, coverage and tool caches',
      entries: ['.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', '.nox', '.coverage', '.coverage.*', 'htmlcov', '.hypothesis', '.ipynb_checkpoints', 'node_modules'],
    },
    // Django's development database: local data, never part of an image.
    { comment: 'Local data', entries: anywhere(['db.sqlite3', 'db.sqlite3-journal']) },
  );
  const secrets = sections.find((s) => s.comment.startsWith('Secrets'))!;
  secrets.entries.push('!**/.env.example', '.pypirc');
  return sections;
}

/**
 * Go: binaries and profiles the build recreates, and test files, which `go build` never compiles
 * (editing one then does not invalidate the build step). A committed vendor/ is the build's
 * source of dependencies and is never excluded (R23); `vendored` only changes the comment.
 */
export function goIgnore(vendored: boolean): IgnoreSection[] {
  const sections = commonIgnore();
  sections.splice(1, 0,
    {
      comment: vendored ? 'Build output: rebuilt inside the image (vendor/ stays: the build uses it)' : 'Build output: rebuilt inside the image',
      entries: ['bin', 'dist', ...anywhere(['*.exe', '*.test', '*.out', '*.prof', '*.pprof', '__debug_bin*'])],
    },
    { comment: 'Tests: go build does not compile them', entries: [...anywhere(['*_test.go']), 'coverage', ...anywhere(['*.coverprofile'])] },
    { comment: 'Front-end tooling some Go repositories carry', entries: anywhere(['node_modules']) },
  );
  const secrets = sections.find((s) => s.comment.startsWith('Secrets'))!;
  secrets.entries.push('!**/.env.example');
  return sections;
}
