import { DockgenError } from '../errors.js';

/** Where the project is copied: the app folder the config's relative paths point into (as Paketo's /workspace). */
export const WORKSPACE = '/workspace';
const TEMP_PATHS = ['client_body_temp_path', 'proxy_temp_path', 'fastcgi_temp_path', 'uwsgi_temp_path', 'scgi_temp_path'];
/** Log targets that need no writable file. */
const STREAM_LOG = /^(\/dev\/std(out|err)|stderr|off|syslog:.*|memory:.*|\/tmp\/.*)$/;

export interface AdaptedConfig {
  text: string;
  /** What was changed and why, for the file's header. */
  changes: string[];
  /** The first port the configuration listens on. */
  port: number | undefined;
}

/**
 * A project's nginx.conf, made to run in the unprivileged image as its main configuration:
 * Paketo placeholders filled in, `daemon`/`user`/`pid` taken over by the image (nginx runs as
 * PID 1 with `-g "daemon off;"`, as UID 101, its pid file in /tmp), temporary files in /tmp, logs
 * to the container's output, and relative includes anchored to the project folder (the rendered
 * file does not live there). Directives are matched after `;`, `{` or `}` or a line start, so
 * several on one line are handled; comments are left alone.
 */
export function adaptNginxConfig(source: string, options: { port: number | undefined; envsubst: boolean }): AdaptedConfig {
  const changes: string[] = [];
  const lines = source.split('\n').map((line) => {
    const hash = commentStart(line);
    return { code: hash < 0 ? line : line.slice(0, hash), comment: hash < 0 ? '' : line.slice(hash) };
  });
  const edit = (pattern: RegExp, replace: (...groups: string[]) => string, note: string) => {
    let hit = false;
    for (const line of lines) {
      line.code = line.code.replace(pattern, (...args: string[]) => {
        const replaced = replace(...args);
        if (replaced !== args[0]) hit = true;
        return replaced;
      });
    }
    if (hit && !changes.includes(note)) changes.push(note);
  };
  const directive = (name: string) => new RegExp(`(^|[;{}])(\\s*)${name}\\s+([^;{}]*);`, 'g');

  if (options.port !== undefined) edit(/\{\{\s*port\s*\}\}/g, () => String(options.port), `{{port}} is ${options.port}, the port the image listens on.`);
  edit(
    /\{\{\s*env\s+"([A-Za-z_][A-Za-z0-9_]*)"\s*\}\}/g,
    (_m, name) => `\${${name}}`,
    '{{env "NAME"}} became ${NAME}: the image fills it in from the environment when the container starts (envsubst; a "$" in a value would read as an nginx variable).',
  );
  edit(directive('daemon'), (_m, lead, space) => `${lead}${space}`, 'daemon: removed; the image runs nginx in the foreground as PID 1 (-g "daemon off;").');
  edit(directive('user'), (_m, lead, space) => `${lead}${space}`, 'user: removed; nginx runs as the image\'s unprivileged user (101) and cannot switch users.');
  edit(directive('pid'), (_m, lead, space) => `${lead}${space}`, 'pid: /tmp/nginx.pid, writable by the unprivileged user (and with a read-only root).');
  edit(
    directive('(error_log|access_log)'),
    (match, lead, space, name, args) => {
      const [target, ...rest] = args!.trim().split(/\s+/);
      if (STREAM_LOG.test(target!)) return match;
      const stream = name === 'error_log' ? 'stderr' : '/dev/stdout';
      return `${lead}${space}${name} ${[stream, ...rest].join(' ')};`;
    },
    'error_log/access_log to a file: to the container\'s output instead (the project folder is read-only for nginx).',
  );
  edit(
    directive('include'),
    (match, lead, space, path) => (path!.trim().startsWith('/') ? match : `${lead}${space}include ${WORKSPACE}/${path!.trim()};`),
    `include with a relative path: anchored to ${WORKSPACE}, where the project is (the rendered file lives elsewhere).`,
  );

  let text = lines.map((l) => l.code + l.comment).join('\n');
  const missingTemps = TEMP_PATHS.filter((name) => !new RegExp(`(^|[;{}\\s])${name}\\s`, 'm').test(text));
  const http = /(^|[;{}\s])http\s*\{/m.exec(text);
  if (!http) {
    throw new DockgenError('nginx.conf has no http { } block, so it serves nothing over HTTP.', 'Add the http { server { … } } block, or remove nginx.conf to let dockgen write the server configuration.');
  }
  if (missingTemps.length > 0) {
    const at = http.index + http[0].length;
    text = `${text.slice(0, at)}\n    # Added by dockgen: temporary files in /tmp, writable by the unprivileged user.\n${missingTemps.map((name) => `    ${name} /tmp/${name.replace('_path', '')};`).join('\n')}${text.slice(at)}`;
    changes.push('temporary file paths: /tmp (the image\'s defaults are not writable by its user).');
  }
  text = `pid /tmp/nginx.pid;\n${text}`;
  if (!changes.some((c) => c.startsWith('pid'))) changes.push('pid: /tmp/nginx.pid, writable by the unprivileged user (and with a read-only root).');
  const port = /(?:^|[;{}\s])listen\s+(?:[^;\s]*:)?(\d+)[\s;]/m.exec(lines.map((l) => l.code).join('\n').replace(/\{\{\s*port\s*\}\}/g, String(options.port)))?.[1];
  return { text: text.endsWith('\n') ? text : `${text}\n`, changes, port: port === undefined ? undefined : Number(port) };
}

/** Where a `#` comment starts on a line, outside quotes; -1 when there is none. */
function commentStart(line: string): number {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return i;
  }
  return -1;
}
