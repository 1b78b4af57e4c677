import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DockgenError } from './errors.js';
import { readJsonObject } from './json-file.js';
import { readRegularFile } from './safe-read.js';
import { CI_KEYS } from './ci/options.js';
import { formatCommand, parseGenerateFlags, type GenerateOptions, type RawGenerateFlags } from './options.js';

/** The project's recorded answers, next to the Dockerfile. */
export const PROJECT_CONFIG = 'dockgen.json';

/** Keys of dockgen.json: the generate flags, in camelCase, with their JSON types. */
export const ANSWER_TYPES: Record<keyof RawGenerateFlags, 'string' | 'port' | 'boolean'> = {
  stack: 'string',
  port: 'port',
  cmd: 'string',
  nodeVersion: 'string',
  packageManager: 'string',
  pythonVersion: 'string',
  goVersion: 'string',
  main: 'string',
  workspace: 'string',
  runtime: 'string',
  init: 'string',
  jsRuntime: 'string',
  bunVersion: 'string',
  healthcheck: 'string',
  compose: 'boolean',
  k8s: 'boolean',
  image: 'string',
  readme: 'boolean',
};

/**
 * Reads recorded answers: `--config <file>` when given, else the project's dockgen.json if there
 * is one. Every key and type is checked; values then go through the same parser as flags, so a
 * bad value is reported the way a bad flag is, naming the file.
 */
export interface RecordedAnswers {
  /** The file read (`--config`, else `<dir>/dockgen.json`), and the one answers are saved to. */
  file: string;
  raw: RawGenerateFlags;
  /** `$schema` and `$comment` as the user wrote them, and `dockgen ci`'s answers ("ci"): kept when
   *  dockgen rewrites the file. */
  kept: Record<string, string | Record<string, string>>;
  /** SHA-256 of each file as dockgen last wrote it: a file still matching was not edited since. */
  generated: Record<string, string>;
  /** Base images pinned by digest (`--pin-digests`): image as pulled → digest. Present = pinning on. */
  digests?: Record<string, string>;
  /** Update-bot configurations dockgen writes (`--renovate`, `--dependabot`). */
  updateBots?: UpdateBot[];
}

export const UPDATE_BOTS = ['renovate', 'dependabot'] as const;
export type UpdateBot = (typeof UPDATE_BOTS)[number];

export function readAnswers(dir: string, configFile?: string): RecordedAnswers {
  const file = configFile ?? join(dir, PROJECT_CONFIG);
  // The project's own dockgen.json must stay inside the project; --config is the user's choice.
  const root = configFile === undefined ? dir : undefined;
  const recorded: RecordedAnswers = { file, raw: {}, kept: {}, generated: {} };
  if (readRegularFile(file, root === undefined ? { shown: file } : { shown: file, root }) === undefined) {
    if (configFile) throw new DockgenError(`--config ${configFile} does not exist.`, 'Pass the path of a dockgen.json file.');
    return recorded;
  }
  const data = readJsonObject(file, file, `Fix ${file}, or delete it to detect everything again.`, root);
  const raw = recorded.raw;
  for (const [key, value] of Object.entries(data)) {
    // $schema points editors at schema/dockgen.schema.json; $comment is for people.
    if (key === '$comment' || key === '$schema') {
      if (typeof value !== 'string') throw new DockgenError(`${file}: "${key}" must be a string.`, `Fix ${file}.`);
      recorded.kept[key] = value;
      continue;
    }
    if (key === CI) {
      recorded.kept[CI] = ciAnswersOf(value, file);
      continue;
    }
    if (key === GENERATED) {
      recorded.generated = generatedHashes(value, file);
      continue;
    }
    if (key === DIGESTS) {
      recorded.digests = recordedDigests(value, file);
      continue;
    }
    if (key === UPDATE_BOTS_KEY) {
      if (!Array.isArray(value) || value.some((v) => !(UPDATE_BOTS as readonly unknown[]).includes(v))) {
        throw new DockgenError(`${file}: "${UPDATE_BOTS_KEY}" must be a list of ${UPDATE_BOTS.join(', ')}.`, `Fix ${file}.`);
      }
      recorded.updateBots = [...new Set(value as UpdateBot[])];
      continue;
    }
    const type = ANSWER_TYPES[key as keyof RawGenerateFlags];
    if (!type) {
      throw new DockgenError(`${file}: unknown key "${key}".`, `Known keys: ${Object.keys(ANSWER_TYPES).join(', ')}.`);
    }
    if (type === 'boolean') {
      if (typeof value !== 'boolean') throw new DockgenError(`${file}: "${key}" must be true or false, not ${JSON.stringify(value)}.`, `Fix ${file}.`);
      (raw as Record<string, unknown>)[key] = value;
      continue;
    }
    if (type === 'port' ? !Number.isInteger(value) : typeof value !== 'string') {
      throw new DockgenError(`${file}: "${key}" must be ${type === 'port' ? 'an integer (1–65535)' : 'a string'}, not ${JSON.stringify(value)}.`, `Fix ${file}.`);
    }
    (raw as Record<string, unknown>)[key] = String(value);
  }
  try {
    parseGenerateFlags(raw);
  } catch (error) {
    if (error instanceof DockgenError) throw new DockgenError(`${file}: ${error.message}`, error.hint ?? `Fix ${file}.`);
    throw error;
  }
  return recorded;
}

