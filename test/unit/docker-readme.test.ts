import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { parseGenerateFlags, type RawGenerateFlags } from '../../src/options.js';

const readmeOf = (files: Record<string, string>, flags: RawGenerateFlags = {}, healthcheck?: string) => {
  const options = { ...parseGenerateFlags({ readme: true, ...flags }), ...(healthcheck === undefined ? {} : { healthcheck }) };
  const generation = generate(new MemoryFs(files), '/x/app', options);
  return { text: generation.files.find((f) => f.path === 'README.Docker.md')!.content, generation };
};

const next = {
  'package.json': JSON.stringify({ name: 'docs-portal', version: '3.2.0', scripts: { build: 'next build', start: 'next start' }, dependencies: { next: '15.0.0', react: '19.0.0', 'react-dom': '19.0.0' } }),
  'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'docs-portal', dependencies: { next: '15.0.0', react: '19.0.0', 'react-dom': '19.0.0' } }, 'node_modules/next': { version: '15.0.0' }, 'node_modules/react': { version: '19.0.0' }, 'node_modules/react-dom': { version: '19.0.0' } } }),
  'pages/index.js': 'export default function Home() { return null; }\n',
};
const goWorker = { 'go.mod': 'module example.com/jobs\n\ngo 1.24\n', 'main.go': 'package main\n\nimport "time"\n\nfunc main() { for { time.Sleep(time.Second) } }\n' };
const site = { 'index.html': '<h1>hi</h1>\n' };

describe('--readme: README.Docker.md with this project\'s own commands', () => {
  it('tags with the version and the commit, runs read-only with the plan\'s writable paths, as the numeric user', () => {
    const { text } = readmeOf(next);
    expect(text).toMatch(/^docker build -t docs-portal:3\.2\.0-\$\(git rev-parse --short HEAD\) \.$/m);
    expect(text).toMatch(/^docker tag docs-portal:3\.2\.0-\$\(git rev-parse --short HEAD\) docs-portal:3\.2\.0$/m);
    expect(text).not.toMatch(/:latest\b/);
    expect(text).toContain('docker run --rm --read-only --tmpfs /tmp --tmpfs /app/.next/cache --cap-drop ALL --security-opt no-new-privileges -p 3000:3000 docs-portal:3.2.0');
    expect(text).toMatch(/runs as user 1000:1000/);
    expect(text).toMatch(/^- `\/app\/\.next\/cache`: Next\.js caches/m);
    expect(text).toMatch(/^curl -fsS http:\/\/localhost:3000\/$/m);
    expect(text).toMatch(/It starts `node_modules\/\.bin\/next start`/);
  });

  it('names every file it was written with, and with --k8s deploys the manifest\'s own image reference', () => {
    const { text, generation } = readmeOf(next, { k8s: true, image: 'registry.example.com/web/docs:3.2.0' });
    for (const file of generation.files.filter((f) => f.path !== 'README.Docker.md')) expect(text).toContain(`| \`${file.path}\` |`);
    expect(text).toContain('| `dockgen.json` |');
    expect(text).toMatch(/^docker push registry\.example\.com\/web\/docs:3\.2\.0$/m);
    expect(text).toMatch(/^kubectl apply -f k8s\.yaml$/m);
    expect(text).toMatch(/^kubectl rollout status deployment\/docs-portal$/m);
    expect(readmeOf(next).text).toMatch(/`npx dockgen --k8s` writes/);
  });

  it('with --compose, says what compose.yaml is for and how to run it', () => {
    const { text } = readmeOf(next, { compose: true });
    expect(text).toMatch(/^\| `compose\.yaml` \| runs the image locally the way it was built to run/m);
    expect(text).not.toMatch(/compose\.yaml` \| server configuration/);
    expect(text).toMatch(/^docker compose up --build$/m);
    expect(readmeOf(next).text).not.toMatch(/docker compose/);
  });

  it('a worker has no port, no health check section; without a version the tag is the commit', () => {
    const { text } = readmeOf(goWorker);
    expect(text).not.toMatch(/## Health check/);
    expect(text).toMatch(/It is a worker: it listens on no port\./);
    expect(text).toMatch(/^docker build -t jobs:\$\(git rev-parse --short HEAD\) \.$/m);
    expect(text).toMatch(/runs as user 65532:65532/);
  });

  it('a static site is checked on nginx\'s /healthz; --healthcheck names another path (a hostile one never gets this far)', () => {
    expect(readmeOf(site).text).toMatch(/^curl -fsS http:\/\/localhost:8080\/healthz$/m);
    expect(() => readmeOf(next, {}, '/ready`\n# x')).toThrow(/control character/);
    // Shell metacharacters a query may hold stay inside one quoted word.
    const { text } = readmeOf(next, {}, '/ready?probe=(1)&x=;y');
    expect(text).toMatch(/^curl -fsS 'http:\/\/localhost:3000\/ready\?probe=\(1\)&x=;y'$/m);
    expect(text).toMatch(/State\.Health\.Status/);
  });
});
