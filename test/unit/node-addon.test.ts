import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { detectNode } from '../../src/detect/node/index.js';
import { parseGenerateFlags, type RawGenerateFlags } from '../../src/options.js';
import type { NodePlan } from '../../src/plan/types.js';
import { checkDockerfile } from '../helpers/dockerfile-checks.js';

const json = (data: object) => JSON.stringify(data);
const GYP = json({ targets: [{ target_name: 'hello', sources: ['hello.cc'] }] });
const LOCK = json({ name: 'hello', lockfileVersion: 3, requires: true, packages: { '': { name: 'hello', dependencies: { bindings: '~1.2.1' } }, 'node_modules/bindings': { version: '1.2.1' } } });
const addonProject = (pkg: object = {}, extra: Record<string, string> = {}) => ({
  'package.json': json({ name: 'hello', main: 'hello.js', dependencies: { bindings: '~1.2.1' }, ...pkg }),
  'package-lock.json': LOCK,
  'binding.gyp': GYP,
  'hello.cc': '// addon\n',
  'hello.js': "const http = require('http');\nconst addon = require('bindings')('hello');\nhttp.createServer((q, s) => s.end(addon.hello())).listen(process.env.PORT);\n",
  ...extra,
});

function run(files: Record<string, string>, flags: RawGenerateFlags = {}) {
  const generation = generate(new MemoryFs(files), '/tmp/project', parseGenerateFlags(flags));
  const dockerfile = generation.files.find((f) => f.path === 'Dockerfile')!.content;
  const dockerignore = generation.files.find((f) => f.path === '.dockerignore')!.content;
  return { plan: generation.plan as NodePlan, dockerfile, dockerignore };
}

/** The lines of one stage, from its FROM to the next. */
const stage = (dockerfile: string, name: string) => {
  const start = dockerfile.indexOf(` AS ${name}\n`);
  if (start < 0) return '';
  const next = dockerfile.indexOf('\nFROM ', start);
  return dockerfile.slice(dockerfile.lastIndexOf('FROM ', start), next < 0 ? undefined : next);
};

describe('a native addon at the project root (binding.gyp)', () => {
  it('is detected from binding.gyp, with npm\'s implicit node-gyp rebuild or the project\'s own install script', () => {
    expect(detectNode(new MemoryFs(addonProject({ gypfile: true }))).nativeAddon?.value).toBe('node-gyp rebuild');
    expect(detectNode(new MemoryFs(addonProject())).nativeAddon?.evidence.source).toBe('binding.gyp');
    const own = detectNode(new MemoryFs(addonProject({ scripts: { install: 'prebuild-install || node-gyp rebuild' } }))).nativeAddon;
    expect(own?.value).toBe('prebuild-install || node-gyp rebuild');
    expect(own?.evidence.field).toBe('scripts.install');
    // "gypfile": false turns npm's implicit script off; without binding.gyp there is nothing to compile.
    expect(detectNode(new MemoryFs(addonProject({ gypfile: false }))).nativeAddon).toBeUndefined();
    const { ['binding.gyp']: _gyp, ...noGyp } = addonProject({ gypfile: true });
    expect(detectNode(new MemoryFs(noGyp)).nativeAddon).toBeUndefined();
  });

  it('is compiled in a stage with a toolchain, the full install, the source and npm rebuild against the image\'s headers', () => {
    const { dockerfile, plan } = run(addonProject({ gypfile: true }));
    const addon = stage(dockerfile, 'addon');
    expect(addon).toMatch(/^FROM base AS addon\n/);
    expect(addon).toMatch(/apt-get install -y --no-install-recommends python3 make g\+\+/);
    expect(addon).toMatch(/ENV npm_config_nodedir=\/usr\/local\n/);
    // Manifests, full install (dev dependencies too: node-addon-api is often one), then the source, then the compile (R5).
    const order = ['COPY package.json package-lock.json ./', 'npm ci --no-audit --no-fund', 'COPY . .', 'RUN npm rebuild'].map((line) => addon.indexOf(line));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(addon).toMatch(/find build -type f ! -name '\*\.node' -delete/);
    expect(plan.decisions.find((d) => d.topic === 'native addon')?.evidence.source).toBe('binding.gyp');
    expect(checkDockerfile(dockerfile)).toEqual([]);
  });

  it('ships only build/ from that stage: the final stage has no toolchain and the deps stage stays production-only', () => {
    const { dockerfile, dockerignore } = run(addonProject({ gypfile: true }));
    const runtime = stage(dockerfile, 'runtime');
    expect(runtime).toMatch(/COPY \. \.\nCOPY --from=addon \/app\/build \.\/build\n/);
    expect(runtime).not.toMatch(/g\+\+|make|python3|npm_config_nodedir/);
    expect(stage(dockerfile, 'deps')).toMatch(/npm ci --omit=dev/);
    expect(stage(dockerfile, 'deps')).not.toMatch(/g\+\+/);
    // A local build/ (compiled for the developer's machine) never reaches the compile.
    expect(dockerignore.split('\n')).toContain('build');
  });

  it('with a build script too: the addon stage is separate and its copy comes after the built app', () => {
    const { dockerfile } = run(addonProject({ scripts: { build: 'node build.js' } }, { 'build.js': 'console.log(1)\n' }));
    expect(stage(dockerfile, 'build')).not.toMatch(/RUN npm rebuild|g\+\+/);
    expect(stage(dockerfile, 'runtime')).toMatch(/COPY --from=build \/app \.\/\nCOPY --from=addon \/app\/build \.\/build\n/);
  });

  it('a project without binding.gyp gets no addon stage', () => {
    const { ['binding.gyp']: _gyp, ...files } = addonProject();
    const { dockerfile, plan } = run(files);
    expect(dockerfile).not.toMatch(/AS addon|npm rebuild|g\+\+/);
    expect(plan.addon).toBeUndefined();
  });

  it('other package managers and Bun get a warning instead of an image that silently lacks the addon', () => {
    const { ['package-lock.json']: _lock, ...files } = addonProject({ packageManager: 'pnpm@10.12.1' });
    const { plan, dockerfile } = run({ ...files, 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
    expect(dockerfile).not.toMatch(/AS addon/);
    expect(plan.warnings.join('\n')).toMatch(/binding\.gyp declares a native addon \(node-gyp rebuild\), which this image does not compile: the project installs with pnpm/);
    const old = run(addonProject({ engines: { node: '14' } }));
    expect(old.dockerfile).not.toMatch(/AS addon/);
    expect(old.plan.warnings.join('\n')).toMatch(/installs with npm 6 or older/);
  });
});
