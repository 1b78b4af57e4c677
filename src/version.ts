import { readFileSync } from 'node:fs';

/** dockgen's own version, from its package.json (one source of truth for --version and headers). */
export const DOCKGEN_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
