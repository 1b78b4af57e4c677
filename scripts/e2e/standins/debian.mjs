// Stand-in recipe; see scripts/e2e/standins.mjs.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE, MIRROR, SECURITY_MIRROR, IMAGE_CA_BUNDLE, LABEL, RECIPE_VERSION, log, seconds, run, docker, hostExtraCas } from './common.mjs';

// ---------------------------------------------------------------------------------------------------
// a. debian:<codename>-slim — debootstrap --variant=minbase, trimmed like the official slim images.
// ---------------------------------------------------------------------------------------------------

/** The trimmed rootfs of a codename as a tarball, made once (a few minutes) and kept in the state dir. */
function debianRootfs(codename) {
  const tarball = join(STATE, 'rootfs', `debian-${codename}-slim.tar`);
  if (existsSync(tarball)) return tarball;
  mkdirSync(join(STATE, 'rootfs'), { recursive: true });
  const root = join(STATE, 'rootfs', `debian-${codename}.tmp`);
  rmSync(root, { recursive: true, force: true });
  const start = Date.now();
  log(`debootstrap --variant=minbase ${codename} from ${MIRROR} (once; kept as ${tarball})`);
  run('debootstrap', ['--variant=minbase', codename, root, MIRROR]);
  const write = (path, content, mode = 0o644) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content, { mode });
  };

  // APT sources as in the official images (deb822, main, updates and security), on deb.debian.org.
  rmSync(join(root, 'etc/apt/sources.list'), { force: true });
  const keyring = existsSync(join(root, 'usr/share/keyrings/debian-archive-keyring.gpg')) ? 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' : '';
  let sources = `Types: deb\nURIs: ${MIRROR}\nSuites: ${codename} ${codename}-updates\nComponents: main\n${keyring}`;
  if (SECURITY_MIRROR) sources += `\nTypes: deb\nURIs: ${SECURITY_MIRROR}\nSuites: ${codename}-security\nComponents: main\n${keyring}`;
  write('etc/apt/sources.list.d/debian.sources', sources);

  // The official slim images' dpkg path-excludes: no docs (copyrights stay), man pages, locales, ...
  write('etc/dpkg/dpkg.cfg.d/docker', [
    'path-exclude /usr/share/doc/*', 'path-include /usr/share/doc/*/copyright', 'path-exclude /usr/share/groff/*',
    'path-exclude /usr/share/info/*', 'path-exclude /usr/share/linda/*', 'path-exclude /usr/share/lintian/*',
    'path-exclude /usr/share/locale/*', 'path-exclude /usr/share/man/*', '',
  ].join('\n'));
  // The official images' apt settings: no .deb/pkgcache left in layers, no translations, compressed lists.
  write('etc/apt/apt.conf.d/docker-clean', [
    'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };',
    'APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };',
    'Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";', '',
  ].join('\n'));
  write('etc/apt/apt.conf.d/docker-no-languages', 'Acquire::Languages "none";\n');
  write('etc/apt/apt.conf.d/docker-gzip-indexes', 'Acquire::GzipIndexes "true";\n');
  write('etc/apt/apt.conf.d/docker-autoremove-suggests', 'Apt::AutoRemove::SuggestsImportant "false";\n');
  // Package scripts must never start services during `docker build`: with --network host a
  // started nginx or database would bind the host's ports and outlive the build.
  write('usr/sbin/policy-rc.d', '#!/bin/sh\nexit 101\n', 0o755);

  // Trim what minbase already unpacked, as the excludes above do for later installs.
  for (const dir of ['usr/share/man', 'usr/share/info', 'usr/share/locale', 'usr/share/groff', 'usr/share/lintian']) {
    rmSync(join(root, dir), { recursive: true, force: true });
    mkdirSync(join(root, dir), { recursive: true });
  }
  run('find', [join(root, 'usr/share/doc'), '-mindepth', '1', '-not', '-name', 'copyright', '-not', '-type', 'd', '-delete']);
  run('find', [join(root, 'usr/share/doc'), '-mindepth', '1', '-type', 'd', '-empty', '-delete']);
  for (const dir of ['var/lib/apt/lists', 'var/cache/apt', 'var/log']) {
    run('find', [join(root, dir), '-mindepth', '1', '-not', '-type', 'd', '-delete']);
  }
  // Host-specific files: Docker provides these at run time.
  for (const file of ['etc/hostname', 'etc/resolv.conf', 'etc/machine-id']) write(file, '');

  const partial = `${tarball}.partial`;
  run('tar', ['--numeric-owner', '-C', root, '-cf', partial, '.']);
  renameSync(partial, tarball); // complete or absent: an interrupted run never leaves a broken cache
  rmSync(root, { recursive: true, force: true });
  log(`debootstrap ${codename} done in ${seconds(start)} s`);
  return tarball;
}

