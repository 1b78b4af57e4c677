// Stand-in recipe; see scripts/e2e/standins.mjs.
import { spawnSync } from 'node:child_process';
import { DOCKER, Failure, buildImage } from './common.mjs';

// ---------------------------------------------------------------------------------------------------
// h. redis:<version>[-<suffix>] — Debian's redis-server in the official image's layout, for the
//    backing service of compose.yaml (dockgen --compose).
// ---------------------------------------------------------------------------------------------------

/**
 * As the official entrypoint does: `redis-server` without a config file gets `--protected-mode no`
 * (Redis otherwise refuses clients from other containers when it has no password), and runs as
 * the redis user (999) from /data.
 */
const REDIS_ENTRYPOINT = `#!/bin/sh
set -e
if [ "$1" = "redis-server" ]; then
  case "$2" in
    *.conf) ;;
    *) shift; set -- redis-server --protected-mode no "$@" ;;
  esac
fi
exec "$@"
`;

export function redis(ref, version, suffix) {
  // Debian's redis: 7.0 on bookworm, 8.0 on trixie. A suffix naming trixie selects trixie.
  const codename = /trixie/.test(suffix ?? '') ? 'trixie' : 'bookworm';
  const dockerfile = `FROM debian:${codename}-slim
# The official image's user: redis 999:999, created before the package so that it keeps these ids.
RUN groupadd --system --gid 999 redis \\
 && useradd --system --gid redis --uid 999 --home-dir /data --no-create-home --shell /usr/sbin/nologin redis \\
 && apt-get update \\
 && apt-get install -y --no-install-recommends redis-server redis-tools \\
 && rm -rf /var/lib/apt/lists/* \\
 && mkdir /data && chown redis:redis /data
COPY --chmod=755 docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV REDIS_VERSION=${version}
VOLUME /data
WORKDIR /data
USER 999:999
EXPOSE 6379
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["redis-server"]
`;
  buildImage(ref, dockerfile, { 'docker-entrypoint.sh': { content: REDIS_ENTRYPOINT, mode: 0o755 } });
  const real = /v=([\d.]+)/.exec(spawnSync(DOCKER, ['run', '--rm', '--network', 'host', '--entrypoint', 'redis-server', ref, '--version'], { encoding: 'utf8' }).stdout)?.[1];
  if (!real) throw new Failure(`redis-server does not run in ${ref}`);
  const note = real.split('.').slice(0, 2).join('.') === version.split('.').slice(0, 2).join('.') ? '' : ` — NOTE: tag says ${version}, redis is Debian's ${real}`;
  return `Redis ${real} on ${codename}, UID 999, port 6379${note}`;
}
