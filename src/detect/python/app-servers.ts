import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import { packageDirs } from './app-files.js';
import { ENTRY_SCRIPTS, rootScripts } from './script.js';
import type { PythonStart } from './start.js';

/**
 * App servers that are not WSGI/ASGI apps a generic server can load: the framework's own command
 * runs the user's script. Each binds to 0.0.0.0 (their defaults are loopback addresses, unreachable
 * from outside the container) on the chosen port; `${PORT}` in argv and env is replaced by it.
 * Flags and variables from each project's deployment docs:
 * - Streamlit: `streamlit run app.py --server.port=8501 --server.address=0.0.0.0` (docs "Deploy
 *   Streamlit using Docker"); default port 8501.
 * - Gradio: `demo.launch()` in the script reads GRADIO_SERVER_NAME / GRADIO_SERVER_PORT (docs
 *   "Deploying Gradio with Docker"); default port 7860.
 * - Panel: `panel serve app.py --address 0.0.0.0 --port 5006`; Bokeh refuses websocket connections
 *   from other hosts unless `--allow-websocket-origin` names them; default port 5006.
 * - Chainlit: `chainlit run app.py --host 0.0.0.0 --port 8000 --headless`; default port 8000.
 * - Google ADK: `adk api_server --host 0.0.0.0 --port 8000` serves the agent folders of the working
 *   directory (`adk web` adds the development UI); default port 8000.
 */
interface ScriptServer {
  name: string;
  /** The PyPI distribution that provides the command. */
  dependency: string;
  /** The module the entry script imports. */
  module: string;
  defaultPort: number;
  command(file: string): Pick<PythonStart, 'argv' | 'env'>;
  /** A line the script must also contain (Gradio: it launches itself). */
  requires?: RegExp;
  note?: string;
}

const SCRIPT_SERVERS: ScriptServer[] = [
  {
    name: 'Streamlit', dependency: 'streamlit', module: 'streamlit', defaultPort: 8501,
    command: (file) => ({ argv: ['streamlit', 'run', file, '--server.port=${PORT}', '--server.address=0.0.0.0'] }),
  },
  {
    name: 'Gradio', dependency: 'gradio', module: 'gradio', defaultPort: 7860, requires: /\.launch\(/,
    command: (file) => ({ argv: ['python', file], env: [['GRADIO_SERVER_NAME', '0.0.0.0'], ['GRADIO_SERVER_PORT', '${PORT}']] }),
  },
  {
    name: 'Panel', dependency: 'panel', module: 'panel', defaultPort: 5006,
    command: (file) => ({ argv: ['panel', 'serve', file, '--address', '0.0.0.0', '--port', '${PORT}', '--allow-websocket-origin=*'] }),
    note: 'Panel accepts websocket connections from any origin here (--allow-websocket-origin=*): name your public host instead with --cmd.',
  },
  {
    name: 'Chainlit', dependency: 'chainlit', module: 'chainlit', defaultPort: 8000,
    command: (file) => ({ argv: ['chainlit', 'run', file, '--host', '0.0.0.0', '--port', '${PORT}', '--headless'] }),
  },
];

export interface ScriptServerStart {
  start: Fact<PythonStart>;
  name: string;
  warnings: string[];
}

/** Where such an entry script lives: conventional names first, then every .py file at the root. */
function scriptCandidates(fs: ProjectFs): string[] {
  const named = ['streamlit_app.py', 'Home.py', ...ENTRY_SCRIPTS].filter((f) => fs.isFile(f));
  return [...new Set([...named, ...rootScripts(fs)])];
}

/** The first framework among the dependencies whose entry script is found. */
export function findScriptServer(fs: ProjectFs, has: (name: string) => boolean): ScriptServerStart | undefined {
  for (const server of SCRIPT_SERVERS.filter((s) => has(s.dependency))) {
    const imports = new RegExp(`^\\s*(?:import|from)\\s+${server.module}\\b`, 'm');
    const files = scriptCandidates(fs).filter((file) => {
      const text = fs.tryReadText(file) ?? '';
      return imports.test(text) && (!server.requires || server.requires.test(text));
    });
    const file = files[0];
    if (!file || !/^[\w./-]+$/.test(file)) continue;
    const warnings: string[] = [];
    if (files.length > 1) {
      warnings.push(`Several scripts import ${server.module} (${files.join(', ')}); the image runs ${file}. Pass --cmd to run another.`);
    }
    if (server.note) warnings.push(server.note);
    if (server.name === 'Chainlit' && !fs.isFile('.chainlit/config.toml')) {
      // Chainlit writes its config into the app folder on first start; the image keeps /app read-only (R14).
      warnings.push('Chainlit creates .chainlit/config.toml (and chainlit.md) in the app folder when they are missing, and the image\'s /app is read-only to the app: run `chainlit init` and commit those files.');
    }
    const start: PythonStart = { ...server.command(file), server: 'other', needsProjectInstall: false, defaultPort: server.defaultPort };
    return { start: fact(start, file, `imports ${server.module}`, server.name), name: server.name, warnings };
  }
  return undefined;
}

/** Google ADK: agent packages (a folder with agent.py) served by the `adk` command. */
export function findAdkServer(fs: ProjectFs, has: (name: string) => boolean): ScriptServerStart | undefined {
  if (!has('google-adk')) return undefined;
  const agent = packageDirs(fs).find(({ dir }) => !dir.startsWith('src/') && fs.isFile(`${dir}/agent.py`));
  if (!agent) return undefined;
  const start: PythonStart = {
    argv: ['adk', 'api_server', '--host', '0.0.0.0', '--port', '${PORT}'],
    server: 'other', needsProjectInstall: false, defaultPort: 8000,
  };
  return {
    start: fact(start, `${agent.dir}/agent.py`, 'google-adk agent', 'adk api_server'),
    name: 'Google ADK',
    warnings: ['The image serves the ADK agents with `adk api_server` (the API only). For the development UI as well, pass --cmd "adk web --host 0.0.0.0 --port 8000".'],
  };
}
