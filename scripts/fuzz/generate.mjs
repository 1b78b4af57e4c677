import { caseRandom } from './random.mjs';

/**
 * Builds the description of one fuzz case from (seed, index): a project tree of one stack, with
 * hostile values in the fields that reach the output and hostile file-system shapes around them,
 * and the dockgen command to run on it. Pure: the same seed and index give the same case.
 *
 * Entries: { path, type: 'file', content } | { path, type: 'bytes', size, fill } (large or
 * binary) | { path, type: 'dir' } | { path, type: 'link', target } | { path, type: 'fifo' }.
 * `outside/` is a sibling of the project with files that must never be changed or printed.
 */

/** Marks an instruction that a hostile value tried to add to a Dockerfile. */
export const CANARY = 'INJECTED';
/** Content of the files outside the project: printing it means reading outside the project. */
export const OUTSIDE_SECRET = 'OUTSIDE-SECRET-7f3a';

export const HOSTILE = [
  `x\nRUN ${CANARY}`,
  `x\r\nUSER ${CANARY}`,
  `x\rCMD ${CANARY}`,
  `x\u2028RUN ${CANARY}`,
  `x\u2029RUN ${CANARY}`,
  `x\u0085RUN ${CANARY}`,
  `x\\\nRUN ${CANARY}`,
  '\u001b[2J\u001b[31mred\u001b[0m',
  '\u001b]0;title\u0007',
  '\u009b31mcsi',
  '\u202eevil\u202c',
  'nul\u0000byte',
  'bell\u0007\u0008\u007f',
  'back\\slash\\',
  `quote"s'`,
  '$(touch /tmp/dockgen-fuzz-pwned)',
  '${HOME}',
  '`id`',
  ' spaced  out ',
  '',
  '[',
  '[z-a]',
  '\\*',
  '**',
  '[!',
  '../../outside/secret.txt',
  '/etc/passwd',
  '-rf',
  '--force',
  '😀😀',
  'x'.repeat(3000),
  '# comment',
  'ünïcödé',
  '{{> header}}',
  '\ufeffbom',
];

const STACKS = ['node', 'python', 'go', 'static'];

const COMMANDS = [
  { argv: ['{project}', '--yes'] },
  { argv: ['{project}', '--yes', '--force'] },
  { argv: ['{project}', '--yes', '--dry-run'] },
  { argv: ['{project}', '--check'] },
  { argv: ['{project}', '--yes', '--stdout'] },
  { argv: ['{project}', '--yes', '--explain'] },
  { argv: ['{project}', '--yes', '--json'] },
  { argv: ['{project}', '--yes', '--config', '{project}/dockgen.json'] },
  { argv: ['{project}', '--yes', '--org-config', '{project}/org.json'] },
  // What is written besides the Dockerfile, every service of a repository, the CI file, an update.
  { argv: ['{project}', '--yes', '--compose', '--k8s', '--readme', '--healthcheck=/healthz', '--image', 'registry.example.com/app:1.0.0'] },
  { argv: ['{project}', '--all', '--yes'] },
  { argv: ['{project}', '--all', '--yes', '--dry-run'] },
  { argv: ['ci', '{project}'] },
  { argv: ['update', '{project}', '--dry-run'] },
  { argv: ['detect', '{project}'] },
  { argv: ['detect', '{project}', '--json'] },
  // A file named explicitly may be anything the user chose, a link out of the project included:
  // reading it is allowed, so the outside-content check does not apply to this one command.
  { argv: ['lint', '{project}/Dockerfile'], explicitFile: true },
  { argv: ['lint', '{project}'] },
  { argv: ['lint', '{project}/**/Dockerfile'] },
  { argv: ['lint', '{project}/*/Dockerfile', '--format', 'json'] },
  { argv: ['lint', '{project}/[z-a]*'] },
  { argv: ['lint', '{project}/\\*'] },
];

const MUTATIONS = [
  'malformed-manifest', 'binary-manifest', 'huge-manifest', 'loop-to-dot', 'link-cycle', 'link-out-manifest',
  'link-out-dir', 'link-out-output', 'dangling-output', 'link-out-config', 'link-device', 'fifo', 'dir-at-file',
  'existing-outputs', 'dockgen-json', 'deep-tree', 'hostile-names', 'workspace-globs', 'org-config', 'deep-config',
  'planted-temp',
];

