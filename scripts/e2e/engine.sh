#!/usr/bin/env bash
# Starts, or reuses, a Docker engine for the end-to-end suite.
#
#   eval "$(bash scripts/e2e/engine.sh)" && export DOCKER_HOST
#
# stdout: exactly one line, `DOCKER_HOST=unix:///…/docker.sock`. Everything else goes to stderr.
# Idempotent, safe to run again and again:
#   1. installs only what is missing (docker.io, debootstrap, buildah; nginx optionally), with a
#      single `apt-get update`, and only when something must be installed;
#   2. reuses $DOCKER_HOST if it already answers `docker info`;
#   3. reuses a dockerd that an earlier run of this script left on the private socket;
#   4. otherwise starts dockerd on that socket: overlay2 first, vfs if overlay2 cannot start.
# Environment: DOCKGEN_E2E_STATE (default /var/tmp/dockgen-e2e) holds the socket, data and exec
# roots, pidfile and logs; DOCKGEN_E2E_DOCKER (default /usr/bin/docker) is the client to use;
# DOCKGEN_E2E_WAIT (default 60) is how many seconds to wait for a daemon to answer.
set -euo pipefail

STATE=${DOCKGEN_E2E_STATE:-/var/tmp/dockgen-e2e}
SOCK="$STATE/docker.sock"
PIDFILE="$STATE/dockerd.pid"
# Debian's client: a newer client on PATH (/usr/local/bin/docker) lacks buildx, and without buildx
# it cannot use BuildKit; the 20.10 client from docker.io has BuildKit built in.
DOCKER=${DOCKGEN_E2E_DOCKER:-/usr/bin/docker}
WAIT=${DOCKGEN_E2E_WAIT:-60}
started_at=$(date +%s.%N)

log() { echo "[engine] $*" >&2; }
elapsed() { awk -v s="$started_at" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }
die() { log "ERROR: $*"; log "no Docker engine is available (after $(elapsed) s)"; exit 1; }
ready() {
  log "$1 (in $(elapsed) s)"
  echo "DOCKER_HOST=$DOCKER_HOST"
  exit 0
}
# `docker info` with a bound: a wedged daemon must not hang the caller.
answers() { timeout 20 "$DOCKER" info --format '{{.ServerVersion}} {{.Driver}}' 2>/dev/null; }

# --- 1. packages -----------------------------------------------------------------------------------
have() { command -v "$1" >/dev/null 2>&1; }
need=()
{ [ -x /usr/sbin/dockerd ] && [ -x /usr/bin/docker ]; } || need+=(docker.io)
have debootstrap || need+=(debootstrap)
have buildah || need+=(buildah)
optional=()
# Only the nginx binary is wanted on the host (e.g. to check a generated nginx config); not required.
if ! have nginx && ! [ -x /usr/sbin/nginx ]; then optional+=(nginx-light); fi
# docker-compose runs the compose.yaml dockgen writes (test/e2e/compose.e2e.test.ts); Debian's 1.29.
have docker-compose || optional+=(docker-compose)

