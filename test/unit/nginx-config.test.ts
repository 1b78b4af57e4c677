import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { DiskFs, MemoryFs } from '../../src/detect/fs.js';
import { parseGenerateFlags } from '../../src/options.js';
import { listFixtures } from '../helpers/fixtures.js';
import { freePort } from '../helpers/net.js';

/**
 * The generated nginx server blocks, checked by nginx itself: `nginx -t` inside a minimal main
 * config shaped like the nginx-unprivileged image's (pid and temp paths in a temp folder), and a
 * real nginx serving a small site to prove the routing and cache headers. Debian's nginx (1.22 on
 * bookworm) is the oldest nginx the configs must work on. Without an nginx binary these tests are
 * skipped with the reason printed; CI installs one, so there they always run.
 */
const NGINX = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path));
if (!NGINX) console.warn('[nginx-config] SKIPPED: no nginx binary (apt-get install nginx-light or nginx); CI installs it.');

const work = mkdtempSync(join(tmpdir(), 'dockgen-nginx-'));
// nginx workers run as an unprivileged user when the tests run as root: they must read the site.
chmodSync(work, 0o755);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const configOf = (files: Array<{ path: string; content: string }>) => files.find((f) => f.path === 'nginx-default.conf')!.content;

/** A main config like the image's: pid, logs and temp files in `dir`, the server block included in http {}. */
function wrap(dir: string, serverBlock: string, replace: { port?: number; root?: string } = {}): string {
  let block = serverBlock;
  if (replace.port) block = block.replace(/listen \d+;/, `listen 127.0.0.1:${replace.port};`);
  if (replace.root) block = block.replace(/root \/usr\/share\/nginx\/html;/, `root ${replace.root};`);
  writeFileSync(join(dir, 'default.conf'), block);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `    ${name}_temp_path ${dir}/${name}_temp;`).join('\n');
  const main = `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents { worker_connections 64; }\nhttp {\n${temp}\n` +
    `    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n    access_log off;\n    include ${dir}/default.conf;\n}\n`;
  writeFileSync(join(dir, 'nginx.conf'), main);
  return join(dir, 'nginx.conf');
}

function folder(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  return dir;
}

describe.skipIf(!NGINX)('generated nginx configs pass nginx -t', () => {
  const fixtures = listFixtures('static-').filter((f) => !f.config.expectError);

  it('has static fixtures to check', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
  });

  it.each(fixtures)('$name', ({ name, dir, config }) => {
    const { files, plan } = generate(new DiskFs(dir), dir, parseGenerateFlags(config.options ?? {}));
    // A server that also builds a client stays Node.js, and a site with its own httpd.conf is
    // served by httpd: no nginx, no server block.
    if (plan.stack !== 'static' || (!plan.nginx && !plan.ownNginx)) {
      expect(files.map((f) => f.path)).toEqual(['Dockerfile', '.dockerignore']);
      return;
    }
    if (plan.ownNginx) {
      // The project's own nginx.conf, adapted: its relative paths point into the project folder.
      const own = files.find((f) => f.path === plan.ownNginx!.file)!.content;
      const main = join(folder(name), 'nginx.conf');
      writeFileSync(main, own.replaceAll('/workspace/', `${dir}/`).replace(/\$\{[A-Z_][A-Z0-9_]*\}/g, '').replace(/pid \/tmp\/nginx\.pid;/, `pid ${folder(name)}/nginx.pid;`)
        // The test runner's stdout may be a socket nginx cannot open; in the container it is the log.
        .replaceAll('/dev/stdout', '/dev/null'));
      const test = spawnSync(NGINX!, ['-t', '-p', `${dir}/`, '-c', main], { encoding: 'utf8' });
      expect(test.status, test.stderr).toBe(0);
      expect(files.find((f) => f.path === 'Dockerfile')!.content).toContain(`EXPOSE ${plan.port}`);
      return;
    }
    const server = configOf(files);
    // The block and the Dockerfile agree on the port, and the rules R4/R14 the image relies on hold.
    expect(server).toContain(`listen ${plan.port};`);
    expect(files.find((f) => f.path === 'Dockerfile')!.content).toContain(`EXPOSE ${plan.port}`);
    expect(server).toMatch(/^\s*server_tokens off;$/m);
    expect(server).toMatch(/location = \/healthz \{[^}]*return 200/);
    const test = spawnSync(NGINX!, ['-t', '-c', wrap(folder(name), server)], { encoding: 'utf8' });
    expect(test.status, test.stderr).toBe(0);
    expect(test.stderr).toMatch(/syntax is ok/);
  });
});


