import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import type { StaticFrameworkId } from '../node/framework.js';

/**
 * Build-time variables that a tool inlines into the browser bundle, by their prefix. Only names
 * the code actually reads become ARGs, so CI can pass them (`--build-arg VITE_API_URL=…`).
 */
const PREFIXES: Partial<Record<StaticFrameworkId, string[]>> = {
  vite: ['VITE_'],
  'react-router-spa': ['VITE_'],
  'create-react-app': ['REACT_APP_'],
  'next-export': ['NEXT_PUBLIC_'],
  'astro-static': ['PUBLIC_'],
  'sveltekit-static': ['PUBLIC_', 'VITE_'],
  'vue-cli': ['VUE_APP_'],
  gatsby: ['GATSBY_'],
};

const SOURCE_DIRS = ['src', 'app', 'pages', 'components', 'lib', 'routes', 'layouts', 'views'];
const SOURCE_FILE = /\.(?:[cm]?[jt]sx?|vue|svelte|astro|html|mdx)$/;
const ROOT_FILES = ['index.html'];
/** Bounds on the scan: source folders are small, but a stray vendored tree must not cost seconds. */
const MAX_FILES = 2000;
const MAX_DEPTH = 8;
const MAX_FOLDERS = 1000;

/** Names like VITE_API_URL that the project's source reads, with the first file that does. */
export function detectPublicEnv(fs: ProjectFs, tool: StaticFrameworkId): Array<Fact<string>> {
  const prefixes = PREFIXES[tool];
  if (!prefixes) return [];
  const name = `((?:${prefixes.join('|')})[A-Z0-9_]+)`;
  const patterns = [
    new RegExp(`(?:import\\.meta\\.env|process\\.env)\\s*(?:\\.\\s*|\\[\\s*['"\`])${name}\\b`, 'g'),
    // Vite replaces %VITE_X% in index.html.
    new RegExp(`%${name}%`, 'g'),
  ];
  const found = new Map<string, Fact<string>>();
  const note = (value: string, file: string) => {
    if (!found.has(value)) found.set(value, fact(value, file, undefined, value));
  };
  for (const file of sourceFiles(fs)) {
    const text = fs.tryReadText(file);
    if (text === undefined) continue;
    for (const pattern of patterns) for (const match of text.matchAll(pattern)) note(match[1]!, file);
    // SvelteKit and Astro: import { PUBLIC_X } from '$env/static/public'
    for (const match of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]\$env\/(?:static|dynamic)\/public['"]/g)) {
      for (const item of match[1]!.split(',')) {
        const id = item.trim().split(/\s+as\s+/)[0]!;
        if (prefixes.some((p) => id.startsWith(p)) && /^[A-Z0-9_]+$/.test(id)) note(id, file);
      }
    }
  }
  return [...found.values()].sort((a, b) => a.value.localeCompare(b.value));
}

/** Source files in the conventional folders and a few root files, never node_modules or dot folders. */
function sourceFiles(fs: ProjectFs): string[] {
  const files = ROOT_FILES.filter((file) => fs.isFile(file));
  // Each real folder and file once (symlinks to `.` or to each other), and a bound on the folders
  // listed as well as on the files found: a tree of empty folders costs no more than a full one.
  const seen = new Set<string>();
  let folders = 0;
  const walk = (dir: string, depth: number) => {
    if (seen.has(fs.identity(dir)) || ++folders > MAX_FOLDERS) return;
    seen.add(fs.identity(dir));
    for (const entry of fs.list(dir)) {
      if (files.length >= MAX_FILES) return;
      if (entry.startsWith('.') || entry === 'node_modules') continue;
      const path = `${dir}/${entry}`;
      if (SOURCE_FILE.test(entry) && fs.isFile(path)) {
        if (!seen.has(fs.identity(path))) files.push(path);
        seen.add(fs.identity(path));
      } else if (depth < MAX_DEPTH && fs.isDirectory(path)) walk(path, depth + 1);
    }
  };
  for (const dir of SOURCE_DIRS) walk(dir, 1);
  for (const entry of fs.list('')) {
    if (/^(?:vite|astro|next|svelte)\.config\.[cm]?[jt]s$/.test(entry)) files.push(entry);
  }
  return files;
}