if [ ${#need[@]} -gt 0 ] || [ ${#optional[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "missing ${need[*]} ${optional[*]}: run as root (apt-get install) or install them first"
  log "installing: ${need[*]} ${optional[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || die "apt-get update failed"
  if [ ${#need[@]} -gt 0 ]; then
    apt-get install -y -qq --no-install-recommends "${need[@]}" >&2 || die "apt-get install ${need[*]} failed"
  fi
  if [[ " ${optional[*]} " == *" docker-compose "* ]]; then
    apt-get install -y -qq --no-install-recommends docker-compose >&2 || log "warning: could not install docker-compose (optional: the compose test is skipped)"
  fi
  if [[ " ${optional[*]} " == *" nginx-light "* ]]; then
    # nginx-light is gone in newer Debian releases: fall back to nginx; either failing is only a warning.
    apt-get install -y -qq --no-install-recommends nginx-light >&2 ||
      apt-get install -y -qq --no-install-recommends nginx >&2 ||
      log "warning: could not install nginx (optional, continuing)"
  fi
  log "packages installed ($(elapsed) s)"
fi
[ -x "$DOCKER" ] || die "$DOCKER not found"

# --- 2. an engine the caller already points at --------------------------------------------------------
if [ -n "${DOCKER_HOST:-}" ]; then
  if info=$(answers); then
    export DOCKER_HOST
    ready "reusing the engine at $DOCKER_HOST ($info)"
  fi
  log "DOCKER_HOST=$DOCKER_HOST does not answer; using the private engine under $STATE"
fi

# --- 3. a dockerd left by an earlier run on the private socket ----------------------------------------
export DOCKER_HOST="unix://$SOCK"
# The pid in the pidfile is ours only if that process is a dockerd serving our socket (pids get reused).
our_dockerd() {
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
  [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "dockerd .*$SOCK" && echo "$pid"
}
wait_for() { # pid: wait until the daemon answers, while that pid lives
  local pid=$1 deadline=$(( $(date +%s) + WAIT ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if info=$(answers); then return 0; fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}

if info=$(answers); then
  ready "reusing the engine at $DOCKER_HOST ($info)"
fi
if pid=$(our_dockerd); then
  # Still starting (e.g. two callers at once): give it the same bounded wait before giving up on it.
  log "dockerd $pid from an earlier run is alive but not answering yet; waiting up to $WAIT s"
  if wait_for "$pid"; then ready "reusing the engine at $DOCKER_HOST ($info)"; fi
  log "dockerd $pid does not answer; stopping it"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
fi

# --- 4. start dockerd ---------------------------------------------------------------------------------
mkdir -p "$STATE"
# unix socket paths are limited to 107 bytes; containerd's lives deepest, under the exec root.
[ ${#STATE} -le 60 ] || die "DOCKGEN_E2E_STATE path is too long for unix sockets (${#STATE} > 60 chars): $STATE"
have dockerd || [ -x /usr/sbin/dockerd ] || die "dockerd not found (package docker.io)"
DOCKERD=$(command -v dockerd || echo /usr/sbin/dockerd)

drivers=(overlay2 vfs)
# A previous run found that overlay2 does not work here (e.g. the state dir is itself on overlayfs):
# go straight to vfs instead of waiting for overlay2 to fail again.
if [ "$(cat "$STATE/driver" 2>/dev/null)" = vfs ]; then drivers=(vfs); fi

for driver in "${drivers[@]}"; do
  rm -f "$SOCK" "$PIDFILE"
  logfile="$STATE/dockerd-$driver.log"
  log "starting dockerd (storage driver $driver) on $SOCK; log: $logfile"
  # A separate data root per driver: a data root written by one driver confuses the other.
  # --bridge=none/--iptables=false: these machines cannot create a bridge; builds and containers use
  # --network host. setsid + nohup + redirected stdio: the daemon outlives this script and its caller,
  # and holds none of the caller's pipes open (a caller reading our stdout would otherwise never see EOF).
  setsid nohup "$DOCKERD" \
    --host "$DOCKER_HOST" \
    --storage-driver "$driver" \
    --data-root "$STATE/data-$driver" \
    --exec-root "$STATE/exec" \
    --pidfile "$PIDFILE" \
    --iptables=false --ip6tables=false --bridge=none \
    </dev/null >>"$logfile" 2>&1 &
  pid=$!
  if wait_for "$pid"; then
    echo "$driver" >"$STATE/driver"
    ready "started dockerd $pid at $DOCKER_HOST ($info)"
  fi
  if kill -0 "$pid" 2>/dev/null; then
    log "dockerd with $driver did not answer within $WAIT s; stopping it. Last log lines:"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  else
    log "dockerd with $driver exited. Last log lines:"
    # It refused this driver outright (not merely slow): remember, so later runs skip it.
    if [ "$driver" = overlay2 ]; then echo vfs >"$STATE/driver"; fi
  fi
  # The errors, not the gRPC chatter around them (fall back to the plain tail if there are none).
  { grep -E 'level=(error|fatal)|failed to start' "$logfile" || tail -n 8 "$logfile"; } | tail -n 5 | sed 's/^/[engine]   /' >&2 || true
done
die "dockerd could not be started with any storage driver (${drivers[*]}); see $STATE/dockerd-*.log"