/**
 * Debian releases that have left deb.debian.org for archive.debian.org, which is not reachable
 * here either: debootstrap cannot fetch them. Their stand-ins (for the old Node.js images built on
 * them) are a bookworm root filesystem whose APT sources name the old release, as the real image's
 * do, so `apt-get update` fails in them as it does in the real one. The stand-in thus tests what a
 * generated Dockerfile does with such an image (its steps and the Node.js binary), not Debian's age.
 */
export const ARCHIVED_CODENAMES = ['buster', 'stretch', 'jessie'];

export function debianSlim(ref, codename) {
  const archived = ARCHIVED_CODENAMES.includes(codename);
  const base = debianRootfs(archived ? 'bookworm' : codename);
  const cas = hostExtraCas();
  let tarball = base;
  const added = [];
  const extra = mkdtempSync(join(STATE, 'ca-'));
  if (Object.keys(cas).length > 0) {
    // The host's extra CAs go in at import time (not into the cached rootfs): they can change.
    // /usr/local/share/ca-certificates is where update-ca-certificates looks, so a later
    // `apt-get install ca-certificates` in any image built on this one trusts them as well.
    mkdirSync(join(extra, 'usr/local/share/ca-certificates'), { recursive: true });
    for (const [name, pem] of Object.entries(cas)) writeFileSync(join(extra, 'usr/local/share/ca-certificates', name), pem);
    writeFileSync(join(extra, IMAGE_CA_BUNDLE.slice(1)), Object.values(cas).join('\n'));
    added.push('./usr/local/share/ca-certificates', `.${IMAGE_CA_BUNDLE}`);
  }
  if (archived) {
    // Replaces the rootfs' own file (deleted from the copy below: docker import refuses a tarball
    // that holds a path twice).
    mkdirSync(join(extra, 'etc/apt/sources.list.d'), { recursive: true });
    writeFileSync(join(extra, 'etc/apt/sources.list.d/debian.sources'),
      `Types: deb\nURIs: ${MIRROR}\nSuites: ${codename} ${codename}-updates\nComponents: main\n`);
    added.push('./etc/apt/sources.list.d/debian.sources');
  }
  if (added.length > 0) {
    tarball = join(extra, 'rootfs.tar');
    copyFileSync(base, tarball);
    if (archived) run('tar', ['--delete', '-f', tarball, './etc/apt/sources.list.d/debian.sources']);
    run('tar', ['--owner=0', '--group=0', '-C', extra, '-rf', tarball, ...added]);
  }
  try {
    docker(['import',
      '--change', 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      '--change', `LABEL ${LABEL}=${RECIPE_VERSION}`,
      '--change', 'CMD ["bash"]',
      tarball, ref]);
  } finally {
    rmSync(extra, { recursive: true, force: true });
  }
  // No ca-certificates here (the official slim image has none either): images that install it get
  // the host's CAs through its postinst (update-ca-certificates).
  const notes = [Object.keys(cas).length > 0 ? `host CAs: ${Object.keys(cas).join(', ')}` : 'no host CAs'];
  if (archived) notes.push(`bookworm rootfs with ${codename}'s APT sources (archived: apt-get update fails, as in the real image)`);
  return notes.join('; ');
}
