// Stand-in recipe; see scripts/e2e/standins.mjs.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DOCKER, log, Failure, run, docker, buildImage } from './common.mjs';

// ---------------------------------------------------------------------------------------------------
// f. nginxinc/nginx-unprivileged:<version>[-<suffix>] — Debian's nginx, official unprivileged layout.
// ---------------------------------------------------------------------------------------------------

const NGINX_CONF = `worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /tmp/nginx.pid;

events {
    worker_connections  1024;
}

http {
    proxy_temp_path /tmp/proxy_temp;
    client_body_temp_path /tmp/client_temp;
    fastcgi_temp_path /tmp/fastcgi_temp;
    uwsgi_temp_path /tmp/uwsgi_temp;
    scgi_temp_path /tmp/scgi_temp;

    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}
`;

const NGINX_DEFAULT_CONF = `server {
    listen       8080;
    listen  [::]:8080;
    server_name  localhost;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
`;

/** A compact version of the official entrypoint: renders /etc/nginx/templates/*.template with envsubst. */
const NGINX_ENTRYPOINT = `#!/bin/sh
set -e
if [ "$1" = "nginx" ] || [ "$1" = "nginx-debug" ]; then
  template_dir="\${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}"
  suffix="\${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}"
  output_dir="\${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}"
  if [ -d "$template_dir" ] && [ -w "$output_dir" ]; then
    # Only variables that are set in the environment (and match NGINX_ENVSUBST_FILTER, a regex
    # on their names) are replaced, as upstream's 20-envsubst-on-templates.sh does.
    filter="\${NGINX_ENVSUBST_FILTER:-}"
    defined_envs=$(printf '\${%s} ' $(awk "END { for (name in ENVIRON) { print ( name ~ /\${filter}/ ) ? name : \\"\\" } }" < /dev/null))
    find "$template_dir" -follow -type f -name "*$suffix" -print | while read -r template; do
      relative_path="\${template#"$template_dir/"}"
      output_path="$output_dir/\${relative_path%"$suffix"}"
      mkdir -p "$(dirname "$output_path")"
      envsubst "$defined_envs" < "$template" > "$output_path"
    done
  fi
  for script in /docker-entrypoint.d/*.sh; do
    if [ -x "$script" ]; then "$script"; fi
  done
fi
exec "$@"
`;

export function nginxUnprivileged(ref, version, suffix) {
  // Debian's nginx: 1.22 on bookworm, 1.26 on trixie. A suffix naming trixie selects trixie.
  const codename = /trixie/.test(suffix ?? '') ? 'trixie' : 'bookworm';
  const dockerfile = `FROM debian:${codename}-slim
# The official unprivileged image's user: nginx 101:101 (created before the package, which would
# otherwise only use www-data).
RUN groupadd --system --gid 101 nginx \\
 && useradd --system --gid nginx --uid 101 --no-create-home --home /nonexistent --shell /bin/false nginx \\
 && apt-get update \\
 && apt-get install -y --no-install-recommends nginx gettext-base \\
 && rm -rf /var/lib/apt/lists/* \\
 && rm -rf /etc/nginx/sites-enabled /etc/nginx/sites-available /var/www/html \\
 && mkdir -p /etc/nginx/conf.d /usr/share/nginx/html /var/cache/nginx /docker-entrypoint.d \\
 && ln -sf /dev/stdout /var/log/nginx/access.log \\
 && ln -sf /dev/stderr /var/log/nginx/error.log
COPY nginx.conf /etc/nginx/nginx.conf
COPY default.conf /etc/nginx/conf.d/default.conf
COPY index.html 50x.html /usr/share/nginx/html/
COPY --chmod=755 docker-entrypoint.sh /docker-entrypoint.sh
# As upstream: the config and cache are group-0 writable and owned by 101, so templates can be
# rendered at start and nothing needs root.
RUN chown -R 101:0 /var/cache/nginx /etc/nginx && chmod -R g+w /var/cache/nginx /etc/nginx
ENV NGINX_VERSION=${version}
EXPOSE 8080
STOPSIGNAL SIGQUIT
USER 101
ENTRYPOINT ["/docker-entrypoint.sh"]
CMD ["nginx", "-g", "daemon off;"]
`;
  const page = (title, body) => ({ content: `<!DOCTYPE html>\n<html>\n<head><title>${title}</title></head>\n<body>\n${body}\n</body>\n</html>\n` });
  buildImage(ref, dockerfile, {
    'nginx.conf': { content: NGINX_CONF },
    'default.conf': { content: NGINX_DEFAULT_CONF },
    'index.html': page('Welcome to nginx!', '<h1>Welcome to nginx!</h1>'),
    '50x.html': page('Error', '<h1>An error occurred.</h1>'),
    'docker-entrypoint.sh': { content: NGINX_ENTRYPOINT, mode: 0o755 },
  });
  // `nginx -t` as the image's user: proves the config, pid and temp paths work without root.
  const test = spawnSync(DOCKER, ['run', '--rm', '--network', 'host', '--entrypoint', 'nginx', ref, '-t'], { encoding: 'utf8' });
  if (test.status !== 0) throw new Failure(`nginx -t fails in ${ref}:\n${test.stderr}`);
  const real = /nginx\/([\d.]+)/.exec(spawnSync(DOCKER, ['run', '--rm', '--entrypoint', 'nginx', ref, '-v'], { encoding: 'utf8' }).stderr)?.[1] ?? '?';
  const note = real.split('.').slice(0, 2).join('.') === version.split('.').slice(0, 2).join('.') ? '' : ` — NOTE: tag says ${version}, nginx is Debian's ${real}`;
  return `nginx ${real} on ${codename}, UID 101, port 8080${note}`;
}
