import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { goVersion, serveIndexes } from '../../scripts/e2e/indexes.mjs';

describe('e2e package indexes', () => {
  it.each([
    ['5.0.7-1', 'v5.0.7'],
    ['1.8.1+ds-1', 'v1.8.1'],
    ['1:0.27.0-2', 'v0.27.0'],
    ['2.3.0+dfsg1-1+deb12u1', 'v2.3.0'],
  ])('reads Debian version %s as the module version %s', (debian, module) => {
    expect(goVersion(debian)).toBe(module);
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
