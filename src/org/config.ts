import { existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fact, type Fact } from '../detect/evidence.js';
import { parseGenerateFlags, type GenerateOptions, type RawGenerateFlags } from '../options.js';
import type { OrgDefaults } from '../plan/types.js';
import { INDEX_VARIABLE, type IndexedStack } from '../plan/package-index.js';
import { DockgenError } from '../errors.js';
import { readJsonObject } from '../json-file.js';
import { readRegularFile } from '../safe-read.js';
import { CONTROL } from '../plan/safe.js';

/**
 * An organisation's standard for every image (R17): base image substitutions, an allow-list, the
 * created user's ids, extra labels and template overrides. Read from `--org-config <file>` or
 * `DOCKGEN_ORG_CONFIG`; project settings (dockgen.json) and flags are applied on top.
 */
export interface OrgConfig {
  file: string;
  /** Prefix for Docker Hub images: `node` → `<mirror>/library/node`, `nginxinc/x` → `<mirror>/nginxinc/x`. */
  registryMirror?: string;
  /** Image repository → replacement repository (the tag is kept), e.g. `node` → `registry.example.com/base/node`. */
  images: Record<string, string>;
  /** Allowed images after substitution, as patterns where `*` matches anything (e.g. `registry.example.com/base/*`). */
  allowedImages?: string[];
  /** Ids of the user dockgen creates (Python); images with their own user (node, distroless, nginx) keep it. */
  user?: { uid: number; gid: number };
  /** Extra OCI labels on the final image; `"${gitRemote}"` becomes the project's git remote URL. */
  labels: Record<string, string>;
  /** Folder whose templates replace the built-in ones of the same name (e.g. `dockerfile/partials/header.hbs`). */
  templates?: string;
  /** Answers used where a project and its flags say nothing, instead of dockgen's own defaults. */
  defaults?: OrgDefaults;
  /** Package mirrors written as the default of the index build arguments (PIP_INDEX_URL, GOPROXY):
   *  URLs without credentials, which go in a build secret (R16). */
  packageIndexes?: Partial<Record<IndexedStack, string>>;
}

/** The answers an organisation may default: versions, the Go runtime image and PID 1. Not the
 *  start command, port or main package, which belong to one project. */
const DEFAULT_KEYS = ['nodeVersion', 'pythonVersion', 'goVersion', 'runtime', 'init'] as const;

const KEYS = ['registryMirror', 'images', 'allowedImages', 'user', 'labels', 'templates', 'defaults', 'packageIndexes', '$comment'];

export function orgConfigPath(flag: string | undefined): string | undefined {
  const value = flag ?? process.env['DOCKGEN_ORG_CONFIG'];
  return value === undefined || value === '' ? undefined : value;
}

export function readOrgConfig(path: string): OrgConfig {
  const file = resolve(path);
  if (readRegularFile(file, { shown: path }) === undefined) throw new DockgenError(`The org config ${path} does not exist.`, 'Check --org-config or DOCKGEN_ORG_CONFIG.');
  const record = readJsonObject(file, path, `Fix ${path}.`);
  const fail = (message: string) => new DockgenError(`${path}: ${message}`, `Fix ${path}.`);
  for (const key of Object.keys(record)) if (!KEYS.includes(key)) throw fail(`unknown key "${key}" (known: ${KEYS.slice(0, -1).join(', ')}).`);

  const config: OrgConfig = { file: path, images: stringMap(record['images'], 'images', fail), labels: stringMap(record['labels'], 'labels', fail) };
  if (record['registryMirror'] !== undefined) config.registryMirror = imageRef(record['registryMirror'], 'registryMirror', fail).replace(/\/+$/, '');
  for (const [from, to] of Object.entries(config.images)) {
    imageRef(from, `images key "${from}"`, fail);
    imageRef(to, `images["${from}"]`, fail);
  }
  if (record['allowedImages'] !== undefined) {
    const list = record['allowedImages'];
    if (!Array.isArray(list) || list.some((p) => typeof p !== 'string' || p === '')) throw fail('"allowedImages" must be a list of image patterns.');
    config.allowedImages = list as string[];
  }
  if (record['user'] !== undefined) {
    const user = record['user'] as Record<string, unknown>;
    const valid = (n: unknown) => Number.isInteger(n) && (n as number) > 0 && (n as number) < 2 ** 31;
    if (typeof user !== 'object' || user === null || !valid(user['uid']) || !valid(user['gid'])) {
      throw fail('"user" must be {"uid": <number above 0>, "gid": <number above 0>} (root is not allowed, R14).');
    }
    config.user = { uid: user['uid'] as number, gid: user['gid'] as number };
  }
  for (const [name, value] of Object.entries(config.labels)) {
    if (!/^[a-z0-9][a-z0-9._-]*$/i.test(name)) throw fail(`label name "${name}" may only use letters, digits, ".", "_" and "-".`);
    if (CONTROL.test(value)) throw fail(`label "${name}" contains a control character.`);
  }
  if (record['templates'] !== undefined) {
    if (typeof record['templates'] !== 'string') throw fail('"templates" must be a folder path.');
    const folder = resolve(dirname(file), record['templates']);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw fail(`"templates" folder ${folder} does not exist.`);
    config.templates = folder;
  }
  if (record['defaults'] !== undefined) config.defaults = orgDefaults(record['defaults'], basename(file), fail);
  if (record['packageIndexes'] !== undefined) config.packageIndexes = packageIndexes(record['packageIndexes'], fail);
  return config;
}

