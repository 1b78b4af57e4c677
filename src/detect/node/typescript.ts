import type * as JsoncParser from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';
import { posix } from 'node:path';
import { lazyRequire } from '../../lazy-require.js';
import type { ProjectFs } from '../fs.js';

export interface TsConfigFacts {
  outDir: string;
  rootDir: string;
}

/**
 * outDir and rootDir from tsconfig.json (JSON with comments, so a JSONC parser). A tsconfig
 * that cannot be parsed is only a hint lost, never an error: tsc itself will report it in the build.
 */
export function readTsConfig(fs: ProjectFs): TsConfigFacts | undefined {
  const text = fs.tryReadText('tsconfig.json');
  if (text === undefined) return undefined;
  const errors: ParseError[] = [];
  const { parse } = lazyRequire('jsonc-parser') as typeof JsoncParser;
  const data = parse(text, errors, { allowTrailingComma: true }) as unknown;
  if (errors.length > 0 || typeof data !== 'object' || data === null) return undefined;
  const options = (data as { compilerOptions?: Record<string, unknown> }).compilerOptions ?? {};
  const outDir = typeof options['outDir'] === 'string' ? clean(options['outDir']) : 'dist';
  const rootDir = typeof options['rootDir'] === 'string' ? clean(options['rootDir']) : 'src';
  return { outDir, rootDir };
}

/** For a TypeScript project with a build script: the compiled file of the first conventional
 *  entry found under rootDir (src/index.ts → dist/index.js). */
export function builtEntryFor(fs: ProjectFs, names: string[]): { source: string; output: string } | undefined {
  const config = readTsConfig(fs) ?? (fs.isDirectory('src') ? { outDir: 'dist', rootDir: 'src' } : undefined);
  if (!config) return undefined;
  for (const name of names) {
    for (const [ext, outExt] of [['.ts', '.js'], ['.mts', '.mjs'], ['.cts', '.cjs']] as const) {
      const source = posix.join(config.rootDir, name + ext);
      if (fs.isFile(source)) return { source, output: posix.join(config.outDir, name + outExt) };
    }
  }
  return undefined;
}

function clean(path: string): string {
  return posix.normalize(path).replace(/^\.\//, '').replace(/\/$/, '') || '.';
}
