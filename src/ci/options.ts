import { DockgenError } from '../errors.js';
import { CONTROL } from '../plan/safe.js';
import { PROVIDERS, type Provider } from './tags.js';

/** `dockgen ci` flags, as given or recorded under "ci" in dockgen.json. */
export interface RawCiFlags {
  provider?: string;
  registry?: string;
  image?: string;
  branch?: string;
  context?: string;
  dockerfile?: string;
}

export interface CiOptions {
  provider: Provider;
  /** Registry host (and port); undefined: the provider's own registry. */
  registry?: string;
  /** Repository path in the registry; undefined: the repository's own path. */
  image?: string;
  /** The default branch: pushes to it build and push the image. */
  branch: string;
  /** Build context and Dockerfile, relative to the repository root (the folder dockgen ci runs in). */
  context: string;
  dockerfile: string;
}

export const CI_KEYS: ReadonlyArray<keyof RawCiFlags> = ['provider', 'registry', 'image', 'branch', 'context', 'dockerfile'];

const HOST = /^(localhost|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+|\[[0-9a-f:]+\])(:[0-9]{1,5})?$/;
/** The distribution spec's repository name: lower-case components separated by `/`. */
const REPOSITORY = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;
const BRANCH = /^[A-Za-z0-9_][A-Za-z0-9._/-]*$/;
const PATH = /^[A-Za-z0-9._@+-][A-Za-z0-9._@+/-]*$/;

/** Checks every value before it reaches the YAML: a value either fits its grammar or is refused,
 *  so none can carry an expression (`${{ }}`), a newline or a shell metacharacter into the file. */
export function parseCiFlags(raw: RawCiFlags): CiOptions {
  const provider = (raw.provider ?? 'github') as Provider;
  if (!PROVIDERS.includes(provider)) bad('--provider', raw.provider!, `one of ${PROVIDERS.join(', ')}`);
  if (raw.registry !== undefined && !HOST.test(raw.registry)) bad('--registry', raw.registry, 'a registry host in lower case, with an optional port, e.g. registry.example.com:5000');
  if (raw.image !== undefined && (!REPOSITORY.test(raw.image) || raw.image.length > 255)) bad('--image', raw.image, 'a repository path in lower case, e.g. acme/api');
  const branch = raw.branch ?? 'main';
  if (!BRANCH.test(branch) || branch.includes('..') || branch.includes('//') || branch.endsWith('/') || branch.endsWith('.lock')) bad('--branch', branch, 'a git branch name, e.g. main');
  const context = cleanPath(raw.context ?? '.', '--context');
  const dockerfile = cleanPath(raw.dockerfile ?? (context === '.' ? 'Dockerfile' : `${context}/Dockerfile`), '--dockerfile');
  if (dockerfile === '.') bad('--dockerfile', raw.dockerfile!, 'the path of a file');
  const options: CiOptions = { provider, branch, context, dockerfile };
  if (raw.registry !== undefined) options.registry = raw.registry;
  if (raw.image !== undefined) options.image = raw.image;
  return options;
}

/** A folder or file inside the repository, written relative and without `./`. */
function cleanPath(path: string, flag: string): string {
  const clean = path.replace(/^(\.\/)+/, '').replace(/\/+$/, '') || '.';
  if (clean !== '.' && (!PATH.test(clean) || clean.split('/').includes('..'))) {
    bad(flag, path, 'a path inside the repository, relative, with letters, digits and . _ - @ + / only');
  }
  return clean;
}

function bad(flag: string, value: string, expected: string): never {
  throw new DockgenError(`${flag} "${value.replace(new RegExp(CONTROL.source, 'g'), '?')}" is not usable: it must be ${expected}.`, `Fix ${flag} (or the "ci" entry in dockgen.json).`);
}

/** What dockgen.json records: the values given, so that `dockgen ci` there again writes the same file. */
export function ciAnswers(raw: RawCiFlags): Record<string, string> {
  const answers: Record<string, string> = { provider: raw.provider ?? 'github' };
  for (const key of CI_KEYS) if (raw[key] !== undefined) answers[key] = raw[key]!;
  return answers;
}