export function generateCase(seed, index) {
  const rng = caseRandom(seed, index);
  const stack = rng.pick(STACKS);
  const hostile = () => rng.pick(HOSTILE);
  const maybe = (value) => (rng.chance(0.15) ? hostile() : value);
  const entries = new Map();
  const file = (path, content) => entries.set(path, { path, type: 'file', content });
  const project = { node: nodeProject, python: pythonProject, go: goProject, static: staticProject }[stack];
  const manifests = project(rng, file, maybe, hostile);
  const mutations = rng.some(MUTATIONS, rng.int(3));
  for (const mutation of mutations) mutate(mutation, { rng, entries, file, manifests, hostile, stack });
  const command = rng.pick(COMMANDS);
  // The file a command names exists unless a mutation put something else there, so that most
  // cases get past "no such file" to the code under test.
  const needs = { lint: 'Dockerfile', '--config': 'dockgen.json', '--org-config': 'org.json' };
  for (const [word, path] of Object.entries(needs)) {
    if (!command.argv.includes(word) || entries.has(path)) continue;
    if (path === 'Dockerfile') file(path, `FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci ${maybe('--omit=dev')}\nUSER node\nCMD ["node", ${JSON.stringify(maybe('server.js'))}]\n`);
    if (path === 'dockgen.json') file(path, JSON.stringify({ stack, port: 8080 }));
    if (path === 'org.json') file(path, JSON.stringify({ labels: { team: maybe('web') }, allowedImages: [maybe('docker.io/*'), '*'] }));
  }
  if (command.argv.some((a) => a.includes('*/Dockerfile')) && rng.chance(0.7)) file(`${rng.pick(['svc', 'src', 'cmd'])}/Dockerfile`, `FROM alpine:3.20\nRUN echo ${maybe('hi')}\n`);
  return { seed, index, stack, mutations, command, entries: [...entries.values()] };
}

function nodeProject(rng, file, maybe, hostile) {
  const pkg = {
    name: maybe('app'),
    version: '1.0.0',
    main: rng.chance(0.3) ? hostile() : 'server.js',
    scripts: { start: rng.pick(['node server.js', `node ${hostile()}`, hostile()]) },
    engines: { node: maybe('>=20') },
    dependencies: rng.chance(0.5) ? { express: '^4.19.0' } : {},
  };
  if (rng.chance(0.3)) pkg.packageManager = maybe('npm@10.8.2');
  if (rng.chance(0.3)) pkg.scripts.build = maybe('tsc');
  file('package.json', JSON.stringify(pkg, null, 2));
  file('server.js', `require('http').createServer().listen(process.env.PORT || ${maybe('3000')});\n`);
  if (rng.chance(0.5)) file('package-lock.json', JSON.stringify({ name: pkg.name, lockfileVersion: 3, packages: {} }));
  if (rng.chance(0.3)) file('.nvmrc', hostile());
  return ['package.json', 'package-lock.json', '.nvmrc'];
}

function pythonProject(rng, file, maybe, hostile) {
  file('requirements.txt', ['flask==3.0.3', 'gunicorn==22.0.0', maybe('requests')].join(rng.pick(['\n', '\r\n', '\r', '\u0085'])) + '\n');
  file('app.py', `from flask import Flask\napp = Flask(__name__)\n# ${maybe('ok')}\n`);
  if (rng.chance(0.4)) file('pyproject.toml', `[project]\nname = ${JSON.stringify(maybe('app'))}\nrequires-python = ${JSON.stringify(maybe('>=3.11'))}\n`);
  if (rng.chance(0.4)) file('Procfile', `web: ${maybe('gunicorn app:app')}\n`);
  if (rng.chance(0.3)) file('.python-version', maybe('3.12'));
  return ['requirements.txt', 'pyproject.toml', 'Procfile', '.python-version'];
}

function goProject(rng, file, maybe, hostile) {
  // Whitespace the go.mod tokenizer must agree with itself on.
  const ws = () => (rng.chance(0.7) ? '\n' : rng.pick(['\r\n', '\r', ' ', '\t', '\u000b', '\f', '\u0085', '\u00a0', '\u2028']));
  file('go.mod', `module ${maybe('example.com/app')}${ws()}${ws()}go ${maybe('1.22')}${ws()}require (${ws()}github.com/x/y v1.0.0${ws()})${ws()}`);
  file('main.go', `package main // import ${JSON.stringify(maybe('example.com/app'))}\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":${maybe('8080')}", nil) }\n`);
  if (rng.chance(0.3)) file('cmd/api/main.go', 'package main\n\nfunc main() {}\n');
  if (rng.chance(0.2)) file('go.work', `go 1.22${ws()}use ${maybe('.')}${ws()}`);
  return ['go.mod', 'go.work', 'main.go'];
}

