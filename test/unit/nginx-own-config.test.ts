import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { detectProject } from '../../src/detect/index.js';
import { parseGenerateFlags, type RawGenerateFlags } from '../../src/options.js';
import { adaptNginxConfig } from '../../src/plan/nginx-own-config.js';
import type { StaticPlan } from '../../src/plan/types.js';
import { checkDockerfile } from '../helpers/dockerfile-checks.js';

const CONF = 'events {}\nhttp {\n  server {\n    listen {{port}};\n    root public;\n  }\n}\n';
const adapt = (text: string, port: number | undefined = 8080) => adaptNginxConfig(text, { port, envsubst: false });
const run = (files: Record<string, string>, flags: RawGenerateFlags = {}) => {
  const generation = generate(new MemoryFs(files), '/tmp/site', parseGenerateFlags(flags));
  const file = (path: string) => generation.files.find((f) => f.path === path)?.content;
  return { plan: generation.plan as StaticPlan, dockerfile: file('Dockerfile')!, config: file('nginx-dockgen.conf'), paths: generation.files.map((f) => f.path) };
};

describe('adapting a project\'s nginx.conf to the unprivileged image', () => {
  it('fills in {{port}}, takes over daemon/user/pid, and keeps other directives on the same line', () => {
    const { text, port } = adapt('user nginx; worker_processes 2; daemon off;\npid /run/nginx.pid;\n' + CONF);
    expect(port).toBe(8080);
    expect(text).toMatch(/^pid \/tmp\/nginx\.pid;\n/);
    expect(text).toContain('worker_processes 2;');
    expect(text).not.toMatch(/\b(user nginx|daemon off|\/run\/nginx\.pid)/);
    expect(text).toContain('listen 8080;');
  });

  it('leaves comments alone, and directives whose names only contain a keyword', () => {
    const { text } = adapt('# daemon off; is set by the platform\nworker_processes 1;\n' + CONF.replace('root public;', 'root public; # user: none\n    proxy_pass_header X-User;'));
    expect(text).toContain('# daemon off; is set by the platform');
    expect(text).toContain('# user: none');
    expect(text).toContain('proxy_pass_header X-User;');
  });

  it('puts temporary files in /tmp unless the config sets them, and logs on the container\'s output', () => {
    const { text, changes } = adapt('error_log logs/error.log warn;\n' + CONF.replace('http {', 'http {\n  proxy_temp_path /var/tmp/p;\n  access_log off;\n  access_log logs/access.log main;'));
    expect(text).toContain('error_log stderr warn;');
    expect(text).toContain('access_log off;');
    expect(text).toContain('access_log /dev/stdout main;');
    expect(text.match(/proxy_temp_path/g)).toHaveLength(1);
    expect(text).toContain('client_body_temp_path /tmp/client_body_temp;');
    expect(changes.join('\n')).toMatch(/temporary file paths/);
  });

  it('anchors relative includes to /workspace and keeps absolute ones', () => {
    const { text } = adapt(CONF.replace('http {', 'http {\n  include mime.types;\n  include /etc/nginx/mime.types;\n  include conf.d/*.conf;'));
    expect(text).toContain('include /workspace/mime.types;');
    expect(text).toContain('include /etc/nginx/mime.types;');
    expect(text).toContain('include /workspace/conf.d/*.conf;');
  });

  it('reads a literal listen port, with or without an address', () => {
    expect(adapt('events {}\nhttp { server { listen 127.0.0.1:9090 default_server; } }\n', undefined).port).toBe(9090);
    expect(adapt('events {}\nhttp { server { listen [::]:8081; } }\n', undefined).port).toBe(8081);
  });

  it('refuses a config without an http block', () => {
    expect(() => adapt('events {}\nstream { server { listen 53; } }\n')).toThrow(/no http \{ \} block/);
  });
});

