import { DockgenError } from '../../errors.js';
import type { ProjectFs } from '../fs.js';
import { parseJson } from '../../json-file.js';

/** The parts of package.json that dockgen reads, validated. */
export interface PackageJson {
  name?: string;
  main?: string;
  /** The ES module entry; `bun init` writes its entry here ("module": "index.ts"). */
  module?: string;
  type?: string;
  packageManager?: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
  engines: Record<string, string>;
  workspaces?: unknown;
  /** `false` stops npm from running `node-gyp rebuild` for a binding.gyp at the root. */
  gypfile?: boolean;
}

const FILE = 'package.json';

/** Reads and validates package.json at `dir`; `undefined` when there is none. */
export function readPackageJson(fs: ProjectFs, dir = ''): PackageJson | undefined {
  const path = dir ? `${dir}/${FILE}` : FILE;
  const text = fs.readText(path);
  if (text === undefined) return undefined;
  const data = parseJson(text, path, `Fix ${path} (for example with \`npm pkg get name\` to locate the error), then run dockgen again.`);
  if (!isRecord(data)) throw typeError(path, '(top level)', 'an object');
  return {
    name: optionalString(data, 'name', path),
    main: optionalString(data, 'main', path),
    module: optionalString(data, 'module', path),
    type: optionalString(data, 'type', path),
    packageManager: optionalString(data, 'packageManager', path),
    scripts: stringMap(data, 'scripts', path),
    dependencies: stringMap(data, 'dependencies', path),
    devDependencies: stringMap(data, 'devDependencies', path),
    optionalDependencies: stringMap(data, 'optionalDependencies', path),
    engines: stringMap(data, 'engines', path),
    workspaces: data['workspaces'],
    ...(typeof data['gypfile'] === 'boolean' ? { gypfile: data['gypfile'] } : {}),
  };
}

/** All dependency names a running app may import (production install). */
export function productionDependencies(pkg: PackageJson): string[] {
  return [...Object.keys(pkg.dependencies), ...Object.keys(pkg.optionalDependencies)];
}

export function hasDependency(pkg: PackageJson, name: string): boolean {
  return name in pkg.dependencies || name in pkg.devDependencies || name in pkg.optionalDependencies;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(data: Record<string, unknown>, key: string, path: string): string | undefined {
  const value = data[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw typeError(path, key, 'a string');
  return value;
}

function stringMap(data: Record<string, unknown>, key: string, path: string): Record<string, string> {
  const value = data[key];
  if (value === undefined) return {};
  if (!isRecord(value)) throw typeError(path, key, 'an object');
  const out: Record<string, string> = {};
  for (const [name, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw typeError(path, `${key}.${name}`, 'a string');
    out[name] = entry;
  }
  return out;
}

function typeError(path: string, field: string, expected: string): DockgenError {
  return new DockgenError(`${path}: "${field}" must be ${expected}.`, `Fix that field in ${path}.`);
}
