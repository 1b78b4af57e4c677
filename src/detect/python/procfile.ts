import { parse as parseShell } from 'shell-quote';
import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import type { PythonStart } from './start.js';

const PORT_SENTINEL = '\u0000PORT\u0000';

/** Procfile process lines, `type: command`, with their line numbers. */
export function procfileLines(fs: ProjectFs): Array<{ type: string; command: string; index: number }> {
  const text = fs.tryReadText('Procfile') ?? '';
  return text.split('\n').flatMap((line, index) => {
    const match = /^([A-Za-z0-9_-]+)\s*:(.*)$/.exec(line);
    return match ? [{ type: match[1]!, command: match[2]!.trim(), index }] : [];
  });
}

export function procfileWeb(fs: ProjectFs, warnings: string[]): Fact<PythonStart> | undefined {
  const web = procfileLines(fs).find((line) => line.type === 'web');
  return web && procfileCommand(web, warnings);
}

/**
 * A Procfile without a web line declares background processes (Celery workers, schedulers). One
 * image runs one process (R1): the only one, else the one named `worker`; `release` is a deploy
 * step, not a process. The others need their own image (--cmd), which the warning says.
 */
export function procfileWorker(fs: ProjectFs, warnings: string[]): Fact<PythonStart> | undefined {
  const processes = procfileLines(fs).filter((line) => line.type !== 'release');
  const chosen = processes.length === 1 ? processes[0] : processes.find((line) => line.type === 'worker');
  if (!chosen) return undefined;
  const start = procfileCommand(chosen, warnings);
  const others = processes.filter((line) => line !== chosen);
  if (start && others.length > 0) {
    warnings.push(
      `The Procfile declares ${processes.map((p) => p.type).join(', ')}; this image runs "${chosen.type}" (one process per container, R1). ` +
        `Build another image for ${others.map((p) => `"${p.type}"`).join(', ')} with --cmd, e.g. --cmd "${others[0]!.command.replace(/["\\]/g, '')}".`,
    );
  }
  return start;
}

/** A Procfile command → exec-form argv. `$PORT` in a gunicorn bind is dropped (gunicorn binds to
 *  $PORT by itself); elsewhere it becomes the port number. Shell features are refused. */
function procfileCommand(line: { type: string; command: string; index: number }, warnings: string[]): Fact<PythonStart> | undefined {
  const raw = line.command;
  const lineIndex = line.index;
  let defaultPort: number | undefined;
  const tokens = parseShell(raw, (name) => {
    const match = /^PORT(?::?-(\d{2,5}))?$/.exec(name);
    if (!match) return { variable: name } as unknown as string;
    if (match[1]) defaultPort = Number(match[1]);
    return PORT_SENTINEL;
  });
  if (tokens.some((t) => typeof t !== 'string') || tokens.length === 0) {
    warnings.push(`Procfile ${line.type}: "${raw}" uses shell features (operators or variables other than $PORT); the container runs without a shell (R2), so dockgen does not use it. Pass --cmd.`);
    return undefined;
  }
  const argv = tokens as string[];
  const server = /(^|\/)gunicorn$/.test(argv[0]!) ? 'gunicorn' : /(^|\/)uvicorn$/.test(argv[0]!) ? 'uvicorn' : 'other';
  const start: PythonStart = { argv: [], server, needsProjectInstall: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (server === 'gunicorn' && (arg === '--bind' || arg === '-b') && next?.includes(PORT_SENTINEL)) { i++; continue; }
    if (server === 'gunicorn' && /^(--bind=|-b)/.test(arg) && arg.includes(PORT_SENTINEL)) continue;
    start.argv.push(arg);
  }
  const literal = portInArgs(start.argv);
  if (literal !== undefined) start.port = literal;
  else if (defaultPort !== undefined) start.port = defaultPort;
  if (tokens.some((t) => t === PORT_SENTINEL || (t as string).includes(PORT_SENTINEL))) start.passesPort = true;
  if (start.argv.some((a) => a.includes(PORT_SENTINEL))) {
    // Replaced by the plan once the port is known.
    start.argv = start.argv.map((a) => a.replaceAll(PORT_SENTINEL, '${PORT}'));
  }
  return fact(start, 'Procfile', `line ${lineIndex + 1}`, raw);
}

/** `--bind 0.0.0.0:8080`, `-b :8080`, `--port 8000`, `-p 8000`. */
export function portInArgs(argv: string[]): number | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = /^(--bind|-b|--port|-p)$/.test(arg) ? argv[i + 1] : /^(--bind=|--port=)(.*)$/.exec(arg)?.[2];
    const port = value && /(?:^|:)(\d{2,5})$/.exec(value)?.[1];
    if (port) return Number(port);
  }
  return undefined;
}

