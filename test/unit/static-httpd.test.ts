import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { detectProject } from '../../src/detect/index.js';
import type { StaticFacts } from '../../src/detect/static/index.js';
import { parseGenerateFlags, type RawGenerateFlags } from '../../src/options.js';
import type { StaticPlan } from '../../src/plan/types.js';
import { checkDockerfile } from '../helpers/dockerfile-checks.js';

const CONF = 'ServerRoot "${SERVER_ROOT}"\nListen "${PORT}"\nDocumentRoot "${APP_ROOT}/htdocs"\nErrorLog "/proc/self/fd/2"\nPidFile "/tmp/httpd.pid"\n';
const run = (files: Record<string, string>, flags: RawGenerateFlags = {}) => {
  const generation = generate(new MemoryFs(files), '/tmp/site', parseGenerateFlags(flags));
  return { plan: generation.plan as StaticPlan, dockerfile: generation.files.find((f) => f.path === 'Dockerfile')!.content, paths: generation.files.map((f) => f.path) };
};

describe('a site with its own httpd.conf', () => {
  it('is a static site served by Apache httpd, even with no index.html at the root', () => {
    const facts = detectProject(new MemoryFs({ 'httpd.conf': CONF, 'htdocs/index.html': '' })) as StaticFacts;
    expect(facts.stack).toBe('static');
    expect(facts.ownHttpd?.env).toEqual(['SERVER_ROOT', 'PORT', 'APP_ROOT']);
    expect(facts.ownHttpd?.listen).toBe('${PORT}');
  });

  it('runs httpd as PID 1, as www-data, with the variables the Paketo buildpack sets and runtime files in /tmp', () => {
    const { dockerfile, paths } = run({ 'httpd.conf': CONF, 'htdocs/index.html': '' });
    expect(paths).toEqual(['Dockerfile', '.dockerignore']);
    expect(dockerfile).toMatch(/^ARG HTTPD_VERSION=2\.4\.\d+$/m);
    expect(dockerfile).toMatch(/^FROM httpd:\$\{HTTPD_VERSION\}-trixie AS runtime$/m);
    expect(dockerfile).toMatch(/^COPY \. \/workspace\/$/m);
    expect(dockerfile).toMatch(/^STOPSIGNAL SIGWINCH$/m);
    expect(dockerfile).toMatch(/^USER 33:33$/m);
    expect(dockerfile).toMatch(/^ENV SERVER_ROOT=\/usr\/local\/apache2\nENV PORT=8080\nENV APP_ROOT=\/workspace$/m);
    expect(dockerfile).toMatch(/^EXPOSE 8080$/m);
    expect(dockerfile).toContain('ENTRYPOINT ["httpd", "-DFOREGROUND", "-f", "/workspace/httpd.conf", "-C", "DefaultRuntimeDir /tmp", "-c", "PidFile /tmp/httpd.pid"]');
    expect(checkDockerfile(dockerfile)).toEqual([]);
  });

  it('sets PORT from --port, and refuses --port against a literal Listen', () => {
    const { dockerfile } = run({ 'httpd.conf': CONF }, { port: '9000' });
    expect(dockerfile).toMatch(/^ENV PORT=9000$/m);
    expect(dockerfile).toMatch(/^EXPOSE 9000$/m);
    expect(() => run({ 'httpd.conf': CONF.replace('"${PORT}"', '8081') }, { port: '9000' })).toThrow(/listens on 8081; --port 9000/);
    expect(run({ 'httpd.conf': CONF.replace('"${PORT}"', '0.0.0.0:80') }).plan.warnings.join()).toMatch(/listens on 80, below 1024/);
    expect(() => run({ 'httpd.conf': 'DocumentRoot htdocs\n' })).toThrow(/no Listen directive/);
  });

  it('sends a file error log to the container\'s output, and warns about a file access log and unknown variables', () => {
    const conf = CONF.replace('ErrorLog "/proc/self/fd/2"', 'ErrorLog logs/error_log\nCustomLog logs/access_log common\nHeader set X-Env "${DEPLOY_ENV}"');
    const { dockerfile, plan } = run({ 'httpd.conf': conf });
    expect(dockerfile).toContain('"-c", "ErrorLog /proc/self/fd/2"]');
    expect(plan.warnings.join('\n')).toMatch(/access log to logs\/access_log/);
    expect(plan.warnings.join('\n')).toMatch(/reads \$\{DEPLOY_ENV\} from the environment/);
    expect(dockerfile).not.toMatch(/ENV DEPLOY_ENV/);
  });

  it('takes nginx.conf over httpd.conf when both are there, and says so', () => {
    const { plan, paths } = run({ 'httpd.conf': CONF, 'nginx.conf': 'events {}\nhttp { server { listen {{port}}; root public; } }\n' });
    expect(paths).toContain('nginx-dockgen.conf');
    expect(plan.warnings.join()).toMatch(/httpd\.conf is not used/);
  });
});
