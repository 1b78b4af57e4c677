import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { readOrgConfig } from '../../src/org/config.js';
import { baseImages, checkDockerfile } from '../helpers/dockerfile-checks.js';

const root = mkdtempSync(join(tmpdir(), 'dockgen-org-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let count = 0;
function orgFile(config: unknown): string {
  const file = join(root, `org-${count++}.json`);
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config));
  return file;
}

const python = { 'requirements.txt': 'flask==3.1.2\ngunicorn==23.0.0\n', 'app.py': 'app = Flask(__name__)\n' };
const node = { 'package.json': '{"name":"api","scripts":{"start":"node server.js"}}', 'server.js': '' };
const go = { 'go.mod': 'module example.com/svc\n\ngo 1.24\n', 'main.go': 'package main\n\nfunc main() {}\n' };
const dockerfile = (files: Record<string, string>, config: unknown) =>
  generate(new MemoryFs(files), '/x/app', {}, readOrgConfig(orgFile(config))).files[0]!.content;

describe('organisation config', () => {
  it('maps images and mirrors Docker Hub images in every FROM, keeping tags and other registries', () => {
    const config = { registryMirror: 'mirror.example.com/hub', images: { python: 'registry.example.com/base/python' } };
    expect(baseImages(dockerfile(python, config))).toEqual([expect.stringMatching(/^registry\.example\.com\/base\/python:3\.\d+\.\d+-slim-trixie$/)]);
    expect(baseImages(dockerfile(node, config))).toEqual([expect.stringMatching(/^mirror\.example\.com\/hub\/library\/node:\d+\.\d+\.\d+-\w+-slim$/)]);
    const goImages = baseImages(dockerfile(go, config));
    expect(goImages[0]).toMatch(/^mirror\.example\.com\/hub\/library\/golang:/);
    expect(goImages[1]).toMatch(/^gcr\.io\/distroless\//);
  });

  it('refuses a base image outside the allow-list, naming the image and the file', () => {
    const file = orgFile({ allowedImages: ['registry.example.com/*'] });
    expect(() => generate(new MemoryFs(node), '/x/app', {}, readOrgConfig(file))).toThrow(/base image node:.* is not allowed by .*org-\d+\.json/);
    expect(() => dockerfile(node, { allowedImages: ['registry.example.com/*'], images: { node: 'registry.example.com/node' } })).not.toThrow();
  });

  it('org defaults apply where the project says nothing; the project, dockgen.json and flags win', () => {
    const config = { defaults: { nodeVersion: '22', pythonVersion: '3.12', goVersion: '1.26', runtime: 'scratch', init: 'tini' } };
    const file = orgFile(config);
    const name = file.split('/').at(-1)!;
    const nodeText = generate(new MemoryFs(node), '/x/app', {}, readOrgConfig(file)).files[0]!.content;
    expect(nodeText).toMatch(new RegExp(`^# Node\\.js 22\\.\\d+\\.\\d+: from ${name.replace('.', '\\.')} defaults\\.nodeVersion = "22"$`, 'm'));
    expect(dockerfile(python, config)).toMatch(/^ARG PY_VERSION=3\.12\.\d+$/m);
    const goText = dockerfile(go, { ...config, defaults: { ...config.defaults, goVersion: undefined } });
    // go.mod says 1.24: the project's own declaration wins over the org's 1.26.
    expect(goText).toMatch(/^ARG GO_VERSION=1\.24\.\d+$/m);
    expect(goText).toMatch(/^FROM scratch AS runtime$/m);
    expect(goText).toMatch(/tini/);
    // A flag (or dockgen.json, which arrives the same way) wins over the org default.
    const flagged = generate(new MemoryFs(go), '/x/app', { runtime: 'debian', init: 'none' }, readOrgConfig(file)).files[0]!.content;
    expect(flagged).toMatch(/^FROM debian:\S+ AS runtime$/m);
    expect(flagged).not.toMatch(/tini/);
    // Where the project declares its version, nothing changes.
    expect(dockerfile({ ...node, '.nvmrc': '24\n' }, config)).toMatch(/^ARG NODE_VERSION=24\./m);
    // The org file is named by its base name only: the Dockerfile does not depend on where it lives.
    expect(nodeText).not.toContain(root);
  });

  it('uses the organisation\u2019s ids for the user dockgen creates', () => {
    const text = dockerfile(python, { user: { uid: 20000, gid: 20001 } });
    expect(text).toMatch(/^USER 20000:20001$/m);
    expect(text).toMatch(/useradd --system --uid 20000 /);
    expect(checkDockerfile(text)).toEqual([]);
  });

  it('adds labels to the final image; ${gitRemote} becomes the origin URL without credentials', () => {
    const files = { ...node, '.git/config': '[core]\n\tbare = false\n[remote "origin"]\n\turl = https://ci:ghp_token@github.com/acme/api.git\n' };
    const text = dockerfile(files, { labels: { 'org.opencontainers.image.source': '${gitRemote}', 'com.example.owner': 'team payments' } });
    expect(text).toMatch(/^LABEL org\.opencontainers\.image\.source=https:\/\/github\.com\/acme\/api$/m);
    expect(text).toMatch(/^LABEL com\.example\.owner="team payments"$/m);
    expect(text).not.toMatch(/ghp_token/);
    const ssh = dockerfile({ ...node, '.git/config': '[remote "origin"]\n\turl = git@gitlab.example.com:acme/api.git\n' }, { labels: { src: '${gitRemote}' } });
    expect(ssh).toMatch(/^LABEL src=https:\/\/gitlab\.example\.com\/acme\/api$/m);
    expect(checkDockerfile(text)).toEqual([]);
  });

  it('replaces a built-in template or partial with the override folder\u2019s file of the same name', () => {
    const templates = join(root, 'templates');
    mkdirSync(join(templates, 'dockerfile', 'partials'), { recursive: true });
    writeFileSync(join(templates, 'dockerfile', 'partials', 'header.hbs'), '# Built to the Acme standard.');
    const text = dockerfile(node, { templates: 'templates' });
    expect(text.split('\n')[0]).toBe('# Built to the Acme standard.');
    expect(text).toMatch(/^FROM node:/m);
  });

  it('writes packageIndexes as the default of the mirror build arguments, only where something is downloaded', () => {
    const config = { packageIndexes: { python: 'https://pypi.example.com/simple', go: 'https://goproxy.example.com' } };
    const pythonText = dockerfile(python, config);
    expect(pythonText).toMatch(/^ARG PIP_INDEX_URL=https:\/\/pypi\.example\.com\/simple$/m);
    expect(pythonText).toContain('(org config packageIndexes: the default below)');
    const goWithModules = { ...go, 'go.mod': 'module example.com/svc\n\ngo 1.24\n\nrequire github.com/go-chi/chi/v5 v5.0.7\n', 'go.sum': 'github.com/go-chi/chi/v5 v5.0.7 h1:x=\n' };
    expect(dockerfile(goWithModules, config)).toMatch(/^ARG GOPROXY=https:\/\/goproxy\.example\.com$/m);
    // A module without requirements downloads nothing: no argument to set.
    expect(dockerfile(go, config)).not.toContain('GOPROXY');
  });

  it.each([
    ['{"imagez": {}}', /unknown key "imagez"/],
    ['{"images": {"node": 3}}', /"images" must be an object of strings/],
    ['{"images": {"node": "Registry Example/node"}}', /must be an image reference/],
    ['{"user": {"uid": 0, "gid": 0}}', /root is not allowed/],
    ['{"labels": {"bad name": "x"}}', /label name "bad name"/],
    ['{"templates": "missing-folder"}', /"templates" folder .* does not exist/],
    ['{"allowedImages": "node"}', /"allowedImages" must be a list/],
    ['{ nope', /is not valid JSON/],
    ['{"defaults": {"port": "8080"}}', /unknown key "defaults\.port"/],
    ['{"defaults": {"runtime": "alpine"}}', /defaults: --runtime must be one of distroless, scratch, debian/],
    ['{"defaults": {"init": true}}', /"defaults\.init" must be a string/],
    ['{"packageIndexes": {"npm": "https://registry.example.com"}}', /unknown key "packageIndexes\.npm"/],
    ['{"packageIndexes": {"python": "ftp://pypi.example.com/simple"}}', /"packageIndexes\.python" must be an http\(s\) URL/],
    ['{"packageIndexes": {"go": "https://proxy.example.com/$HOME"}}', /"packageIndexes\.go" must be an http\(s\) URL/],
    ['{"packageIndexes": {"python": "https://ci:s3cret@pypi.example.com/simple"}}', /contains credentials.*--secret id=netrc/],
  ])('refuses %s with the file named', (text, message) => {
    const file = orgFile(text);
    expect(() => readOrgConfig(file)).toThrow(message);
    expect(() => readOrgConfig(file)).toThrow(new RegExp(file.split('/').at(-1)!.replace('.', '\\.')));
  });
});
