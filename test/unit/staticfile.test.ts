import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { parseStaticfile, readStaticfile } from '../../src/detect/static/staticfile.js';
import type { StaticPlan } from '../../src/plan/types.js';
import { checkDockerfile } from '../helpers/dockerfile-checks.js';

const HTPASSWD = 'reviewer:$apr1$dockgen0$f7DfW18EgHMfyiqqAcsYd0\n';
const read = (files: Record<string, string>) => readStaticfile(new MemoryFs(files))!;
const run = (files: Record<string, string>) => {
  const generation = generate(new MemoryFs(files), '/tmp/site', {});
  const file = (path: string) => generation.files.find((f) => f.path === path)!.content;
  return { plan: generation.plan as StaticPlan, dockerfile: file('Dockerfile'), ignore: file('.dockerignore').split('\n'), server: file('nginx-default.conf') };
};

describe('the Staticfile format', () => {
  it('reads flat keys, comments, quotes, and the status_codes map', () => {
    const entries = parseStaticfile('# site\nroot: "dist/" # built\nPushState: enabled\nstatus_codes:\n  404: /404.html\n  5xx: /50x.html\nssi: enabled\n');
    expect(entries.get('root')!.value).toBe('dist/');
    expect(entries.get('pushstate')!.value).toBe('enabled');
    expect([...entries.get('status_codes')!.children!].map(([k, v]) => [k, v.value])).toEqual([['404', '/404.html'], ['5xx', '/50x.html']]);
    expect(entries.get('ssi')!.value).toBe('enabled');
  });

  it('takes Railpack\'s index_fallback as pushstate', () => {
    expect(read({ Staticfile: 'index_fallback: true\n' }).pushState?.value).toBe(true);
    const facts = generate(new MemoryFs({ Staticfile: 'root: dist\nindex_fallback: true\n', 'dist/index.html': '' }), '/tmp/x', {}).plan as StaticPlan;
    expect(facts.nginx!.fallback).toBe('/index.html');
  });

  it('reads each documented option, with HSTS preload implying includeSubDomains', () => {
    const options = read({
      Staticfile: 'force_https: true\nssi: enabled\ndirectory: visible\nhost_dot_files: true\ngzip: off\nhttp_strict_transport_security_preload: true\n',
    }).server;
    expect(options.forceHttps?.value).toBe(true);
    expect(options.ssi?.value).toBe(true);
    expect(options.autoindex?.value).toBe(true);
    expect(options.hostDotFiles?.value).toBe(true);
    expect(options.gzip?.value).toBe(false);
    expect(options.hsts?.value).toBe('max-age=31536000; includeSubDomains; preload');
    expect(read({ Staticfile: 'http_strict_transport_security: true\n' }).server.hsts?.value).toBe('max-age=31536000');
  });

  it('leaves options that are off alone, and says so for a value it does not understand', () => {
    const staticfile = read({ Staticfile: 'force_https: false\nssi: maybe\ngzip: on\n' });
    expect(staticfile.server).toEqual({ errorPages: [] });
    expect(staticfile.warnings.join()).toMatch(/ssi: "maybe" is neither enabled nor disabled/);
  });

  it('names options it does not carry over instead of dropping them in silence', () => {
    const warnings = read({ Staticfile: 'enable_http2: true\nhttp_proxy: http://proxy:3128\nmemory: 64M\n' }).warnings.join('\n');
    expect(warnings).toMatch(/enable_http2 \(line 1\) is not carried over/);
    expect(warnings).toMatch(/http_proxy .*--build-arg HTTP_PROXY/);
    expect(warnings).toMatch(/memory \(line 3\) is not a Staticfile option/);
  });

  it('names the root folder\'s mime.types and nginx.conf, which the buildpack read as configuration', () => {
    const warnings = read({ Staticfile: 'root: public\n', 'public/mime.types': 'types {}', 'public/nginx.conf': '' }).warnings.join('\n');
    expect(warnings).toMatch(/public\/mime\.types configured the staticfile buildpack's nginx/);
    expect(warnings).toMatch(/public\/nginx\.conf configured/);
  });

  it('expands 4xx/5xx and refuses unsafe error pages with a warning', () => {
    const staticfile = read({ Staticfile: 'status_codes:\n  4xx: /errors/4xx.html\n  404: /404.html\n  302: /moved.html\n  500: "/a b.html"\n' });
    expect(staticfile.server.errorPages.map((p) => [p.value.codes.length, p.value.page])).toEqual([[27, '/errors/4xx.html'], [1, '/404.html']]);
    expect(staticfile.warnings.filter((w) => /status_codes/.test(w))).toHaveLength(2);
  });

  it('matches location_include against nginx/conf, and refuses a pattern that matches nothing or escapes it', () => {
    const files = { Staticfile: 'root: public\nlocation_include: includes/*.conf\n', 'public/index.html': '', 'nginx/conf/includes/a.conf': '', 'nginx/conf/includes/b.txt': '' };
    expect(read(files).server.locationInclude?.value).toEqual({ pattern: 'includes/*.conf', files: ['nginx/conf/includes/a.conf'] });
    expect(() => read({ ...files, Staticfile: 'location_include: missing/*.conf\n' })).toThrow(/names no file under nginx\/conf/);
    expect(() => read({ ...files, Staticfile: 'location_include: ../../etc/passwd\n' })).toThrow(/cannot be used safely/);
    expect(() => read({ ...files, Staticfile: 'location_include: "x; daemon on"\n' })).toThrow(/cannot be used safely/);
  });

  it('finds Staticfile.auth at the root or in the root folder, and refuses one nginx could not use', () => {
    expect(read({ Staticfile: '', 'Staticfile.auth': HTPASSWD }).server.basicAuth?.value).toEqual({ file: 'Staticfile.auth', users: 1, plainText: 0 });
    expect(read({ Staticfile: 'root: public\n', 'public/Staticfile.auth': HTPASSWD }).server.basicAuth?.value.file).toBe('public/Staticfile.auth');
    expect(() => read({ Staticfile: '', 'Staticfile.auth': '# nobody yet\n' })).toThrow(/holds no user/);
    expect(() => read({ Staticfile: '', 'Staticfile.auth': 'reviewer password\n' })).toThrow(/line 1 is not "user:hash"/);
  });
});

describe('Staticfile options in the image', () => {
  it('serves a password-protected site with auth_basic, the htpasswd outside the docroot and out of the served files', () => {
    const { dockerfile, ignore, server, plan } = run({ Staticfile: '', 'Staticfile.auth': HTPASSWD, 'index.html': '' });
    expect(dockerfile).toMatch(/^COPY --chown=0:101 --chmod=0440 Staticfile\.auth \/etc\/nginx\/staticfile\.htpasswd$/m);
    expect(dockerfile).toMatch(/exception to R16/);
    expect(dockerfile).toMatch(/^RUN rm -f nginx-default\.conf Staticfile\.auth$/m);
    expect(ignore).not.toContain('Staticfile.auth');
    expect(server).toMatch(/^ {4}auth_basic "Restricted";\n {4}auth_basic_user_file \/etc\/nginx\/staticfile\.htpasswd;$/m);
    expect(server).toMatch(/location = \/healthz \{\n\s+access_log off;\n\s+auth_basic off;/);
    expect(plan.warnings.join()).toMatch(/served with a password/);
    expect(checkDockerfile(dockerfile)).toEqual([]);
  });

  it('warns about passwords in clear text, which the image would carry readable', () => {
    const { plan } = run({ Staticfile: '', 'Staticfile.auth': `${HTPASSWD}guest:{PLAIN}guest\n`, 'index.html': '' });
    expect(plan.warnings.join()).toMatch(/Staticfile\.auth holds 1 password in clear text \(\{PLAIN\}\)/);
  });

  it('keeps a password file inside the root folder out of the served copy', () => {
    const { dockerfile } = run({ Staticfile: 'root: public\n', 'public/Staticfile.auth': HTPASSWD, 'public/index.html': '' });
    expect(dockerfile).toMatch(/^COPY public \.\nRUN rm -f Staticfile\.auth$/m);
    expect(dockerfile).toMatch(/^COPY --chown=0:101 --chmod=0440 public\/Staticfile\.auth \/etc\/nginx\/staticfile\.htpasswd$/m);
    expect(dockerfile).toMatch(/^COPY --from=site \/site \/usr\/share\/nginx\/html$/m);
  });

  it('applies a Staticfile to a site built with a Node.js tool too: its password and HTTPS redirect are not lost', () => {
    const files = {
      'package.json': JSON.stringify({ name: 'app', scripts: { build: 'vite build' }, devDependencies: { vite: '6' } }),
      'index.html': '',
      Staticfile: 'root: build\npushstate: enabled\nforce_https: true\n',
      'Staticfile.auth': HTPASSWD,
    };
    const { plan, server } = run(files);
    expect(plan.nginx!.fallback).toBe('/index.html');
    expect(server).toContain('auth_basic_user_file');
    expect(server).toContain('return 301 https://$host$request_uri;');
    expect(plan.warnings.join('\n')).toMatch(/Staticfile root "build" is not what the image serves: vite builds into dist/);
  });

  it('puts each option where nginx applies it', () => {
    const { server, dockerfile } = run({
      Staticfile: 'root: public\nssi: enabled\ndirectory: visible\nhost_dot_files: true\ngzip: off\nlocation_include: includes/*.conf\nstatus_codes:\n  404: /errors/404.html\n',
      'public/index.html': '',
      'nginx/conf/includes/site.conf': 'add_header X-Site "a" always;\n',
    });
    expect(server).toMatch(/^ {4}ssi on;$/m);
    expect(server).toMatch(/^ {4}autoindex on;$/m);
    expect(server).toMatch(/^ {4}gzip off;$/m);
    expect(server).not.toMatch(/gzip_types/);
    expect(server).not.toContain('location ~ /\\.(?!well-known/)');
    expect(server).toMatch(/location \/ \{[^}]*include \/etc\/nginx\/staticfile\/includes\/\*\.conf;/);
    expect(server).toMatch(/error_page 404 \/errors\/404\.html;/);
    expect(server).not.toMatch(/error_page 404 \/404\.html;/);
    expect(dockerfile).toMatch(/^COPY nginx\/conf \/etc\/nginx\/staticfile\/$/m);
  });

  it('keeps location_include files out of the served copy when the project folder is the site', () => {
    const { dockerfile } = run({ Staticfile: 'location_include: includes/h.conf\n', 'index.html': '', 'nginx/conf/includes/h.conf': 'add_header X-A "a";\n' });
    expect(dockerfile).toMatch(/^RUN rm -rf nginx-default\.conf nginx\/conf$/m);
    expect(dockerfile).toMatch(/^COPY nginx\/conf \/etc\/nginx\/staticfile\/$/m);
  });

  it('exempts /healthz from the HTTPS redirect, and adds the HSTS header to every response', () => {
    const { server } = run({ Staticfile: 'force_https: true\nhttp_strict_transport_security_include_subdomains: true\n', 'index.html': '' });
    expect(server).toMatch(/map "\$http_x_forwarded_proto:\$uri" \$dockgen_redirect_to_https \{[^}]*"~\^\[\^:\]\*:\/healthz\$" 0;/);
    const hsts = server.match(/add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;/g) ?? [];
    expect(hsts.length).toBe((server.match(/add_header X-Content-Type-Options/g) ?? []).length);
  });
});
