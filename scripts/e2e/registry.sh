#!/usr/bin/env bash
# Starts, or reuses, a container registry on loopback for the tests that push, pin and pull images
# (digest pinning, `dockgen update`, the CI workflow's cache). No registry on the internet is
# reachable from CI, so the tests push the stand-in base images here and resolve them from here.
#
#   eval "$(bash scripts/e2e/registry.sh [port])"   # sets REGISTRY=127.0.0.1:<port>
#
# stdout: exactly one line, `REGISTRY=127.0.0.1:<port>` (default port 5000). Everything else goes to
# stderr. Idempotent: installs Debian's docker-registry (the CNCF distribution registry) and skopeo
# only when missing, reuses a registry this script started on the same port, and otherwise starts
# one with its storage under $DOCKGEN_E2E_STATE/registry/<port>. Anonymous, plain HTTP: Docker,
# skopeo (--tls-verify=false) and Buildah (--tls-verify=false) accept that on 127.0.0.1.
set -euo pipefail

PORT=${1:-5000}
STATE=${DOCKGEN_E2E_STATE:-/var/tmp/dockgen-e2e}/registry/$PORT
PIDFILE="$STATE/registry.pid"
log() { echo "[registry] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
answers() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/v2/" 2>/dev/null; }
ready() { log "$1"; echo "REGISTRY=127.0.0.1:$PORT"; exit 0; }

need=()
[ -x /usr/bin/docker-registry ] || need+=(docker-registry)
command -v skopeo >/dev/null 2>&1 || need+=(skopeo)
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "missing ${need[*]}: run as root (apt-get install) or install them first"
  log "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # The package would start a system-wide registry on :5000 with htpasswd auth: keep it from
  # starting (policy-rc.d), this script runs its own.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}"; } >&2 || die "apt-get install ${need[*]} failed"
  rm -f /usr/sbin/policy-rc.d
fi

if answers; then ready "reusing the registry on 127.0.0.1:$PORT"; fi

mkdir -p "$STATE/data"
cat > "$STATE/config.yml" <<CONFIG
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $STATE/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$PORT
CONFIG
# setsid: the registry outlives this script (and the test process that ran it).
setsid /usr/bin/docker-registry serve "$STATE/config.yml" >>"$STATE/registry.log" 2>&1 < /dev/null &
echo $! > "$PIDFILE"
for _ in $(seq 1 50); do
  if answers; then ready "started the registry on 127.0.0.1:$PORT (pid $(cat "$PIDFILE"), storage $STATE/data)"; fi
  kill -0 "$(cat "$PIDFILE")" 2>/dev/null || die "the registry exited: $(tail -n 5 "$STATE/registry.log")"
  sleep 0.2
done
die "the registry on 127.0.0.1:$PORT did not answer within 10 s: $(tail -n 5 "$STATE/registry.log")"