/** `defaults` is checked like flags (a bad value names the org file) and kept with its evidence, which
 *  names the file by its base name only: the Dockerfile must not depend on where the file lives. */
function orgDefaults(value: unknown, name: string, fail: (m: string) => DockgenError): OrgDefaults {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail('"defaults" must be an object.');
  const raw: RawGenerateFlags = {};
  for (const [key, v] of Object.entries(value)) {
    if (!(DEFAULT_KEYS as readonly string[]).includes(key)) throw fail(`unknown key "defaults.${key}" (known: ${DEFAULT_KEYS.join(', ')}).`);
    if (typeof v !== 'string') throw fail(`"defaults.${key}" must be a string.`);
    raw[key as (typeof DEFAULT_KEYS)[number]] = v;
  }
  let parsed: GenerateOptions;
  try {
    parsed = parseGenerateFlags(raw);
  } catch (error) {
    if (error instanceof DockgenError) throw fail(`defaults: ${error.message}`);
    throw error;
  }
  const defaults: OrgDefaults = {};
  for (const key of DEFAULT_KEYS) {
    const v = parsed[key];
    if (v !== undefined) (defaults as Record<string, Fact<string>>)[key] = fact(v, name, `defaults.${key}`, v);
  }
  return defaults;
}

/** { python, go } → mirror URLs: http(s), no user or password (they would be in the Dockerfile), and no
 *  characters that a Dockerfile ARG default or the shell would read (`$`, quotes, spaces). */
function packageIndexes(value: unknown, fail: (m: string) => DockgenError): Partial<Record<IndexedStack, string>> {
  const indexes = stringMap(value, 'packageIndexes', fail);
  const known = Object.keys(INDEX_VARIABLE);
  for (const [stack, url] of Object.entries(indexes)) {
    if (!known.includes(stack)) throw fail(`unknown key "packageIndexes.${stack}" (known: ${known.join(', ')}).`);
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || /[\s$"'`\\]/.test(url)) throw fail(`"packageIndexes.${stack}" must be an http(s) URL, not ${JSON.stringify(url)}.`);
    if (parsed.username || parsed.password) {
      throw fail(`"packageIndexes.${stack}" contains credentials, which would be written into every Dockerfile: give the URL alone and pass the credentials as a build secret (--secret id=netrc,src=$HOME/.netrc).`);
    }
  }
  return indexes;
}

function stringMap(value: unknown, key: string, fail: (m: string) => DockgenError): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw fail(`"${key}" must be an object of strings.`);
  }
  return value as Record<string, string>;
}

/** Image references from the config end up in FROM lines: a small character set, no spaces. */
function imageRef(value: unknown, key: string, fail: (m: string) => DockgenError): string {
  if (typeof value !== 'string' || !/^[a-z0-9][a-z0-9._\-/:]*$/.test(value)) throw fail(`${key} must be an image reference (lower-case, no spaces), not ${JSON.stringify(value)}.`);
  return value;
}
