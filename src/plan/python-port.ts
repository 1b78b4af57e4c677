import type { PythonStart } from '../detect/python/start.js';

/** What stands for the port in the server's arguments until the launcher puts PORT's value there. */
export const PORT_PLACEHOLDER = '$PORT';

/** The server's command and the variables it reads its address from, as the image runs them. */
export interface RunTimePort {
  argv: string[];
  /** The server's own command, as the decisions list shows it. */
  server: string[];
  /** Variables with fixed values (a port variable the launcher sets is not among them). */
  env: Array<[string, string]>;
  /** The command starts through the launcher: comment lines above CMD say why. */
  notes: string[];
}

/**
 * Platforms (Cloud Run, Heroku, Fly) set PORT when they start the container and expect the app to
 * listen there. gunicorn binds 0.0.0.0:$PORT by itself when no bind is given (its `bind` setting's
 * default), and scripts that read PORT do too; every other server dockgen starts takes its port from
 * a flag or a variable of its own (uvicorn --port, streamlit --server.port, GRADIO_SERVER_PORT …),
 * which a Dockerfile can only fix at build time. Those start through a one-line `python -c`
 * launcher: it puts PORT's value (else the image's port) into the command and the variables, then
 * execs the server, which takes over its process: exec form, no shell, still one process under
 * tini (R2). `${PORT}` marks the places in the detected command; uvicorn without a port of its
 * own gets `--port` (its UVICORN_PORT would be a fixed value).
 */
export function planRunTimePort(start: PythonStart, port: number | undefined, fallback: number): RunTimePort {
  const uvicornPort = start.server === 'uvicorn' && start.port === undefined && port !== undefined && !start.argv.some((a) => /^--(?:uds|fd)\b/.test(a));
  const argv = uvicornPort ? [...start.argv, '--port', '${PORT}'] : start.argv;
  const portVariables = (start.env ?? []).filter(([name, value]) => value === '${PORT}' && /^[A-Z_][A-Z0-9_]*$/.test(name)).map(([name]) => name);
  const env = (start.env ?? []).filter(([name]) => !portVariables.includes(name) || port === undefined);
  const marked = argv.some((a) => a.includes('${PORT}'));
  if (port === undefined || (!marked && portVariables.length === 0)) {
    // No port to serve on (a worker): a marker left in the command gets the servers' default.
    const literal = String(port ?? fallback);
    const fixed = argv.map((a) => a.replaceAll('${PORT}', literal));
    return { argv: fixed, server: fixed, env: env.map(([name, value]) => [name, value.replaceAll('${PORT}', literal)]), notes: [] };
  }
  const server = argv.map((a) => a.replaceAll('${PORT}', PORT_PLACEHOLDER));
  const where = [marked ? `"${PORT_PLACEHOLDER}" in the command` : '', ...portVariables].filter(Boolean).join(' and ');
  return {
    argv: ['python', '-c', launcherCode(portVariables, port), ...server],
    server,
    env,
    notes: [
      `The server listens on PORT when the platform sets it (docker run -e PORT=…; Cloud Run, Heroku, Fly), else on ${port}:`,
      `python -c puts it into ${where} and execs the server in its place (exec form, no shell, R2).`,
    ],
  };
}

/** The launcher: Python the image already has, short enough to read in the CMD line. */
function launcherCode(portVariables: string[], port: number): string {
  const sets = portVariables.map((name) => `os.environ['${name}'] = port; `).join('');
  return (
    `import os, sys; port = os.environ.get('PORT') or '${port}'; ${sets}` +
    `argv = [a.replace('${PORT_PLACEHOLDER}', port) for a in sys.argv[1:]]; os.execvp(argv[0], argv)`
  );
}
