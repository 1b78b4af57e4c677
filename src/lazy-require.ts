import { createRequire } from 'node:module';

/**
 * Synchronous `require` for CommonJS builds: parsers that only some projects need are loaded on
 * first use (TOML for mise.toml, JSONC for tsconfig.json), and handlebars as its single-file
 * build. Importing them up front would slow every run's start (npm run bench).
 */
export const lazyRequire = createRequire(import.meta.url);
