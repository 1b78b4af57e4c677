import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import { candidateFiles, packageDirs } from './app-files.js';
import type { PythonStart } from './start.js';

/**
 * Background workers started by their tool's command line. They serve no port: the image gets no
 * EXPOSE. Each needs its tool among the dependencies and, where the command names the app, the
 * module that defines it.
 * - Celery: `celery -A module:app worker` (the Celery app object).
 * - Dramatiq: `dramatiq module` (the module that declares the actors).
 * - Huey: `huey_consumer module.huey` (the Huey instance).
 * - arq: `arq module.WorkerSettings`.
 * - RQ: `rq worker`, which imports jobs from the working folder and reads RQ_REDIS_URL.
 * - Locust: `locust -f locustfile.py --headless` (a load generator; its web UI is a --cmd away).
 */
export interface WorkerStart {
  start: Fact<PythonStart>;
  tool: string;
  warnings: string[];
}

/** Files where task modules conventionally live, besides the app's candidate files. */
function workerFiles(fs: ProjectFs): Array<{ file: string; module: string }> {
  const files = candidateFiles(fs);
  const extra = ['celery_app.py', 'celery.py', 'tasks.py', 'worker.py', 'workers.py', 'jobs.py'];
  for (const name of extra) if (fs.isFile(name)) files.push({ file: name, module: name.slice(0, -3) });
  for (const { module, dir } of packageDirs(fs)) {
    for (const name of extra) if (fs.isFile(`${dir}/${name}`)) files.push({ file: `${dir}/${name}`, module: `${module}.${name.slice(0, -3)}` });
  }
  const seen = new Set<string>();
  return files.filter(({ file }) => !seen.has(file) && seen.add(file));
}

/** The first file with a line matching `pattern`, with the match. */
function findIn(fs: ProjectFs, pattern: RegExp): { file: string; module: string; match: RegExpExecArray; line: number } | undefined {
  for (const candidate of workerFiles(fs)) {
    const text = fs.tryReadText(candidate.file);
    if (text === undefined) continue;
    const match = pattern.exec(text);
    if (match) return { ...candidate, match, line: text.slice(0, match.index).split('\n').length };
  }
  return undefined;
}

const worker = (argv: string[], file: string, field?: string): Fact<PythonStart> =>
  fact({ argv, server: 'other', needsProjectInstall: false, worker: true }, file, field, argv.join(' '));

/** The worker a project's dependencies and code declare, in the order above. */
export function findWorker(fs: ProjectFs, has: (name: string) => boolean): WorkerStart | undefined {
  if (has('celery')) {
    const found = findIn(fs, /^([A-Za-z_]\w*)\s*=\s*(?:celery\.)?Celery\(/m);
    if (found) {
      const argv = ['celery', '-A', `${found.module}:${found.match[1]}`, 'worker', '--loglevel=INFO'];
      return { start: worker(argv, found.file, `line ${found.line}`), tool: 'Celery', warnings: [] };
    }
  }
  if (has('dramatiq')) {
    const found = findIn(fs, /^@(?:dramatiq\.)?actor\b/m);
    if (found) return { start: worker(['dramatiq', found.module], found.file, `line ${found.line}`), tool: 'Dramatiq', warnings: [] };
  }
  if (has('huey')) {
    const found = findIn(fs, /^([A-Za-z_]\w*)\s*=\s*(?:huey\.)?\w*Huey\(/m);
    if (found) return { start: worker(['huey_consumer', `${found.module}.${found.match[1]}`], found.file, `line ${found.line}`), tool: 'Huey', warnings: [] };
  }
  if (has('arq')) {
    const found = findIn(fs, /^class\s+WorkerSettings\b/m);
    if (found) return { start: worker(['arq', `${found.module}.WorkerSettings`], found.file, `line ${found.line}`), tool: 'arq', warnings: [] };
  }
  if (has('rq')) {
    return {
      start: worker(['rq', 'worker'], 'dependencies', 'rq'),
      tool: 'RQ',
      warnings: ['The image runs an RQ worker (`rq worker`, which imports the jobs from /app): give it the Redis URL with RQ_REDIS_URL at run time, and the queues to listen to with --cmd if not "default".'],
    };
  }
  if (has('locust') && fs.isFile('locustfile.py')) {
    return {
      start: worker(['locust', '-f', 'locustfile.py', '--headless'], 'locustfile.py'),
      tool: 'Locust',
      warnings: ['The image runs Locust headless (a load generator with no web UI); for the web UI pass --cmd "locust -f locustfile.py" --port 8089.'],
    };
  }
  return undefined;
}