/** Runs nginx with a generated server block over `site`, calls `check`, then stops it. */
async function serve(name: string, projectFiles: Record<string, string>, site: Record<string, string>, check: (url: string) => Promise<void>, adjust = (conf: string) => conf) {
  const dir = folder(name);
  const root = folder(`${name}/html`);
  for (const [path, content] of Object.entries(site)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  spawnSync('chmod', ['-R', 'a+rX', root]);
  const port = await freePort();
  const main = wrap(dir, adjust(configOf(generate(new MemoryFs(projectFiles), `/tmp/${name}`, {}).files)), { port, root });
  const child = spawn(NGINX!, ['-c', main, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 50; i++) {
      if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await check(url);
  } finally {
    child.kill('SIGQUIT');
  }
}

describe.skipIf(!NGINX)('generated nginx configs route and cache as planned', () => {
  it('a single-page app answers deep links with index.html, missing assets with 404', async () => {
    const project = { 'package.json': JSON.stringify({ scripts: { build: 'vite build' }, dependencies: { react: '19', 'react-router-dom': '7' }, devDependencies: { vite: '6' } }), 'index.html': '' };
    const site = { 'index.html': '<div id="root"></div>', 'assets/index-B4x9kQ2z.js': 'console.log(1)' };
    await serve('spa', project, site, async (url) => {
      const deep = await fetch(`${url}/users/42`);
      expect(deep.status).toBe(200);
      expect(await deep.text()).toContain('id="root"');
      expect(deep.headers.get('cache-control')).toBe('no-cache');
      expect(deep.headers.get('x-content-type-options')).toBe('nosniff');
      const asset = await fetch(`${url}/assets/index-B4x9kQ2z.js`);
      expect(asset.headers.get('cache-control')).toMatch(/max-age=31536000, immutable/);
      expect((await fetch(`${url}/assets/gone-AAAA1111.js`)).status).toBe(404);
      expect((await fetch(`${url}/logo.png`)).status).toBe(404);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/.env`)).status).toBe(404);
      const gzip = await fetch(`${url}/`, { headers: { 'accept-encoding': 'gzip' } });
      expect(gzip.headers.get('server')).toBe('nginx');
    });
  });

  it('a multi-page site serves /about from about.html and answers missing pages with its 404 page', async () => {
    const site = { 'index.html': 'home', 'about.html': 'about us', 'docs/index.html': 'docs', '404.html': 'custom not found', 'app.3f9c2a7e.css': 'b{}' };
    await serve('mpa', { 'index.html': 'home' }, site, async (url) => {
      expect(await (await fetch(`${url}/about`)).text()).toBe('about us');
      const missing = await fetch(`${url}/nope`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toBe('custom not found');
      const redirect = await fetch(`${url}/docs`, { redirect: 'manual' });
      expect(redirect.status).toBe(301);
      expect(redirect.headers.get('location')).toBe('/docs/');
      expect((await fetch(`${url}/app.3f9c2a7e.css`)).headers.get('cache-control')).toMatch(/immutable/);
      expect((await fetch(`${url}/404.html`)).status).toBe(404);
    });
  });
});

describe.skipIf(!NGINX)('a site built for a sub-path is served under it', () => {
  // The image's own welcome page stays at the docroot: it must not answer for the site.
  const stock = { 'index.html': 'Welcome to nginx!', '50x.html': 'stock error page' };

  it('a Vite single-page app with base /app/: its URLs work, / redirects, the fallback stays under /app/', async () => {
    const project = {
      'package.json': JSON.stringify({ scripts: { build: 'vite build' }, dependencies: { react: '19', 'react-router-dom': '7' }, devDependencies: { vite: '6' } }),
      'vite.config.js': "export default { base: '/app/' }",
      'index.html': '',
    };
    const site = { ...stock, 'app/index.html': '<div id="root"></div><script src="/app/assets/index-B4x9kQ2z.js"></script>', 'app/assets/index-B4x9kQ2z.js': 'console.log(1)', 'app/favicon.svg': '<svg/>' };
    await serve('base-spa', project, site, async (url) => {
      const home = await fetch(`${url}/app/`);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('id="root"');
      expect(home.headers.get('cache-control')).toBe('no-cache');
      const asset = await fetch(`${url}/app/assets/index-B4x9kQ2z.js`);
      expect(asset.status).toBe(200);
      expect(await asset.text()).toBe('console.log(1)');
      expect(asset.headers.get('cache-control')).toMatch(/max-age=31536000, immutable/);
      expect((await fetch(`${url}/app/favicon.svg`)).status).toBe(200);

      const root = await fetch(`${url}/`, { redirect: 'manual' });
      expect(root.status).toBe(302);
      expect(root.headers.get('location')).toBe('/app/');
      const bare = await fetch(`${url}/app`, { redirect: 'manual' });
      expect(bare.status).toBe(301);
      expect(bare.headers.get('location')).toBe('/app/');

      // Client-side routes under the base get the app; outside it nothing does.
      const deep = await fetch(`${url}/app/users/42/settings`);
      expect(deep.status).toBe(200);
      expect(await deep.text()).toContain('id="root"');
      expect((await fetch(`${url}/users/42`)).status).toBe(404);
      expect((await fetch(`${url}/index.html`)).status).toBe(404);
      expect((await fetch(`${url}/assets/index-B4x9kQ2z.js`)).status).toBe(404);
      expect((await fetch(`${url}/app/assets/gone-AAAA1111.js`)).status).toBe(404);
      expect((await fetch(`${url}/app/logo.png`)).status).toBe(404);
      expect((await fetch(`${url}/app/.env`)).status).toBe(404);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    });
  });

  it('a Hugo site with baseURL …/handbook/: pages, directory redirects and its 404 page, inside and outside the base', async () => {
    const project = { 'hugo.toml': 'baseURL = "https://acme.github.io/handbook/"\n', 'content/_index.md': '' };
    const site = { ...stock, 'handbook/index.html': 'start', 'handbook/guides/onboarding/index.html': 'first week', 'handbook/404.html': 'not in the handbook', 'handbook/css/site.css': 'b{}' };
    await serve('base-hugo', project, site, async (url) => {
      expect(await (await fetch(`${url}/handbook/`)).text()).toBe('start');
      expect(await (await fetch(`${url}/handbook/guides/onboarding/`)).text()).toBe('first week');
      const slash = await fetch(`${url}/handbook/guides/onboarding`, { redirect: 'manual' });
      expect(slash.status).toBe(301);
      expect(slash.headers.get('location')).toBe('/handbook/guides/onboarding/');
      expect((await fetch(`${url}/handbook/css/site.css`)).status).toBe(200);
      const root = await fetch(`${url}/`, { redirect: 'manual' });
      expect([root.status, root.headers.get('location')]).toEqual([302, '/handbook/']);
      for (const missing of ['/handbook/nope', '/nope', '/guides/onboarding/']) {
        const response = await fetch(`${url}${missing}`);
        expect(response.status, missing).toBe(404);
        expect(await response.text(), missing).toBe('not in the handbook');
      }
      expect((await fetch(`${url}/handbook/404.html`)).status).toBe(404);
    });
  });

  it('a nested base with a dot (Docusaurus baseUrl /docs/v1.2/) is matched literally in the cache rules', async () => {
    const project = {
      'package.json': JSON.stringify({ scripts: { build: 'docusaurus build' }, dependencies: { '@docusaurus/core': '3' } }),
      'docusaurus.config.js': "export default { title: 'Docs', url: 'https://example.com', baseUrl: '/docs/v1.2/' };",
    };
    const site = { ...stock, 'docs/v1.2/index.html': 'docs', 'docs/v1.2/assets/js/main.1a2b3c4d.js': 'x', 'docs/v1x2/assets/js/main.js': 'y' };
    await serve('base-nested', project, site, async (url) => {
      expect(await (await fetch(`${url}/docs/v1.2/`)).text()).toBe('docs');
      expect((await fetch(`${url}/docs/v1.2/assets/js/main.1a2b3c4d.js`)).headers.get('cache-control')).toMatch(/immutable/);
      // /docs/v1x2/ is outside the base: the unescaped dot of a careless regex would let it match.
      expect((await fetch(`${url}/docs/v1x2/assets/js/main.js`)).status).toBe(404);
      const root = await fetch(`${url}/`, { redirect: 'manual' });
      expect(root.headers.get('location')).toBe('/docs/v1.2/');
    });
  });
});

describe.skipIf(!NGINX)('Staticfile options served by nginx', () => {
  const HTPASSWD = 'reviewer:$apr1$dockgen0$f7DfW18EgHMfyiqqAcsYd0\n'; // reviewer:password
  const basic = (credentials: string) => ({ authorization: `Basic ${Buffer.from(credentials).toString('base64')}` });

  it('Staticfile.auth: every page asks for the password, /healthz does not', async () => {
    const passwords = join(folder('auth-files'), 'htpasswd');
    writeFileSync(passwords, HTPASSWD);
    chmodSync(passwords, 0o644);
    const project = { Staticfile: '', 'Staticfile.auth': HTPASSWD, 'index.html': '' };
    const adjust = (conf: string) => conf.replace('/etc/nginx/staticfile.htpasswd', passwords);
    await serve('auth', project, { 'index.html': 'members only', '404.html': 'gone' }, async (url) => {
      const anonymous = await fetch(`${url}/`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toBe('Basic realm="Restricted"');
      expect(await anonymous.text()).not.toContain('members only');
      expect((await fetch(`${url}/`, { headers: basic('reviewer:wrong') })).status).toBe(401);
      const member = await fetch(`${url}/`, { headers: basic('reviewer:password') });
      expect([member.status, await member.text()]).toEqual([200, 'members only']);
      expect((await fetch(`${url}/nope`, { headers: basic('reviewer:password') })).status).toBe(404);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    }, adjust);
  });

  it('force_https: plain-HTTP requests through a proxy are redirected, HTTPS ones served, /healthz never redirected', async () => {
    const project = { Staticfile: 'force_https: true\nhttp_strict_transport_security: true\n', 'index.html': '' };
    await serve('https', project, { 'index.html': 'home', 'docs/index.html': 'docs' }, async (url) => {
      const plain = await fetch(`${url}/docs/?page=2`, { redirect: 'manual' });
      expect([plain.status, plain.headers.get('location')]).toEqual([301, 'https://127.0.0.1/docs/?page=2']);
      const http = await fetch(`${url}/`, { redirect: 'manual', headers: { 'x-forwarded-proto': 'http' } });
      expect(http.status).toBe(301);
      const https = await fetch(`${url}/docs/`, { headers: { 'x-forwarded-proto': 'https' } });
      expect([https.status, await https.text()]).toEqual([200, 'docs']);
      expect(https.headers.get('strict-transport-security')).toBe('max-age=31536000');
      expect((await fetch(`${url}/healthz`, { redirect: 'manual' })).status).toBe(200);
    });
  });

  it('ssi, directory listings, status_codes pages and dot files', async () => {
    const project = {
      Staticfile: 'root: public\nssi: enabled\ndirectory: visible\nhost_dot_files: true\nstatus_codes:\n  404: /errors/missing.html\n',
      'public/index.html': '',
    };
    const site = {
      'index.html': '<h1>Home</h1><!--#include virtual="/partials/footer.html" -->',
      'partials/footer.html': 'the footer',
      'files/report.txt': 'numbers',
      'errors/missing.html': 'not in the handbook',
      '.nojekyll': 'dot',
    };
    await serve('options', project, site, async (url) => {
      expect(await (await fetch(`${url}/`)).text()).toBe('<h1>Home</h1>the footer');
      expect(await (await fetch(`${url}/files/`)).text()).toContain('report.txt');
      const missing = await fetch(`${url}/nope`);
      expect([missing.status, await missing.text()]).toEqual([404, 'not in the handbook']);
      expect((await fetch(`${url}/.nojekyll`)).status).toBe(200);
    });
  });
});
