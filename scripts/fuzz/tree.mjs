import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { OUTSIDE_SECRET } from './generate.mjs';

/** Files next to the project that dockgen must neither change nor print. */
const OUTSIDE_FILES = {
  'secret.txt': `${OUTSIDE_SECRET}\n`,
  Dockerfile: `FROM scratch\n# ${OUTSIDE_SECRET}\n`,
  'package.json': `{"name": "${OUTSIDE_SECRET}", "scripts": {"start": "node ${OUTSIDE_SECRET}.js"}}\n`,
  'main.js': `console.log(import.meta.env.VITE_${OUTSIDE_SECRET.replaceAll('-', '_')});\n`,
};

/** Writes a case's tree under `caseDir`: `project/` from its entries, `outside/` beside it.
 *  `pid`: the process that will run the case, for entries named after it (`{pid}`). */
export function materialize(description, caseDir, pid = 0) {
  const project = join(caseDir, 'project');
  const outside = join(caseDir, 'outside');
  mkdirSync(project, { recursive: true });
  mkdirSync(outside, { recursive: true });
  for (const [name, text] of Object.entries(OUTSIDE_FILES)) writeFileSync(join(outside, name), text);
  // Plain files and folders first; links and FIFOs last, replacing whatever is at their path.
  const late = (e) => e.type === 'link' || e.type === 'fifo';
  for (const entry of [...description.entries.filter((e) => !late(e)), ...description.entries.filter(late)]) {
    const relative = entry.path.replaceAll('{pid}', String(pid));
    const path = join(project, relative);
    if (!parentIsFolder(project, relative)) continue; // an earlier entry put a file or link on the way
    if (late(entry) || entry.type === 'dir') rmSync(path, { recursive: true, force: true });
    else if (existsAsFolder(path)) continue;
    mkdirSync(dirname(path), { recursive: true });
    if (entry.type === 'file') writeFileSync(path, entry.content);
    else if (entry.type === 'bytes') writeFileSync(path, bytes(entry, description));
    else if (entry.type === 'dir') mkdirSync(path, { recursive: true });
    else if (entry.type === 'link') symlinkSync(entry.target, path);
    else if (entry.type === 'fifo') {
      const made = spawnSync('mkfifo', [path]);
      if (made.status !== 0) throw new Error(`mkfifo ${path} failed: ${made.stderr}`);
    }
  }
  return { project, outside };
}

function parentIsFolder(root, relative) {
  let current = root;
  for (const part of relative.split('/').slice(0, -1)) {
    current = join(current, part);
    try {
      if (!lstatSync(current).isDirectory()) return false;
    } catch {
      return true; // created on the way
    }
  }
  return true;
}

function existsAsFolder(path) {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

function bytes(entry, description) {
  if (entry.fill === 'random') {
    // Seeded, so a replay writes the same bytes.
    const out = Buffer.alloc(entry.size);
    let x = (description.seed * 31 + description.index) >>> 0 || 1;
    for (let i = 0; i < out.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[i] = x & 0xff;
    }
    return out;
  }
  return Buffer.alloc(entry.size, { zero: 0, brace: '{'.charCodeAt(0), newline: 10 }[entry.fill]);
}

/**
 * Everything under `dir` without following links: path → type, size, mtime, content hash (regular
 * files) or link target. FIFOs are never opened.
 */
export function snapshot(dir) {
  const out = new Map();
  const walk = (abs, rel) => {
    let st;
    try {
      st = lstatSync(abs);
    } catch {
      return;
    }
    let sig;
    if (st.isSymbolicLink()) sig = `link:${readlinkSync(abs)}`;
    else if (st.isFile()) sig = `file:${st.size}:${st.mtimeMs}:${createHash('sha256').update(readFileSync(abs)).digest('hex').slice(0, 16)}`;
    else if (st.isDirectory()) sig = 'dir';
    else sig = st.isFIFO() ? 'fifo' : 'special';
    out.set(rel, sig);
    if (st.isDirectory()) for (const name of readdirSync(abs)) walk(join(abs, name), rel ? `${rel}/${name}` : name);
  };
  walk(dir, '');
  return out;
}

/** The content of a project file after a run, when it is a regular file. */
export function readIfFile(path) {
  try {
    return lstatSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

export function newCaseDir(base) {
  return join(base, `case-${randomBytes(4).toString('hex')}`);
}
