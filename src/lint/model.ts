import type { Dockerfile, From, Instruction } from 'dockerfile-ast';
import { lazyRequire } from '../lazy-require.js';
import { parseShell, type ShellScript } from './shell.js';

/** The Dockerfile keywords BuildKit accepts (MAINTAINER is deprecated but still parsed). */
export const KEYWORDS = new Set([
  'FROM', 'ARG', 'RUN', 'COPY', 'ADD', 'ENV', 'WORKDIR', 'USER', 'EXPOSE', 'ENTRYPOINT', 'CMD', 'STOPSIGNAL',
  'LABEL', 'HEALTHCHECK', 'SHELL', 'VOLUME', 'ONBUILD', 'MAINTAINER',
]);

export interface Stage {
  index: number;
  from: From;
  /** `AS name`, lower-cased as BuildKit compares it; null when unnamed. */
  name: string | null;
  /** The FROM image with global ARG defaults filled in; `<unset NAME>` where an ARG has none. */
  image: string;
  /** The earlier stage this one is built on, when FROM names one. */
  parent: Stage | null;
  /** The instructions after FROM, up to the next FROM. */
  instructions: Instruction[];
}

export interface Model {
  dockerfile: Dockerfile;
  stages: Stage[];
  /** Global ARGs (before the first FROM) with their defaults. */
  globals: Map<string, string>;
  final: Stage | undefined;
}

/** dockerfile-ast is loaded on first use: only `dockgen lint` needs it, not every `init`. */
export function parseDockerfile(text: string): Dockerfile {
  const { DockerfileParser } = lazyRequire('dockerfile-ast') as typeof import('dockerfile-ast');
  return DockerfileParser.parse(text);
}

export function buildModel(dockerfile: Dockerfile): Model {
  const globals = new Map<string, string>();
  for (const arg of dockerfile.getInitialARGs()) {
    const property = arg.getProperty();
    if (property) globals.set(property.getName(), property.getValue() ?? '');
  }
  const stages: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const from = instruction as From;
      const image = substitute(from.getImage() ?? '', globals);
      const parent = stages.find((s) => s.name !== null && s.name === image.toLowerCase()) ?? null;
      const name = from.getBuildStage()?.toLowerCase() ?? null;
      stages.push({ index: stages.length, from, name, image, parent, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { dockerfile, stages, globals, final: stages.at(-1) };
}

/** `${NAME}`, `$NAME` and `${NAME:-default}` with the given values, the way FROM is expanded. */
export function substitute(text: string, values: Map<string, string>): string {
  return text.replace(/\$\{(\w+)(?::?[-+]([^}]*))?\}|\$(\w+)/g, (_, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    const value = values.get(name);
    if (value !== undefined && value !== '') return value;
    return fallback ?? `<unset ${name}>`;
  });
}

/** 1-based line of an instruction's first line. */
export function lineOf(instruction: { getRange(): { start: { line: number } } }): number {
  return instruction.getRange().start.line + 1;
}

/** The stage and its ancestors, nearest first: what a stage inherits USER, WORKDIR, SHELL, CMD from. */
export function lineage(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | null = stage; s && !chain.includes(s); s = s.parent) chain.push(s);
  return chain;
}

/** The external image a stage ultimately builds on (its root ancestor's FROM). */
export function baseImageOf(stage: Stage): string {
  return lineage(stage).at(-1)!.image;
}

/** The repository part of an image reference, lower-cased, without registry host, tag or digest:
 *  `docker.io/library/node:22-slim` → `node`, `gcr.io/distroless/nodejs22-debian12` → `distroless/nodejs22-debian12`. */
export function imageRepository(image: string): string {
  let ref = image.toLowerCase().split('@')[0]!;
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) ref = ref.slice(0, colon);
  const parts = ref.split('/');
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0]!)) parts.shift();
  if (parts[0] === 'library') parts.shift();
  return parts.join('/');
}

/** The tag of an image reference, or null when it has none. */
export function imageTag(image: string): string | null {
  const ref = image.split('@')[0]!;
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? ref.slice(colon + 1) : null;
}

/** Exec form is a JSON array of strings; anything else is run by `/bin/sh -c` (as the builder does). */
export function execArgv(instruction: Instruction): string[] | null {
  const text = (instruction.getArgumentsContent() ?? '').trim();
  if (!text.startsWith('[')) return null;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : null;
  } catch {
    return null;
  }
}

const scripts = new WeakMap<Instruction, ShellScript>();

/** A RUN's shell script, parsed once; exec-form RUNs are a single command. */
export function runScript(instruction: Instruction): ShellScript {
  let script = scripts.get(instruction);
  if (!script) {
    const argv = execArgv(instruction);
    script = argv ? { commands: [{ argv, inSubshell: false }], hasPipe: false, setsPipefail: false } : parseShell(instruction.getArgumentsContent() ?? '');
    scripts.set(instruction, script);
  }
  return script;
}

/** `RUN --mount=type=cache,target=…` targets of an instruction. */
export function cacheMountTargets(instruction: Instruction): string[] {
  const flags = 'getFlags' in instruction ? (instruction as unknown as { getFlags(): import('dockerfile-ast').Flag[] }).getFlags() : [];
  const targets: string[] = [];
  for (const flag of flags) {
    if (flag.getName() !== 'mount') continue;
    const options = new Map(flag.getOptions().map((o) => [o.getName(), o.getValue() ?? '']));
    if (options.get('type') === 'cache') targets.push(options.get('target') ?? options.get('dst') ?? options.get('destination') ?? '');
  }
  return targets;
}

/** The value of an instruction flag such as `--from` or `--chown`. */
export function flagValue(instruction: Instruction, name: string): string | null {
  const flags = 'getFlags' in instruction ? (instruction as unknown as { getFlags(): import('dockerfile-ast').Flag[] }).getFlags() : [];
  const flag = flags.find((f) => f.getName() === name);
  return flag ? (flag.getValue() ?? '') : null;
}

/** COPY/ADD sources and destination (flags left out); JSON form is accepted too. */
export function copyOperands(instruction: Instruction): { sources: string[]; dest: string } {
  const words = execArgv(instruction) ?? instruction.getArguments().map((a) => a.getValue());
  const operands = words.filter((w) => !w.startsWith('--'));
  return { sources: operands.slice(0, -1), dest: operands.at(-1) ?? '' };
}