function staticProject(rng, file, maybe, hostile) {
  file('index.html', `<!doctype html><title>${maybe('x')}</title><script>%VITE_${maybe('API')}%</script>\n`);
  if (rng.chance(0.6)) {
    file('package.json', JSON.stringify({ name: maybe('site'), private: true, scripts: { build: maybe('vite build') }, devDependencies: { vite: '^5.4.0' } }, null, 2));
    file('vite.config.js', `import { defineConfig } from 'vite';\nexport default defineConfig({ base: ${JSON.stringify(maybe('/app/'))}, build: { outDir: ${JSON.stringify(maybe('dist'))} } });\n`);
    file('src/main.js', `console.log(import.meta.env.VITE_${rng.pick(['API_URL', 'X'])});\n`);
  }
  if (rng.chance(0.3)) file('Staticfile', `root: ${maybe('public')}\n`);
  return ['package.json', 'vite.config.js', 'index.html', 'Staticfile'];
}

function mutate(mutation, { rng, entries, file, manifests, hostile, stack }) {
  const manifest = rng.pick(manifests);
  const put = (entry) => entries.set(entry.path, entry);
  switch (mutation) {
    case 'malformed-manifest': {
      const current = entries.get(manifest);
      const text = current?.type === 'file' ? current.content : '{"a": 1}';
      return file(manifest, text.slice(0, rng.int(text.length + 1)) + rng.pick(['', '\u001b[31m', '}', '{{{', '\u0000', hostile()]));
    }
    case 'binary-manifest':
      return put({ path: manifest, type: 'bytes', size: 64 + rng.int(4096), fill: 'random' });
    case 'huge-manifest':
      return put({ path: manifest, type: 'bytes', size: 2 * 1024 * 1024 + 1 + rng.int(1024 * 1024), fill: rng.pick(['zero', 'brace', 'newline']) });
    case 'loop-to-dot':
      for (const dir of ['src', 'cmd', 'app', 'public']) if (rng.chance(0.5)) put({ path: `${dir}/loop`, type: 'link', target: '.' });
      put({ path: 'self', type: 'link', target: '.' });
      return put({ path: `${rng.pick(['src', 'cmd'])}/up`, type: 'link', target: '..' });
    case 'link-cycle':
      put({ path: manifest, type: 'link', target: `${manifest}.b` });
      return put({ path: `${manifest}.b`, type: 'link', target: manifest });
    case 'link-out-manifest':
      return put({ path: manifest, type: 'link', target: `${'../'.repeat(manifest.split('/').length)}outside/secret.txt` });
    case 'link-out-dir':
      entries.delete('src/main.js');
      return put({ path: rng.pick(['src', 'cmd', 'public', 'dist']), type: 'link', target: '../outside' });
    case 'link-out-output':
      return put({ path: rng.pick(['Dockerfile', '.dockerignore', 'dockgen.json']), type: 'link', target: rng.pick(['../outside/Dockerfile', '../outside/secret.txt']) });
    case 'dangling-output':
      return put({ path: rng.pick(['Dockerfile', '.dockerignore', 'dockgen.json']), type: 'link', target: '../outside/created-by-dockgen' });
    case 'link-out-config':
      return put({ path: rng.pick(['dockgen.json', 'org.json', '.dockerignore']), type: 'link', target: '../outside/secret.txt' });
    case 'link-device':
      return put({ path: rng.pick([...manifests, 'dockgen.json', '.dockerignore', 'Dockerfile']), type: 'link', target: rng.pick(['/dev/zero', '/dev/null', '/dev/urandom']) });
    case 'fifo':
      return put({ path: rng.pick([...manifests, 'dockgen.json', '.dockerignore', 'Dockerfile', 'org.json', 'src/app.js', 'Dockerfile.dockerignore']), type: 'fifo' });
    case 'dir-at-file':
      entries.delete(`${manifest}/x`);
      put({ path: rng.pick([manifest, 'Dockerfile', '.dockerignore', 'dockgen.json', 'org.json']), type: 'dir' });
      return undefined;
    case 'existing-outputs':
      if (rng.chance(0.7)) file('Dockerfile', `FROM alpine:3.20\nRUN echo ${hostile()}\n# \u001b[31m ${CANARY}\nCMD ["sh"]\n`);
      if (rng.chance(0.5)) file('.dockerignore', `node_modules\n${hostile()}\n[z-a]\n\\*\n[\n`);
      return undefined;
    case 'dockgen-json':
      return file('dockgen.json', rng.chance(0.3) ? `{"port": ${hostile()}` : JSON.stringify({ stack, cmd: hostile(), port: rng.pick([8080, -1, 70000, 1.5]), [rng.pick(['nodeVersion', 'main', 'workspace', hostile()])]: hostile() }));
    case 'deep-tree': {
      const depth = 20 + rng.int(60);
      return file(`src/${Array.from({ length: depth }, (_, i) => `d${i}`).join('/')}/deep.js`, 'import.meta.env.VITE_DEEP;\n');
    }
    case 'hostile-names': {
      const name = hostile().replaceAll('/', '_').replaceAll('\u0000', '0').slice(0, 200) || 'empty';
      file(`src/${name}.js`, 'x');
      return file(`${name}.py`, 'print(1)\n');
    }
    case 'workspace-globs': {
      const current = entries.get('package.json');
      let pkg = { name: 'root', private: true };
      try {
        if (current?.type === 'file') pkg = JSON.parse(current.content);
      } catch {
        // a malformed manifest stays malformed
      }
      pkg.workspaces = rng.some(['apps/*', '[', '[z-a]', '\\*', 'packages/**', '[!', 'a[b-a]c', '**/*', hostile()], 3);
      file('package.json', JSON.stringify(pkg));
      file('pnpm-workspace.yaml', `packages:\n  - ${JSON.stringify(hostile())}\n  - "apps/[z-a]"\n`);
      return file('apps/web/package.json', JSON.stringify({ name: 'web', scripts: { start: 'node index.js' } }));
    }
    case 'org-config':
      return file('org.json', JSON.stringify({ allowedImages: [rng.pick(['[', '[z-a]', '\\*', 'docker.io/*', hostile()])], labels: { [rng.pick(['team', hostile()])]: hostile() }, registryMirror: rng.chance(0.5) ? hostile() : undefined }));
    case 'deep-config': {
      // Nested template literals and brackets: the JS config reader must stay iterative and linear.
      const depth = 2000 + rng.int(40000);
      const body = rng.pick([() => '`${'.repeat(depth) + '}`'.repeat(depth), () => '{a:'.repeat(depth) + '1' + '}'.repeat(depth), () => '[('.repeat(depth)]);
      return file(rng.pick(['vite.config.js', 'astro.config.mjs', 'svelte.config.js', 'next.config.js']), `export default { base: ${body()} };\n`);
    }
    case 'planted-temp':
      // Links where a writer with predictable temporary names (<file>.dockgen-<pid>.tmp) would
      // write first; `{pid}` becomes the pid of the process that runs the case.
      for (const output of ['Dockerfile', '.dockerignore', 'dockgen.json']) put({ path: `${output}.dockgen-{pid}.tmp`, type: 'link', target: '../outside/secret.txt' });
      return undefined;
    default:
      throw new Error(`unknown mutation ${mutation}`);
  }
}

/** The command line for a case, with its folders filled in. */
export function caseArgv(description, project) {
  return description.command.argv.map((arg) => arg.replaceAll('{project}', project));
}

/** A short, printable summary of a case (for reports and replays). */
export function describeCase(description) {
  const shown = (text) => JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
  const lines = [`seed ${description.seed} index ${description.index}: ${description.stack}, mutations [${description.mutations.join(', ')}], command ${JSON.stringify(description.command.argv)}`];
  for (const entry of description.entries) {
    const what = entry.type === 'file' ? `file ${shown(entry.content)}` : entry.type === 'bytes' ? `${entry.size} bytes (${entry.fill})` : entry.type === 'link' ? `link -> ${entry.target}` : entry.type;
    lines.push(`  ${JSON.stringify(entry.path)}: ${what}`);
  }
  return lines.join('\n');
}