describe('a site with its own nginx.conf', () => {
  it('is a static site even without index.html, and a Staticfile still wins over nginx.conf', () => {
    expect(detectProject(new MemoryFs({ 'nginx.conf': CONF, 'public/home.html': '' })).stack).toBe('static');
    const withStaticfile = run({ 'nginx.conf': CONF, Staticfile: 'root: public\n', 'public/index.html': '' });
    expect(withStaticfile.paths).toContain('nginx-default.conf');
    expect(withStaticfile.plan.ownNginx).toBeUndefined();
  });

  it('installs the adapted config as the main configuration and runs nginx as PID 1 from /workspace', () => {
    const { dockerfile, paths, config } = run({ 'nginx.conf': CONF, 'public/index.html': '' });
    expect(paths).toEqual(['Dockerfile', '.dockerignore', 'nginx-dockgen.conf']);
    expect(dockerfile).toMatch(/^COPY nginx-dockgen\.conf \/etc\/nginx\/nginx\.conf\n(#.*\n)?COPY \. \/workspace\/$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["nginx"\]\nCMD \["-p", "\/workspace\/", "-c", "\/etc\/nginx\/nginx\.conf", "-g", "daemon off;"\]$/m);
    expect(dockerfile).toMatch(/^USER 101:101$/m);
    expect(config).toMatch(/^# Edit nginx\.conf, not this file/m);
    expect(checkDockerfile(dockerfile)).toEqual([]);
  });

  it('fills in --port for {{port}}, and refuses --port against a literal listen', () => {
    expect(run({ 'nginx.conf': CONF }, { port: '9000' }).config).toContain('listen 9000;');
    expect(() => run({ 'nginx.conf': CONF.replace('{{port}}', '8080') }, { port: '9000' })).toThrow(/listens on 8080; --port 9000 cannot change that/);
    expect(run({ 'nginx.conf': CONF.replace('{{port}}', '80') }).plan.warnings.join()).toMatch(/listens on 80, below 1024/);
    expect(() => run({ 'nginx.conf': 'events {}\nhttp { server { root public; } }\n' })).toThrow(/no listen line/);
  });

  it('renders {{env "NAME"}} when the container starts, through the image\'s entrypoint, limited to those names', () => {
    const conf = CONF.replace('root public;', 'root public;\n    location /api/ { proxy_pass {{env "API_URL"}}; }\n    add_header X-Token "{{ env "SESSION_TOKEN" }}";');
    const { dockerfile, config, plan } = run({ 'nginx.conf': conf });
    expect(config).toContain('proxy_pass ${API_URL};');
    expect(config).toContain('add_header X-Token "${SESSION_TOKEN}";');
    expect(dockerfile).toMatch(/^COPY nginx-dockgen\.conf \/etc\/nginx\/templates\/nginx\.conf\.template$/m);
    expect(dockerfile).toMatch(/^ENV NGINX_ENVSUBST_OUTPUT_DIR=\/tmp$/m);
    expect(dockerfile).toMatch(/^ENV NGINX_ENVSUBST_FILTER="\^\(API_URL\|SESSION_TOKEN\)\\\$"$/m);
    expect(dockerfile).toMatch(/^ENV API_URL=""$/m);
    // A secret-looking name gets no default in the image (R16): it must come at run time.
    expect(dockerfile).not.toMatch(/^ENV SESSION_TOKEN/m);
    expect(plan.warnings.join()).toMatch(/SESSION_TOKEN, which looks like a secret/);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/docker-entrypoint\.sh"\]\nCMD \["nginx", "-p", "\/workspace\/", "-c", "\/tmp\/nginx\.conf", "-g", "daemon off;"\]$/m);
  });

  it('refuses a Paketo placeholder it cannot fill in, naming the line', () => {
    expect(() => run({ 'nginx.conf': `load_module {{module "ngx_stream_module"}};\n${CONF}` })).toThrow(/line 1 has the template placeholder \{\{module "ngx_stream_module"\}\}/);
  });
});

describe('an nginx.conf that is not a whole configuration, or not for this site', () => {
  const SNIPPET = 'server {\n  listen 80;\n  root /usr/share/nginx/html;\n  location / { try_files $uri /index.html; }\n}\n';

  it('a server block for the official image\'s conf.d: dockgen\'s own block serves, and says so', () => {
    const { paths, plan } = run({ 'nginx.conf': SNIPPET, 'index.html': '' });
    expect(paths).toContain('nginx-default.conf');
    expect(plan.warnings.join()).toMatch(/nginx\.conf is not used: it is a server \{ \} block for the official nginx image's conf\.d/);
  });

  it('a site built with a Node.js tool or a Staticfile: named as unused', () => {
    const vite = { 'package.json': JSON.stringify({ name: 'app', scripts: { build: 'vite build' }, devDependencies: { vite: '6' } }), 'index.html': '' };
    expect(run({ ...vite, 'nginx.conf': CONF }).plan.warnings.join()).toMatch(/nginx\.conf is not used: the site is built with vite/);
    expect(run({ Staticfile: '', 'index.html': '', 'nginx.conf': CONF }).plan.warnings.join()).toMatch(/nginx\.conf is not used: the Staticfile decides/);
  });
});
