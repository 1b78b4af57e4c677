import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { goVersion, missingHashes, serveIndexes } from '../../scripts/e2e/indexes.mjs';

describe('e2e package indexes', () => {
  it.each([
    ['5.0.7-1', 'v5.0.7'],
    ['1.8.1+ds-1', 'v1.8.1'],
    ['1:0.27.0-2', 'v0.27.0'],
    ['2.3.0+dfsg1-1+deb12u1', 'v2.3.0'],
  ])('reads Debian version %s as the module version %s', (debian, module) => {
    expect(goVersion(debian)).toBe(module);
  });

  it('names the hashes a fixture locks that the index does not serve (a package Debian has since updated)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockgen-lock-'));
    mkdirSync(join(dir, 'index', 'files'), { recursive: true });
    writeFileSync(join(dir, 'index', 'files', 'flask-3.1.1-py3-none-any.whl'), 'flask');
    const served = createHash('sha256').update('flask').digest('hex');
    const stale = 'a'.repeat(64);
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app', 'requirements.txt'), `flask==3.1.1 \\\n    --hash=sha256:${served}\ngunicorn==23.0.0 --hash=sha256:${stale}\n`);
    writeFileSync(join(dir, 'app', 'Pipfile.lock'), JSON.stringify({ default: { flask: { hashes: [`sha256:${served}`] } } }));
    writeFileSync(join(dir, 'app', 'notes.txt'), `sha256:${'b'.repeat(64)}`);
    try {
      expect(missingHashes(join(dir, 'app'), join(dir, 'index'))).toEqual([stale]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('asks for the credentials it was given, as a private mirror does', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dockgen-index-auth-'));
    writeFileSync(join(root, 'index.html'), 'projects\n');
    const { url, close } = await serveIndexes({ pypi: root }, { user: 'ci', password: 'p4ss' });
    try {
      const anonymous = await fetch(`${url}/pypi/`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toContain('Basic');
      expect((await fetch(`${url}/pypi/`, { headers: { authorization: `Basic ${Buffer.from('ci:wrong').toString('base64')}` } })).status).toBe(401);
      const signed = await fetch(`${url}/pypi/`, { headers: { authorization: `Basic ${Buffer.from('ci:p4ss').toString('base64')}` } });
      expect(await signed.text()).toBe('projects\n');
    } finally {
      await close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  describe('the loopback server', () => {
    const root = mkdtempSync(join(tmpdir(), 'dockgen-index-'));
    mkdirSync(join(root, 'simple', 'flask'), { recursive: true });
    writeFileSync(join(root, 'simple', 'flask', 'index.html'), '<a href="../../files/Flask-3.1.1-py3-none-any.whl#sha256=ab">Flask</a>\n');
    mkdirSync(join(root, 'files'));
    writeFileSync(join(root, 'files', 'Flask-3.1.1-py3-none-any.whl'), 'wheel bytes');
    writeFileSync(join(tmpdir(), 'dockgen-index-outside.txt'), 'outside');
    const served = serveIndexes({ pypi: root });
    afterAll(async () => {
      await (await served).close();
      rmSync(root, { recursive: true, force: true });
      rmSync(join(tmpdir(), 'dockgen-index-outside.txt'), { force: true });
    });

    it('answers a project folder with its index.html (PEP 503) and files with their bytes', async () => {
      const { url } = await served;
      const page = await fetch(`${url}/pypi/simple/flask/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html');
      expect(await page.text()).toContain('Flask-3.1.1-py3-none-any.whl#sha256=ab');
      expect(await (await fetch(`${url}/pypi/files/Flask-3.1.1-py3-none-any.whl`)).text()).toBe('wheel bytes');
    });

    it('answers 404 for unknown prefixes, missing files and paths that leave the folder', async () => {
      const { url } = await served;
      expect((await fetch(`${url}/goproxy/x/@v/list`)).status).toBe(404);
      expect((await fetch(`${url}/pypi/simple/django/`)).status).toBe(404);
      expect((await fetch(`${url}/pypi/..%2Fdockgen-index-outside.txt`)).status).toBe(404);
    });
  });
});
