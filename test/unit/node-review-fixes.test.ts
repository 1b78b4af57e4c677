import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { dependencyBins } from '../../src/detect/node/bins.js';
import { detectNode, yarnrcLiteralCredential } from '../../src/detect/node/index.js';
import { readPackageJson } from '../../src/detect/node/package-json.js';
import { lint } from '../../src/lint/engine.js';
import { parseGenerateFlags, type RawGenerateFlags } from '../../src/options.js';
import { isIgnored, nodeIgnore } from '../../src/plan/ignore.js';
import { dropExcludedEnvFiles, fastifyCli } from '../../src/plan/node-start.js';
import type { NodePlan, StaticPlan } from '../../src/plan/types.js';
import { thrown } from '../helpers/errors.js';

const json = (data: object) => JSON.stringify(data);

function run(files: Record<string, string>, flags: RawGenerateFlags = {}) {
  const generation = generate(new MemoryFs(files), '/tmp/app', parseGenerateFlags(flags));
  const dockerfile = generation.files.find((f) => f.path === 'Dockerfile')!.content;
  const dockerignore = generation.files.find((f) => f.path === '.dockerignore')!.content;
  return { plan: generation.plan, dockerfile, dockerignore };
}

const node = (files: Record<string, string>, flags: RawGenerateFlags = {}) => {
  const out = run(files, flags);
  return { ...out, plan: out.plan as NodePlan };
};

/** `dockgen lint --strict` on a generated Dockerfile: no findings at all (info included). */
function strictLint({ dockerfile, dockerignore }: { dockerfile: string; dockerignore: string }) {
  return lint({ dockerfilePath: 'Dockerfile', dockerfile, dockerignore: { path: '.dockerignore', text: dockerignore }, context: { exists: () => true } })
    .map((f) => `${f.rule} ${f.check}: ${f.message}`);
}

