import { existsSync, readFileSync } from 'node:fs';

/**
 * dockgen's own version, from its package.json (one source of truth for --version and headers).
 * The package.json is one or two folders up: from src/ and dist/ files, and from the bundle in
 * dist/bundle/ (scripts/bundle.mjs).
 */
function readVersion(): string {
  for (const path of ['../package.json', '../../package.json']) {
    const url = new URL(path, import.meta.url);
    if (!existsSync(url)) continue;
    const manifest = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version: string };
    if (manifest.name === 'dockgen') return manifest.version;
  }
  throw new Error('dockgen: its package.json was not found next to the code.');
}

export const DOCKGEN_VERSION: string = readVersion();
