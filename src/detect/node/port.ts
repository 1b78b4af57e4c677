import { posix } from 'node:path';
import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import type { FrameworkId } from './framework.js';
import { readTsConfig } from './typescript.js';

/** Ports the frameworks listen on unless told otherwise (each reads PORT). */
export const FRAMEWORK_PORTS: Partial<Record<FrameworkId, number>> = {
  next: 3000,
  nuxt: 3000,
  nest: 3000,
  remix: 3000,
  'react-router': 3000,
  'astro-node': 4321,
  'sveltekit-node': 3000,
};

export const DEFAULT_NODE_PORT = 3000;

/**
 * Patterns that reveal the port a plain server falls back to, in the order they are trusted:
 * an explicit PORT fallback, then a literal passed to listen(), then a PORT-like constant.
 */
const PORT_PATTERNS: readonly RegExp[] = [
  /process\.env\.PORT\)?\s*(?:\|\||\?\?)\s*['"`]?(\d{2,5})\b/,
  /process\.env\[['"]PORT['"]\]\)?\s*(?:\|\||\?\?)\s*['"`]?(\d{2,5})\b/,
  /\.listen\(\s*(\d{2,5})\s*[,)]/,
  /\bconst\s+port\s*=\s*(\d{2,5})\b/i,
];

/** The PORT fallback written in the entry file (or, for a compiled entry, its TypeScript source). */
export function detectPortInEntry(fs: ProjectFs, entry: string | undefined): Fact<number> | undefined {
  if (!entry) return undefined;
  for (const file of sourceCandidates(fs, entry)) {
    const text = fs.tryReadText(file);
    if (text === undefined) continue;
    const lines = text.split('\n');
    for (const pattern of PORT_PATTERNS) {
      for (const [index, line] of lines.entries()) {
        const match = pattern.exec(line);
        const port = match ? Number(match[1]) : NaN;
        if (port >= 1 && port <= 65535) return fact(port, file, `line ${index + 1}`, line.trim().slice(0, 120));
      }
    }
  }
  return undefined;
}

function sourceCandidates(fs: ProjectFs, entry: string): string[] {
  const clean = posix.normalize(entry).replace(/^\.\//, '');
  const candidates = [clean, `${clean}.js`, `${clean}/index.js`];
  const ts = readTsConfig(fs) ?? { outDir: 'dist', rootDir: 'src' };
  if (clean.startsWith(ts.outDir + '/')) {
    const inner = clean.slice(ts.outDir.length + 1).replace(/\.(c|m)?js$/, '');
    for (const ext of ['.ts', '.mts', '.cts', '.js']) candidates.push(posix.join(ts.rootDir, inner + ext));
  }
  return candidates.filter((file) => fs.isFile(file));
}
