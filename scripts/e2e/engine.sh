#!/usr/bin/env bash
# Starts, or reuses, a Docker engine for the end-to-end suite and prints `DOCKER_HOST=…` on stdout.
# Idempotent: installs only what is missing (docker.io, debootstrap, buildah from Debian), reuses a
# daemon that already answers, and otherwise starts dockerd on a private socket. No bridge network and
# no iptables: builds and containers use the host network (--network host), as the machines here have
# no bridge. overlay2 is tried first (much faster, less disk); vfs is the fallback.
set -euo pipefail

STATE=${DOCKGEN_E2E_STATE:-/var/tmp/dockgen-e2e}
SOCK="$STATE/docker.sock"
DOCKER=/usr/bin/docker   # Debian's client; a newer one on PATH may lack the built-in BuildKit builder
started_at=$(date +%s)
log() { echo "[engine] $*" >&2; }

missing=()
[ -x /usr/sbin/dockerd ] && [ -x "$DOCKER" ] || missing+=(docker.io)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v buildah >/dev/null || missing+=(buildah)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi

answers() { timeout 20 "$DOCKER" info --format '{{.ServerVersion}}' >/dev/null 2>&1; }

if [ -n "${DOCKER_HOST:-}" ] && answers; then
  log "reusing the engine at $DOCKER_HOST"
  echo "DOCKER_HOST=$DOCKER_HOST"
  exit 0
fi
export DOCKER_HOST="unix://$SOCK"
if answers; then
  log "reusing the engine at $DOCKER_HOST"
  echo "DOCKER_HOST=$DOCKER_HOST"
  exit 0
fi

mkdir -p "$STATE"
for driver in overlay2 vfs; do
  if [ -f "$STATE/dockerd.pid" ]; then kill "$(cat "$STATE/dockerd.pid")" 2>/dev/null || true; sleep 1; fi
  rm -f "$SOCK" "$STATE/dockerd.pid"
  log "starting dockerd ($driver) on $SOCK"
  nohup dockerd --storage-driver "$driver" --iptables=false --ip6tables=false --bridge=none \
    --data-root "$STATE/data-$driver" --exec-root "$STATE/exec" --pidfile "$STATE/dockerd.pid" \
    -H "$DOCKER_HOST" >"$STATE/dockerd-$driver.log" 2>&1 &
  for _ in $(seq 1 60); do
    if answers; then
      log "engine ready ($driver) in $(( $(date +%s) - started_at )) s"
      echo "DOCKER_HOST=$DOCKER_HOST"
      exit 0
    fi
    kill -0 $! 2>/dev/null || break
    sleep 1
  done
  log "dockerd with $driver did not come up; last log lines:"
  tail -n 5 "$STATE/dockerd-$driver.log" >&2 || true
done
log "no engine could be started"
exit 1