/** `dockgen ci`'s answers (src/ci/options.ts): strings under known keys, checked again when used. */
export const CI = 'ci';

function ciAnswersOf(value: unknown, file: string): Record<string, string> {
  const valid = typeof value === 'object' && value !== null && !Array.isArray(value) && Object.entries(value).every(([k, v]) => (CI_KEYS as readonly string[]).includes(k) && typeof v === 'string');
  if (!valid) throw new DockgenError(`${file}: "${CI}" must map ${CI_KEYS.join(', ')} to strings.`, `Fix ${file}, or delete "${CI}" and run \`dockgen ci\` again.`);
  return value as Record<string, string>;
}

/** The key under which dockgen records the hash of each file it wrote. */
const GENERATED = 'generated';
const DIGESTS = 'digests';
const UPDATE_BOTS_KEY = 'updateBots';

/** `{ "node:22.11.0-bookworm-slim": "sha256:…" }`: keys end up in FROM lines, so they are checked
 *  as image references; a bad entry is reported rather than written. */
function recordedDigests(value: unknown, file: string): Record<string, string> {
  const valid =
    typeof value === 'object' && value !== null && !Array.isArray(value) &&
    Object.entries(value).every(([image, digest]) => /^[a-z0-9][a-z0-9._\-/:[\]]*$/.test(image) && typeof digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(digest));
  if (!valid) throw new DockgenError(`${file}: "${DIGESTS}" must map base images (image:tag) to sha256 digests.`, 'dockgen writes it with --pin-digests; delete the key to stop pinning.');
  return value as Record<string, string>;
}

function generatedHashes(value: unknown, file: string): Record<string, string> {
  const valid = typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v));
  if (!valid) throw new DockgenError(`${file}: "${GENERATED}" must map file names to SHA-256 hashes.`, `dockgen writes it; delete the key to let dockgen record it again.`);
  return value as Record<string, string>;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Flags win over recorded answers, key by key. */
export function mergeAnswers(recorded: RawGenerateFlags, flags: RawGenerateFlags): RawGenerateFlags {
  const merged: RawGenerateFlags = { ...recorded };
  for (const key of Object.keys(ANSWER_TYPES) as Array<keyof RawGenerateFlags>) {
    if (flags[key] !== undefined) (merged as Record<string, unknown>)[key] = flags[key];
  }
  return merged;
}

/** The answers to record after a write: what was given (flags, file, questions) plus the stack,
 *  so that `dockgen --yes` on any machine makes the same files from the same project. */
export function answersJson(
  options: GenerateOptions,
  stack: string,
  kept: RecordedAnswers['kept'] = {},
  generated?: Record<string, string>,
  supply: { digests?: Record<string, string>; updateBots?: readonly UpdateBot[] } = {},
): string {
  const answers: Record<string, string | number | boolean | Record<string, string> | readonly string[]> = { ...kept, stack };
  if (options.port !== undefined) answers['port'] = options.port;
  if (options.cmd) answers['cmd'] = formatCommand(options.cmd);
  for (const key of ['nodeVersion', 'packageManager', 'pythonVersion', 'goVersion', 'main', 'workspace', 'runtime', 'init', 'jsRuntime', 'bunVersion', 'healthcheck'] as const) {
    const value = options[key];
    if (value !== undefined) answers[key] = value;
  }
  if (options.compose) answers['compose'] = true;
  // Opt-in outputs, so that a re-run writes them again.
  if (options.k8s) answers['k8s'] = true;
  if (options.image !== undefined) answers['image'] = options.image;
  if (options.readme) answers['readme'] = true;
  if (supply.digests) answers[DIGESTS] = supply.digests;
  if (supply.updateBots && supply.updateBots.length > 0) answers[UPDATE_BOTS_KEY] = supply.updateBots;
  if (generated && Object.keys(generated).length > 0) answers[GENERATED] = generated;
  return JSON.stringify(answers, null, 2) + '\n';
}
