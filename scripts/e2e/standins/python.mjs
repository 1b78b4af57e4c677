// Stand-in recipe; see scripts/e2e/standins.mjs.
import { join } from 'node:path';
import { DEBIAN_PYTHON, run, docker, buildImage } from './common.mjs';

// ---------------------------------------------------------------------------------------------------
// c. python:<version>-slim-<codename> — Debian's Python under the official image's paths.
// ---------------------------------------------------------------------------------------------------

export function pythonSlim(ref, version, codename) {
  const dockerfile = `FROM debian:${codename}-slim
ENV LANG=C.UTF-8
# Debian's interpreter (${DEBIAN_PYTHON[codename]} on ${codename}): python.org builds are not reachable here.
# ca-certificates' postinst also adds the host's extra CAs (already in /usr/local/share/ca-certificates).
RUN apt-get update \\
 && apt-get install -y --no-install-recommends python3 python3-venv python3-pip ca-certificates \\
 && rm -rf /var/lib/apt/lists/* \\
 && rm -f /usr/lib/python3*/EXTERNALLY-MANAGED \\
 && for name in python python3; do ln -s /usr/bin/python3 /usr/local/bin/$name; done \\
 && for name in pip pip3; do ln -s /usr/bin/pip3 /usr/local/bin/$name; done \\
 && python --version && pip --version
# The official images' variables; PYTHON_VERSION is the one the tag names, not Debian's.
ENV PYTHON_VERSION=${version}
CMD ["python3"]
`;
  buildImage(ref, dockerfile);
  const real = docker(['run', '--rm', '--network', 'host', ref, 'python3', '-c', 'import platform; print(platform.python_version())']).trim();
  const wanted = version.split('.').slice(0, 2).join('.');
  const note = real.startsWith(`${wanted}.`) ? '' : ` — NOTE: tag says ${version}, interpreter is Debian's ${real}`;
  return `python ${real}${note}`;
}