describe('--env-file in the start command (problem 1)', () => {
  const project = (start: string, extra: Record<string, string> = {}) => ({
    'package.json': json({ name: 'api', scripts: { start } }),
    'package-lock.json': '{}',
    'server.js': '',
    '.env': 'SECRET=1',
    ...extra,
  });

  it('drops --env-file=.env (and the two-word form) when .dockerignore keeps the file out, and says why', () => {
    for (const start of ['node --env-file=.env server.js', 'node --env-file .env server.js']) {
      const out = node(project(start));
      const { plan, dockerfile, dockerignore } = out;
      expect(dockerignore).toMatch(/^\*\*\/\.env$/m);
      expect(dockerfile).toContain('CMD ["node", "server.js"]');
      expect(dockerfile).toMatch(/# --env-file \.env dropped: the file is not in the image \(R16\)/);
      expect(plan.warnings.join('\n')).toMatch(/loads \.env with --env-file.*docker run --env-file \.env/s);
      expect(strictLint(out)).toEqual([]);
    }
  });

  it('keeps env files that are in the image, other node options, and the app\'s own arguments', () => {
    const { dockerfile, plan } = node(project('node --env-file=config/app.env --enable-source-maps -r dotenv/config server.js --env-file=.env', { 'config/app.env': 'A=1' }));
    expect(dockerfile).toContain('CMD ["node", "--env-file=config/app.env", "--enable-source-maps", "-r", "dotenv/config", "server.js", "--env-file=.env"]');
    expect(plan.warnings.join('\n')).not.toMatch(/--env-file/);
  });

  it('drops every excluded file of several, keeps .env.example (re-included) and absolute paths (mounted at run time)', () => {
    const ignore = nodeIgnore([], []);
    const out = dropExcludedEnvFiles(['node', '--env-file=.env', '--env-file', '.env.production', '--env-file=.env.example', '--env-file=/run/secrets/env', 'main.js'], ignore, '');
    expect(out.argv).toEqual(['node', '--env-file=.env.example', '--env-file=/run/secrets/env', 'main.js']);
    expect(out.dropped).toEqual(['.env', '.env.production']);
    // A workspace package's command runs in its folder: its .env is matched there.
    expect(dropExcludedEnvFiles(['node', '--env-file=.env', 'dist/main.js'], ignore, 'apps/api').dropped).toEqual(['.env']);
  });

  it('applies to --cmd too', () => {
    const { dockerfile } = node(project('node server.js'), { cmd: 'node --env-file=.env.local server.js' });
    expect(dockerfile).toContain('CMD ["node", "server.js"]');
  });
});

describe('.dockerignore matching', () => {
  it('follows the patterns dockgen writes, with the last match (and ! re-includes) deciding', () => {
    const ignore = nodeIgnore(['dist'], ['.npmrc']);
    expect(isIgnored('.env', ignore)).toBe(true);
    expect(isIgnored('apps/api/.env.local', ignore)).toBe(true);
    expect(isIgnored('.env.example', ignore)).toBe(false);
    expect(isIgnored('dist/main.js', ignore)).toBe(true);
    expect(isIgnored('src/main.js', ignore)).toBe(false);
    expect(isIgnored('.npmrc', ignore)).toBe(true);
    expect(isIgnored('config/app.env', ignore)).toBe(false);
  });
});

describe('fastify-cli and loopback listen addresses (problem 2)', () => {
  const generated = {
    'package.json': json({
      name: 'svc',
      main: 'app.js',
      scripts: { start: 'fastify start -l info app.js', dev: 'fastify start -w -l info -P app.js' },
      dependencies: { fastify: '^5.0.0', 'fastify-cli': '^7.4.0', '@fastify/autoload': '^6.0.0' },
    }),
    'package-lock.json': '{}',
    'app.js': "module.exports = async function (fastify, opts) {}\n",
  };

  it('sets FASTIFY_ADDRESS=0.0.0.0 for fastify-cli, which binds to localhost outside Docker proper', () => {
    const out = node(generated);
    const { plan, dockerfile } = out;
    expect(dockerfile).toContain('CMD ["node_modules/.bin/fastify", "start", "-l", "info", "app.js"]');
    expect(plan.runtimeEnv).toContainEqual(['FASTIFY_ADDRESS', '0.0.0.0']);
    expect(dockerfile).toMatch(/^ENV FASTIFY_ADDRESS=0\.0\.0\.0$/m);
    expect(strictLint(out)).toEqual([]);
  });

  it('takes fastify-cli\'s --port as the port, leaves an explicit address alone and warns about a loopback one', () => {
    expect(fastifyCli(['node_modules/.bin/fastify', 'start', '-p', '8080', '-a', '0.0.0.0', 'app.js'])).toEqual({ env: [], port: 8080 });
    expect(fastifyCli(['node_modules/.bin/fastify', 'start', '--address=127.0.0.1', 'app.js'])?.warning).toMatch(/loopback/);
    expect(fastifyCli(['node_modules/.bin/fastify', 'generate', '.'])).toBeUndefined();
    expect(fastifyCli(['node', 'app.js'])).toBeUndefined();
    const { plan } = node({ ...generated, 'package.json': json({ scripts: { start: 'fastify start --port 4000 app.js' }, dependencies: { 'fastify-cli': '7' } }) });
    expect(plan.port).toBe(4000);
  });

  const server = (code: string, deps: Record<string, string> = { express: '4' }) =>
    node({ 'package.json': json({ name: 's', scripts: { start: 'node server.js' }, dependencies: deps }), 'package-lock.json': '{}', 'server.js': code }).plan;

  it('warns when the entry listens on a loopback address, literally or through a constant', () => {
    expect(server("app.listen(PORT, 'localhost', () => {})").warnings.join()).toMatch(/listens on localhost \(server\.js line 1\), a loopback address/);
    expect(server('const HOST = "127.0.0.1";\nserver.listen(3000, HOST);').warnings.join()).toMatch(/listens on 127\.0\.0\.1 \(server\.js line 2\)/);
    expect(server("server.listen({\n  port: 3000,\n  host: '::1',\n});").warnings.join()).toMatch(/listens on ::1/);
    expect(server("serve({ fetch: app.fetch, port, hostname: 'localhost' })", { hono: '4', '@hono/node-server': '1' }).warnings.join()).toMatch(/listens on localhost/);
  });

  it('sets the variable the code reads its host from instead of warning', () => {
    const plan = server("const host = process.env.HOST || 'localhost';\napp.listen(port, host);");
    expect(plan.runtimeEnv).toContainEqual(['HOST', '0.0.0.0']);
    expect(plan.warnings.join()).not.toMatch(/loopback/);
    expect(server("app.listen({ port, host: process.env['BIND_HOST'] ?? '127.0.0.1' })").runtimeEnv).toContainEqual(['BIND_HOST', '0.0.0.0']);
  });

  it('leaves wildcard and absent hosts alone, and a callback is not a host', () => {
    for (const code of ["app.listen(3000, '0.0.0.0')", 'app.listen(PORT, () => console.log(1))', 'app.listen(port)', "const db = { host: 'localhost' };\napp.listen(port, function () {})"]) {
      expect(server(code).warnings).toEqual([]);
    }
  });

  it('warns for Fastify\'s own listen() without a host: Fastify then binds to localhost', () => {
    const deps = { fastify: '5' };
    expect(server('await app.listen({ port: 3000 })', deps).warnings.join()).toMatch(/Fastify listens on localhost when listen\(\) gets no host/);
    expect(server("await app.listen({ port: 3000, host: '0.0.0.0' })", deps).warnings).toEqual([]);
    // Express (Node's http) listens on every address without a host.
    expect(server('app.listen({ port: 3000 })').warnings).toEqual([]);
  });
});

describe('React Router in SPA mode (problem 3)', () => {
  const spa = (config: string, deps: Record<string, string> = { '@react-router/node': '7', '@react-router/serve': '7', react: '19', 'react-router': '7' }) => ({
    'package.json': json({
      name: 'rr-spa',
      scripts: { build: 'react-router build', start: 'react-router-serve ./build/server/index.js' },
      dependencies: deps,
      devDependencies: { '@react-router/dev': '7', vite: '6' },
    }),
    'package-lock.json': '{}',
    'react-router.config.ts': config,
    'app/root.tsx': '',
  });

  it('is a static site served from build/client, not react-router-serve', () => {
    const out = run(spa('import type { Config } from "@react-router/dev/config";\n\nexport default {\n  ssr: false,\n} satisfies Config;\n'));
    const { plan, dockerfile } = out;
    expect(plan.stack).toBe('static');
    expect(dockerfile).not.toContain('react-router-serve');
    expect(dockerfile).toMatch(/COPY --from=build \S*\/app\/build\/client/);
    const nginx = (plan as StaticPlan).nginx!;
    expect(nginx.fallback).toBe('/index.html');
    expect(strictLint(out)).toEqual([]);
  });

  it('also without the serve packages (a template that only builds)', () => {
    const { plan } = run(spa('export default { ssr: false }', { react: '19', 'react-router': '7' }));
    expect(plan.stack).toBe('static');
  });

  it('stays a Node.js server when ssr is true, left out, or computed', () => {
    for (const config of ['export default { ssr: true }', 'export default {}', 'export default { ssr: process.env.SSR === "1" }', '// ssr: false\nexport default { ssr: true }']) {
      const { plan } = node(spa(config));
      expect(plan.stack).toBe('node');
      expect(plan.cmd).toContain('react-router-serve');
    }
  });

  it('framework mode without ssr: false is never taken for a plain Vite site (dist/)', () => {
    const facts = detectNode(new MemoryFs(spa('export default {}', { react: '19', 'react-router': '7', '@react-router/cloudflare': '7' })));
    expect(facts.staticOnly).toBeUndefined();
  });

  it('a custom server (node server.js) stays Node.js', () => {
    const files: Record<string, string> = spa('export default { ssr: false }');
    files['package.json'] = json({ scripts: { build: 'react-router build', start: 'node server.js' }, dependencies: { express: '4', '@react-router/express': '7' }, devDependencies: { '@react-router/dev': '7' } });
    files['server.js'] = '';
    expect(node(files).plan.stack).toBe('node');
  });
});

describe('--cmd naming a dependency\'s command (problem 4)', () => {
  const project = (deps: object, dev: object = {}) => ({
    'package.json': json({ name: 'x', dependencies: deps, devDependencies: dev }),
    'package-lock.json': '{}',
    'src/server.ts': '',
  });

  it('runs it from node_modules/.bin, as scripts.start would', () => {
    expect(node(project({ tsx: '4' }), { cmd: 'tsx src/server.ts' }).dockerfile).toContain('CMD ["node_modules/.bin/tsx", "src/server.ts"]');
    const fastify = node(project({ 'fastify-cli': '7', fastify: '5' }), { cmd: 'fastify start app.js' });
    expect(fastify.dockerfile).toContain('CMD ["node_modules/.bin/fastify", "start", "app.js"]');
    expect(fastify.plan.runtimeEnv).toContainEqual(['FASTIFY_ADDRESS', '0.0.0.0']);
    const rr = node(project({ '@react-router/serve': '7', '@react-router/node': '7' }), { cmd: 'react-router-serve ./build/server/index.js' });
    expect(rr.dockerfile).toContain('CMD ["node_modules/.bin/react-router-serve", "./build/server/index.js"]');
    expect(strictLint(rr)).toEqual([]);
  });

  it('keeps node, paths and unknown commands as typed', () => {
    expect(node(project({ tsx: '4' }), { cmd: 'node dist/server.js' }).plan.cmd).toBe('["node", "dist/server.js"]');
    expect(node(project({ tsx: '4' }), { cmd: '/usr/local/bin/node dist/server.js' }).plan.cmd).toBe('["/usr/local/bin/node", "dist/server.js"]');
    expect(node(project({ tsx: '4' }), { cmd: './bin/server' }).plan.cmd).toBe('["./bin/server"]');
    expect(node(project({ express: '4' }), { cmd: 'tsx src/server.ts' }).plan.cmd).toBe('["tsx", "src/server.ts"]');
  });

  it('warns when the command comes from a devDependency, which the production image leaves out', () => {
    const { plan } = node(project({ express: '4' }, { tsx: '4' }), { cmd: 'tsx src/server.ts' });
    expect(plan.cmd).toBe('["node_modules/.bin/tsx", "src/server.ts"]');
    expect(plan.warnings.join()).toMatch(/--cmd runs tsx, from tsx, which is not in "dependencies"/);
  });

  it('reads an installed package\'s bin field (a command named unlike its package)', () => {
    const files = { ...project({ 'some-server': '1' }), 'node_modules/some-server/package.json': json({ name: 'some-server', bin: { 'serve-it': 'cli.js' } }) };
    expect(node(files, { cmd: 'serve-it --port 3000' }).plan.cmd).toBe('["node_modules/.bin/serve-it", "--port", "3000"]');
    const pkg = readPackageJson(new MemoryFs(files))!;
    expect(dependencyBins(new MemoryFs(files), pkg)['serve-it']).toEqual({ package: 'some-server', production: true });
  });

  it('a monorepo package\'s command is the hoisted one (npm)', () => {
    const files = {
      'package.json': json({ name: 'mono', private: true, workspaces: ['apps/*'] }),
      'package-lock.json': '{}',
      'apps/api/package.json': json({ name: '@m/api', dependencies: { tsx: '4' } }),
      'apps/api/src/main.ts': '',
    };
    expect(node(files, { workspace: 'apps/api', cmd: 'tsx src/main.ts' }).plan.cmd).toBe('["/app/node_modules/.bin/tsx", "src/main.ts"]');
  });

  it('refuses bun on Node.js, bunx and pnpm, which the node runtime image does not have (exit 2)', () => {
    const bun = {
      'package.json': json({ name: 'b', scripts: { start: 'bun run src/index.ts' }, dependencies: { hono: '4' } }),
      'bun.lock': '{}',
      'src/index.ts': '',
    };
    // A Bun app (plan/bun.ts) runs its bun command on the Bun image; on Node.js it cannot.
    const error = thrown(() => run(bun, { cmd: 'bun run src/index.ts', jsRuntime: 'node' }));
    expect(error.message).toMatch(/runs bun, but the app runs on Node\.js \(--js-runtime node\): the final image is the official node image/);
    expect(error.hint).toMatch(/Leave --js-runtime node out/);
    expect(error.exitCode).toBe(2);
    expect(thrown(() => run(bun, { cmd: 'bunx serve' })).message).toMatch(/runs bunx/);
    expect(thrown(() => run(project({ express: '4' }), { cmd: 'pnpm start' })).message).toMatch(/runs pnpm/);
  });
});

describe('.yarnrc.yml credentials (problem 5)', () => {
  const berry = (yarnrc: string) => ({
    'package.json': json({ name: 'y', packageManager: 'yarn@4.5.0', scripts: { start: 'node server.js' }, dependencies: { '@acme/ui': '1' } }),
    'yarn.lock': '__metadata:\n  version: 8\n',
    '.yarnrc.yml': yarnrc,
    'server.js': '',
  });

  it('finds literal tokens at any level, not environment references or comments', () => {
    expect(yarnrcLiteralCredential('npmAuthToken: "npm_abc"')).toEqual({ key: 'npmAuthToken', line: 1 });
    expect(yarnrcLiteralCredential('npmScopes:\n  acme:\n    npmRegistryServer: "https://npm.acme.dev"\n    npmAuthIdent: user:pass\n')).toEqual({ key: 'npmAuthIdent', line: 4 });
    expect(yarnrcLiteralCredential('npmRegistries:\n  "//npm.acme.dev":\n    npmAuthToken: abc # ci\n')).toEqual({ key: 'npmAuthToken', line: 3 });
    expect(yarnrcLiteralCredential('npmAuthToken: "${NPM_TOKEN}"')).toBeUndefined();
    expect(yarnrcLiteralCredential('npmAuthToken: ${NPM_TOKEN:-}')).toBeUndefined();
    expect(yarnrcLiteralCredential('# npmAuthToken: abc\nnpmAuthToken: ""')).toBeUndefined();
  });

  it('keeps a .yarnrc.yml with a token out of the context and the install, sets the linker by ENV, and warns', () => {
    const out = node(berry('nodeLinker: node-modules\nnpmScopes:\n  acme:\n    npmRegistryServer: "https://npm.acme.dev"\n    npmAuthToken: "npm_SECRET"\n'));
    const { plan, dockerfile, dockerignore } = out;
    expect(dockerignore).toMatch(/^\.yarnrc\.yml$/m);
    expect(dockerfile).not.toMatch(/^COPY .*\.yarnrc\.yml/m);
    expect(dockerfile).toMatch(/^# \.yarnrc\.yml is not copied: it holds a registry token/m);
    expect(dockerfile).toMatch(/^ENV YARN_NODE_LINKER=node-modules$/m);
    expect(plan.warnings.join('\n')).toMatch(/\.yarnrc\.yml holds a literal npmAuthToken \(line 5\).*\$\{NPM_AUTH_TOKEN:-\}.*--mount=type=secret/s);
    expect(strictLint(out)).toEqual([]);
  });

  it('copies a .yarnrc.yml that reads the token from the environment, without a credentials warning', () => {
    const { plan, dockerfile, dockerignore } = node(berry('nodeLinker: node-modules\nnpmScopes:\n  acme:\n    npmAuthToken: "${NPM_TOKEN:-}"\n'));
    expect(dockerignore).not.toMatch(/^\.yarnrc\.yml$/m);
    expect(dockerfile).toMatch(/^COPY package\.json yarn\.lock \.yarnrc\.yml \.\/$/m);
    expect(plan.warnings.join()).not.toMatch(/yarnrc/);
    expect(detectNode(new MemoryFs(berry('npmAuthToken: ${NPM_TOKEN}'))).yarnrcHasCredentials).toBe(false);
  });

  it('says that a variable read without a fallback stops Yarn in the build, where it is unset', () => {
    const facts = detectNode(new MemoryFs(berry('npmScopes:\n  acme:\n    npmAuthToken: "${NPM_TOKEN}"\n# npmAuthIdent: ${OLD}\n')));
    expect(facts.yarnrcHasCredentials).toBe(false);
    expect(facts.warnings.join()).toMatch(/\.yarnrc\.yml reads \$\{NPM_TOKEN\} without a fallback.*Write \$\{NPM_TOKEN:-\}/);
    expect(facts.warnings.join()).not.toMatch(/OLD/);
    for (const fine of ['npmAuthToken: "${NPM_TOKEN:-}"', 'npmAuthToken: ${NPM_TOKEN-none}', 'nodeLinker: node-modules']) {
      expect(detectNode(new MemoryFs(berry(fine))).warnings.join()).not.toMatch(/fallback/);
    }
  });
});

describe('package manager version comments (problem 6)', () => {
  const withLock = (lockfile: string, text: string, pkg: object = {}) =>
    node({ 'package.json': json({ name: 'p', scripts: { start: 'node server.js' }, ...pkg }), [lockfile]: text, 'server.js': '' }).plan.args.find((a) => a.name === 'PACKAGE_MANAGER_VERSION')!.comment;

  it('names dockgen\'s default when the lockfile only chose the manager', () => {
    expect(withLock('bun.lock', '{}')).toMatch(/^bun \d+\.\d+\.\d+: dockgen default \(pin yours with "packageManager" in package\.json\)$/);
    expect(withLock('yarn.lock', '# yarn lockfile v1\n')).toMatch(/^yarn 1\.22\.22: dockgen default for Yarn 1 /);
    expect(withLock('yarn.lock', '__metadata:\n  version: 8\n')).toMatch(/^yarn 4\.\d+\.\d+: dockgen default for Yarn 2 and later /);
    expect(withLock('pnpm-lock.yaml', "lockfileVersion: '9.0'\n")).toMatch(/^pnpm 10\.\d+\.\d+: the pnpm that dockgen pairs with pnpm-lock\.yaml lockfileVersion 9 /);
    for (const comment of [withLock('bun.lock', '{}'), withLock('yarn.lock', '')]) expect(comment).not.toMatch(/from (bun\.lock|yarn\.lock)/);
  });

  it('names package.json packageManager when it pins the version', () => {
    expect(withLock('bun.lock', '{}', { packageManager: 'bun@1.2.3' })).toBe('bun 1.2.3: from package.json packageManager = "bun@1.2.3"');
  });

  it('says that a pinned npm is not installed (the image\'s own npm runs the install)', () => {
    const { plan, dockerfile } = node({ 'package.json': json({ packageManager: 'npm@10.9.2', scripts: { start: 'node s.js' }, dependencies: { koa: '2' } }), 'package-lock.json': '{}', 's.js': '' });
    expect(plan.args.map((a) => a.name)).toEqual(['NODE_VERSION']);
    expect(dockerfile).toMatch(/^# npm 10\.9\.2 \(package\.json packageManager = "npm@10\.9\.2"\) is not installed: the installs use the npm that comes with the Node\.js image\.$/m);
  });

  it('--package-manager chooses the manager, not its version', () => {
    const comment = node({ 'package.json': json({ scripts: { start: 'node s.js' } }), 's.js': '' }, { packageManager: 'pnpm' }).plan.args[1]!.comment;
    expect(comment).toMatch(/^pnpm \S+: dockgen default/);
  });

  it('takes Yarn\'s version from the release yarnPath runs, which decides the commands', () => {
    const plan = node({
      'package.json': json({ name: 'y', scripts: { start: 'node s.js' }, dependencies: { koa: '2' } }),
      'yarn.lock': '__metadata:\n  version: 6\n',
      '.yarnrc.yml': 'yarnPath: .yarn/releases/yarn-3.6.4.cjs\nnodeLinker: node-modules\n',
      '.yarn/releases/yarn-3.6.4.cjs': '',
      's.js': '',
    }).plan;
    // The vendored release runs as it is: nothing is installed from the registry, no version ARG.
    expect(plan.args.map((a) => a.name)).toEqual(['NODE_VERSION']);
    expect(plan.packageManagerSetup).toBeUndefined();
    expect(plan.notes.join('\n')).toContain("Yarn 3.6.4 runs from the project's own release, .yarn/releases/yarn-3.6.4.cjs: it is not installed from the registry.");
    // Yarn 3 has no `workspaces focus`: the plain install, with the note that dev dependencies ship.
    expect(plan.deps?.run.parts.join(' ')).toContain('node .yarn/releases/yarn-3.6.4.cjs install --immutable');
  });
});
