import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { parseGenerateFlags, type RawGenerateFlags } from '../../src/options.js';
import { checkDockerfile } from '../helpers/dockerfile-checks.js';

const viteSpa = {
  'package.json': JSON.stringify({ name: 'app', scripts: { build: 'vite build' }, dependencies: { react: '19' }, devDependencies: { vite: '6' } }),
  'package-lock.json': '{}',
  'index.html': '',
};
const run = (files: Record<string, string>, flags: RawGenerateFlags = {}) => generate(new MemoryFs(files), '/tmp/app', parseGenerateFlags(flags));
const dockerfileOf = (generation: ReturnType<typeof run>) => generation.files.find((f) => f.path === 'Dockerfile')!.content;

describe('the static-site plan', () => {
  it('writes three files: Dockerfile, .dockerignore and the nginx server block', () => {
    expect(run(viteSpa).files.map((f) => f.path)).toEqual(['Dockerfile', '.dockerignore', 'nginx-default.conf']);
  });

  it('runs nginx as PID 1 as UID 101 with SIGQUIT, and passes the structural checks', () => {
    const dockerfile = dockerfileOf(run(viteSpa));
    expect(dockerfile).toMatch(/^STOPSIGNAL SIGQUIT$/m);
    expect(dockerfile).toMatch(/^USER 101:101$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["nginx"\]\nCMD \["-g", "daemon off;"\]$/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/dist \/usr\/share\/nginx\/html$/m);
    expect(checkDockerfile(dockerfile)).toEqual([]);
  });

  it('declares public variables as ARGs after the install, never secret-looking ones (R16)', () => {
    const files = { ...viteSpa, 'src/main.js': 'import.meta.env.VITE_API_URL; import.meta.env.VITE_SECRET_TOKEN' };
    const generation = run(files);
    const dockerfile = dockerfileOf(generation);
    expect(dockerfile).toMatch(/npm ci[\s\S]*COPY \. \.[\s\S]*^ARG VITE_API_URL$[\s\S]*npm run build/m);
    expect(dockerfile).not.toContain('VITE_SECRET_TOKEN');
    expect(generation.plan.warnings.join()).toMatch(/VITE_SECRET_TOKEN, which looks like a secret/);
  });

  it('honours --port in the Dockerfile and the server block, and --node-version for the build', () => {
    const generation = run(viteSpa, { port: '9000', nodeVersion: '22' });
    expect(dockerfileOf(generation)).toMatch(/^EXPOSE 9000$/m);
    expect(dockerfileOf(generation)).toMatch(/^ARG NODE_VERSION=22\.\d+\.\d+$/m);
    expect(generation.files[2]!.content).toMatch(/^ {4}listen 9000;$/m);
  });

  it('refuses --cmd with --stack static; --cmd alone makes a Node-built site a Node.js server', () => {
    expect(() => run(viteSpa, { stack: 'static', cmd: 'node server.js' })).toThrow(/--cmd does not apply/);
    expect(run(viteSpa, { cmd: 'node server.js' }).plan.stack).toBe('node');
  });

  it('keeps the served folder of a plain site in the build context, and the Staticfile out of it', () => {
    const { files } = run({ Staticfile: 'root: dist\n', 'dist/index.html': '' });
    const ignore = files[1]!.content.split('\n');
    expect(ignore).not.toContain('dist');
    expect(ignore).toContain('Staticfile');
    expect(files[0]!.content).toMatch(/^COPY dist \/usr\/share\/nginx\/html$/m);
  });

  it('removes its own server block from a site served from the project root', () => {
    const dockerfile = dockerfileOf(run({ 'index.html': '' }));
    expect(dockerfile).toMatch(/AS site\n[\s\S]*RUN rm -f nginx-default\.conf[\s\S]*COPY --from=site \/site \/usr\/share\/nginx\/html/);
  });

  it('builds Hugo from a checksum-verified download of the pinned release', () => {
    const dockerfile = dockerfileOf(run({ 'hugo.toml': '', 'content/a.md': '' }));
    expect(dockerfile).toMatch(/^ARG HUGO_VERSION=\d+\.\d+\.\d+$/m);
    expect(dockerfile).toContain('sha256sum --check --ignore-missing');
    expect(dockerfile).toMatch(/^COPY --from=build \/src\/public \/usr\/share\/nginx\/html$/m);
    expect(checkDockerfile(dockerfile)).toEqual([]);
  });

  it('cannot be made to write an instruction by a hostile Staticfile or path', () => {
    expect(() => run({ Staticfile: 'root: "a\\nUSER 0"\n', 'index.html': '' })).toThrow();
    expect(() => run({ Staticfile: 'root: site dir\n', 'site dir/index.html': '' })).toThrow(/cannot be used in a Dockerfile safely/);
  });
});
