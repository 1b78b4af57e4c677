// Stand-in recipe; see scripts/e2e/standins.mjs.
import { spawnSync } from 'node:child_process';
import { DOCKER, Failure, buildImage } from './common.mjs';

// ---------------------------------------------------------------------------------------------------
// g. httpd:<version>[-<suffix>] — Debian's Apache httpd in the official image's layout.
// ---------------------------------------------------------------------------------------------------

/**
 * The official image's `httpd` is upstream's build with every module shared. Debian's apache2
 * compiles mod_log_config, mod_logio, mod_version and mod_unixd in, and refuses a LoadModule for
 * them ("built-in and can't be loaded"). So this stand-in's httpd drops those LoadModule lines from
 * a copy of the -f config (in /tmp, writable also with a read-only root) and execs apache2 with
 * ServerRoot /usr/local/apache2: the process that serves is still PID 1.
 */
const HTTPD_WRAPPER = `#!/bin/sh
set -e
conf=""
for arg in "$@"; do
  if [ "$take" = 1 ]; then conf="$arg"; take=0; fi
  if [ "$arg" = "-f" ]; then take=1; fi
done
if [ -n "$conf" ]; then
  sed -E '/^[[:space:]]*LoadModule[[:space:]]+(log_config|logio|version|unixd)_module[[:space:]]/d' "$conf" > /tmp/httpd-standin.conf
  for arg in "$@"; do
    shift
    if [ "$arg" = "$conf" ]; then set -- "$@" /tmp/httpd-standin.conf; else set -- "$@" "$arg"; fi
  done
fi
exec /usr/sbin/apache2 -d /usr/local/apache2 "$@"
`;

const HTTPD_FOREGROUND = `#!/bin/sh
set -e
rm -f /usr/local/apache2/logs/httpd.pid
exec httpd -DFOREGROUND "$@"
`;

const HTTPD_CONF = `ServerRoot "/usr/local/apache2"
Listen 80
LoadModule mpm_event_module modules/mod_mpm_event.so
LoadModule authz_core_module modules/mod_authz_core.so
LoadModule mime_module modules/mod_mime.so
LoadModule dir_module modules/mod_dir.so
User www-data
Group www-data
DocumentRoot "/usr/local/apache2/htdocs"
DirectoryIndex index.html
TypesConfig conf/mime.types
ErrorLog /proc/self/fd/2
<Directory "/usr/local/apache2/htdocs">
    Require all granted
</Directory>
`;

export function httpd(ref, version, suffix) {
  const codename = /bookworm/.test(suffix ?? '') ? 'bookworm' : 'trixie';
  const dockerfile = `FROM debian:${codename}-slim
RUN apt-get update \\
 && apt-get install -y --no-install-recommends apache2-bin media-types \\
 && rm -rf /var/lib/apt/lists/* \\
 && mkdir -p /usr/local/apache2/bin /usr/local/apache2/conf /usr/local/apache2/htdocs /usr/local/apache2/logs \\
 && ln -s /usr/lib/apache2/modules /usr/local/apache2/modules \\
 && ln -s /etc/mime.types /usr/local/apache2/conf/mime.types \\
 && ln -sf /dev/stderr /usr/local/apache2/logs/error_log
COPY --chmod=755 httpd /usr/local/apache2/bin/httpd
COPY --chmod=755 httpd-foreground /usr/local/bin/httpd-foreground
COPY httpd.conf /usr/local/apache2/conf/httpd.conf
COPY index.html /usr/local/apache2/htdocs/index.html
ENV HTTPD_PREFIX=/usr/local/apache2
ENV PATH=/usr/local/apache2/bin:$PATH
ENV HTTPD_VERSION=${version}
WORKDIR /usr/local/apache2
STOPSIGNAL SIGWINCH
EXPOSE 80
CMD ["httpd-foreground"]
`;
  buildImage(ref, dockerfile, {
    httpd: { content: HTTPD_WRAPPER, mode: 0o755 },
    'httpd-foreground': { content: HTTPD_FOREGROUND, mode: 0o755 },
    'httpd.conf': { content: HTTPD_CONF },
    'index.html': { content: '<html><body><h1>It works!</h1></body></html>\n' },
  });
  const test = spawnSync(DOCKER, ['run', '--rm', '--network', 'host', ref, 'httpd', '-t', '-f', '/usr/local/apache2/conf/httpd.conf'], { encoding: 'utf8' });
  if (test.status !== 0) throw new Failure(`httpd -t fails in ${ref}:\n${test.stderr}`);
  const real = /Apache\/([\d.]+)/.exec(spawnSync(DOCKER, ['run', '--rm', ref, 'httpd', '-v'], { encoding: 'utf8' }).stdout)?.[1] ?? '?';
  const note = real === version ? '' : ` — NOTE: tag says ${version}, httpd is Debian's ${real}`;
  return `Apache httpd ${real} on ${codename}, www-data 33${note}`;
}
