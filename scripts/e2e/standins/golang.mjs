// Stand-in recipe; see scripts/e2e/standins.mjs.
import { join } from 'node:path';
import { MIRROR, run, docker, buildImage } from './common.mjs';

// ---------------------------------------------------------------------------------------------------
// d. golang:<version>-<codename> — Debian's Go (bookworm-backports / trixie) as /usr/local/go.
// ---------------------------------------------------------------------------------------------------

export function golang(ref, version, codename) {
  const [, wantedMinor] = version.split('.').map(Number);
  // Pick the Debian Go package closest to the tag: the newest golang-1.N-go with N ≤ the tag's
  // minor, else the newest available (the `go` line of a module must not exceed the real version).
  const dockerfile = `FROM debian:${codename}-slim
# Backports: bookworm's own Go is 1.19; bookworm-backports has golang-1.23-go.
RUN echo "deb ${MIRROR} ${codename}-backports main" > /etc/apt/sources.list.d/backports.list \\
 && apt-get update \\
 && pkg=$(apt-cache pkgnames golang-1. | grep -E '^golang-1\\.[0-9]+-go$' | sort -t. -k2,2n \\
          | awk -F'[.-]' -v want=${wantedMinor} '{ minor = $3 } minor <= want { best = $0 } { last = $0 } END { print (best ? best : last) }') \\
 && echo "using $pkg" \\
 && apt-get install -y --no-install-recommends "$pkg" ca-certificates git gcc libc6-dev make pkg-config \\
 && rm -rf /var/lib/apt/lists/* \\
 && goversion=\${pkg#golang-} \\
 && ln -s "/usr/lib/go-\${goversion%-go}" /usr/local/go \\
 && /usr/local/go/bin/go version
ENV GOLANG_VERSION=${version} GOTOOLCHAIN=local GOPATH=/go
ENV PATH=/go/bin:/usr/local/go/bin:$PATH
# As in the official image: a world-writable GOPATH, so builds work as any user.
RUN mkdir -p /go/src /go/bin && chmod -R 1777 /go
WORKDIR /go
`;
  buildImage(ref, dockerfile);
  const real = docker(['run', '--rm', '--network', 'host', ref, 'go', 'env', 'GOVERSION']).trim().replace(/^go/, '');
  const wanted = version.split('.').slice(0, 2).join('.');
  const note = real === wanted || real.startsWith(`${wanted}.`) ? '' : ` — NOTE: tag says ${version}, toolchain is Debian's ${real} (a go.mod 'go' line above ${real} will not build)`;
  return `go ${real}${note}`;
}
