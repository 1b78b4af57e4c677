// Stand-in recipe; see scripts/e2e/standins.mjs.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { STATE, LABEL, RECIPE_VERSION, Failure, run, docker } from './common.mjs';

// ---------------------------------------------------------------------------------------------------
// e. gcr.io/distroless/static-debian<N>[:latest|:nonroot] — scratch + users, CAs, zoneinfo, /tmp.
// ---------------------------------------------------------------------------------------------------

export function distrolessStatic(ref, debianVersion, tag) {
  const root = mkdtempSync(join(STATE, 'distroless-'));
  try {
    const write = (path, content, mode = 0o644) => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), content, { mode });
      chmodSync(join(root, path), mode);
    };
    const dir = (path, mode) => {
      mkdirSync(join(root, path), { recursive: true });
      chmodSync(join(root, path), mode);
    };
    write('etc/passwd', 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n');
    write('etc/group', 'root:x:0:\nnobody:x:65534:\ntty:x:5:\nstaff:x:50:\nnonroot:x:65532:\n');
    write('etc/nsswitch.conf', 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\nnetworks: files\nprotocols: files\nservices: files\n');
    write('etc/os-release', `PRETTY_NAME="Distroless"\nNAME="Debian GNU/Linux"\nID="debian"\nVERSION_ID="${debianVersion}"\nVERSION="Debian GNU/Linux ${debianVersion}"\nHOME_URL="https://github.com/GoogleContainerTools/distroless"\n`);
    // The host's bundle: Debian's roots plus the host's extra (intercepting) CAs, the combination
    // the official image would need behind this proxy.
    write('etc/ssl/certs/ca-certificates.crt', readFileSync('/etc/ssl/certs/ca-certificates.crt'));
    for (const file of ['etc/services', 'etc/protocols']) if (existsSync(`/${file}`)) write(file, readFileSync(`/${file}`));
    if (!existsSync('/usr/share/zoneinfo/UTC')) throw new Failure('the host has no /usr/share/zoneinfo (apt-get install tzdata)');
    mkdirSync(join(root, 'usr/share'), { recursive: true });
    run('cp', ['-a', '/usr/share/zoneinfo', join(root, 'usr/share/zoneinfo')]);
    chmodSync(root, 0o755); // becomes the image's `/` (mkdtemp made it 0700)
    dir('tmp', 0o1777);
    dir('root', 0o700);
    dir('home/nonroot', 0o700);
    dir('var', 0o755);
    const tarball = join(root, '..', `${basename(root)}.tar`);
    // Everything root-owned except the nonroot home, as in the real image.
    run('tar', ['--numeric-owner', '--owner=0', '--group=0', '--exclude=./home/nonroot', '-C', root, '-cf', tarball, '.']);
    run('tar', ['--numeric-owner', '--owner=65532', '--group=65532', '-C', root, '-rf', tarball, './home/nonroot']);
    const changes = [
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt',
      `LABEL ${LABEL}=${RECIPE_VERSION}`,
    ];
    if (tag === 'nonroot') changes.push('USER 65532:65532', 'WORKDIR /home/nonroot');
    try {
      docker(['import', ...changes.flatMap((c) => ['--change', c]), tarball, ref]);
    } finally {
      rmSync(tarball, { force: true });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return tag === 'nonroot' ? 'USER 65532:65532, no shell' : 'root, no shell';
}
