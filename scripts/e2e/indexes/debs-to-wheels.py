"""Turns extracted Debian python3-* packages into wheels and a PEP 503 simple index.

    python3 debs-to-wheels.py EXTRACTED_DIR OUT_DIR

EXTRACTED_DIR holds one folder per .deb (`dpkg-deb -x`); each distribution found in a folder's
dist-packages (a *.dist-info or *.egg-info) becomes one wheel in OUT_DIR/files, listed in
OUT_DIR/simple/<name>/index.html. Wheels are byte-for-byte reproducible (sorted entries, fixed
timestamps), so the hashes that fixtures lock stay valid until Debian changes a package.

Runs inside the Python stand-in image, so a compiled extension is tagged for exactly the interpreter
the fixtures build with (cp313-cp313-linux_x86_64 for Debian trixie's Python 3.13).
"""
import base64
import hashlib
import html
import os
import re
import sys
import zipfile
from email.parser import HeaderParser

DIST_PACKAGES = 'usr/lib/python3/dist-packages'
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
# Debian splits some distributions over several packages: the files of the second belong in the first's wheel.
MERGED = {'python3-setuptools': ['python3-pkg-resources']}
# What pip writes at install time, never part of a wheel.
INSTALL_RECORDS = {'RECORD', 'INSTALLER', 'REQUESTED', 'direct_url.json'}


def normalize(name):
    return re.sub(r'[-_.]+', '-', name).lower()


def escape(name):
    return re.sub(r'[-_.]+', '_', name)


def resolve(path, roots):
    """A file's bytes, following symlinks that Debian points into other packages or /usr/share."""
    seen = 0
    while os.path.islink(path) and seen < 20:
        seen += 1
        target = os.readlink(path)
        if not target.startswith('/'):
            path = os.path.normpath(os.path.join(os.path.dirname(path), target))
            continue
        path = next((os.path.join(r, target.lstrip('/')) for r in roots if os.path.lexists(os.path.join(r, target.lstrip('/')))), target)
    return path


def walk(path, roots):
    """(relative name, real path) of every file under `path`, symlinked folders followed."""
    for base, dirs, files in os.walk(path, followlinks=True):
        dirs[:] = [d for d in dirs if d != '__pycache__']
        for name in files:
            full = os.path.join(base, name)
            real = resolve(full, roots)
            if os.path.isfile(real):
                yield os.path.relpath(full, path), real
            else:
                print(f'  skip {os.path.relpath(full, path)}: dangling link', file=sys.stderr)


def requires_from_egg(text):
    """setuptools' requires.txt sections ([extra], [:marker], [extra:marker]) as Requires-Dist lines."""
    lines, extra, marker = [], None, None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith('#'):
            continue
        if line.startswith('['):
            section = line[1:-1]
            extra, _, marker = section.partition(':')
            extra = extra or None
            marker = marker or None
            continue
        conditions = [c for c in (f'({marker})' if marker else None, f'extra == "{extra}"' if extra else None) if c]
        lines.append(f'Requires-Dist: {line}' + (f'; {" and ".join(conditions)}' if conditions else ''))
    return lines


def metadata_of(info_dir):
    if info_dir.endswith('.dist-info'):
        with open(os.path.join(info_dir, 'METADATA'), encoding='utf-8') as f:
            return f.read()
    with open(os.path.join(info_dir, 'PKG-INFO'), encoding='utf-8') as f:
        text = f.read()
    requires = os.path.join(info_dir, 'requires.txt')
    if os.path.exists(requires):
        with open(requires, encoding='utf-8') as f:
            extra_lines = requires_from_egg(f.read())
        head, sep, body = text.partition('\n\n')
        text = head.rstrip('\n') + '\n' + '\n'.join(extra_lines) + '\n' + sep + body
    return text


def wheel_tag(names):
    for name in names:
        match = re.search(r'\.cpython-3(\d+)-x86_64-linux-gnu\.so$', name)
        if match:
            return f'cp3{match.group(1)}-cp3{match.group(1)}-linux_x86_64', False
    if any(name.endswith('.abi3.so') for name in names):
        return 'cp3-abi3-linux_x86_64', False
    return 'py3-none-any', True


def write_wheel(out, name, version, files, info_files, metadata):
    tag, pure = wheel_tag([n for n, _ in files])
    dist_info = f'{escape(name)}-{version}.dist-info'
    wheel_name = f'{escape(name)}-{version}-{tag}.whl'
    entries = [(n, open(real, 'rb').read(), os.access(real, os.X_OK)) for n, real in files]
    entries += [(f'{dist_info}/{n}', open(real, 'rb').read(), False) for n, real in info_files]
    entries.append((f'{dist_info}/METADATA', metadata.encode('utf-8'), False))
    entries.append((f'{dist_info}/WHEEL', f'Wheel-Version: 1.0\nGenerator: dockgen-e2e\nRoot-Is-Purelib: {"true" if pure else "false"}\nTag: {tag}\n'.encode(), False))
    entries.sort(key=lambda e: e[0])
    record = []
    path = os.path.join(out, 'files', wheel_name)
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as zf:
        for n, data, executable in entries:
            info = zipfile.ZipInfo(n, FIXED_TIME)
            info.external_attr = (0o100755 if executable else 0o100644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()
            record.append(f'{n},sha256={digest},{len(data)}')
        record.append(f'{dist_info}/RECORD,,')
        info = zipfile.ZipInfo(f'{dist_info}/RECORD', FIXED_TIME)
        info.external_attr = 0o100644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, '\n'.join(record) + '\n')
    return wheel_name


def distributions(deb_dir):
    """(info dir, top-level names or None) of every distribution in a package's dist-packages."""
    site = os.path.join(deb_dir, DIST_PACKAGES)
    if not os.path.isdir(site):
        return site, []
    found = []
    for entry in sorted(os.listdir(site)):
        if entry.endswith(('.dist-info', '.egg-info')) and os.path.isdir(os.path.join(site, entry)):
            top = os.path.join(site, entry, 'top_level.txt')
            names = open(top, encoding='utf-8').read().split() if os.path.exists(top) else None
            found.append((os.path.join(site, entry), names))
    return site, found


def main():
    extracted, out = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.join(out, 'files'), exist_ok=True)
    debs = sorted(os.path.join(extracted, d) for d in os.listdir(extracted))
    roots = debs + ['/']
    index = {}
    for deb in debs:
        site, found = distributions(deb)
        if not found:
            continue
        claimed = set()
        for position, (info_dir, top_names) in enumerate(found):
            metadata = metadata_of(info_dir)
            headers = HeaderParser().parsestr(metadata)
            name, version = headers['Name'], headers['Version']
            info_name = os.path.basename(info_dir)
            files = []
            for entry in sorted(os.listdir(site)):
                if entry.endswith(('.dist-info', '.egg-info')) or entry == '__pycache__':
                    continue
                stem = entry.split('.')[0]
                # One distribution per package is the rule; where there are several, top_level.txt splits them
                # and the first takes what no top_level.txt names.
                mine = (top_names is not None and stem in top_names) or (position == 0 and all(stem not in (t or []) for _, t in found))
                if not mine or entry in claimed:
                    continue
                claimed.add(entry)
                full = os.path.join(site, entry)
                if os.path.isdir(resolve(full, roots)):
                    files += [(f'{entry}/{rel}', real) for rel, real in walk(full, roots)]
                else:
                    files.append((entry, resolve(full, roots)))
            if position == 0:
                for extra in MERGED.get(os.path.basename(deb), []):
                    extra_site = os.path.join(extracted, extra, DIST_PACKAGES)
                    if os.path.isdir(extra_site):
                        files += [(rel, real) for rel, real in walk(extra_site, roots) if not rel.split('/')[0].endswith(('.dist-info', '.egg-info'))]
            info_files = [(rel, real) for rel, real in walk(info_dir, roots)
                          if rel not in INSTALL_RECORDS and rel not in ('METADATA', 'PKG-INFO', 'requires.txt', 'SOURCES.txt', 'dependency_links.txt')]
            wheel = write_wheel(out, name, version, files, info_files, metadata)
            with open(os.path.join(out, 'files', wheel), 'rb') as f:
                sha = hashlib.sha256(f.read()).hexdigest()
            index.setdefault(normalize(name), []).append((wheel, sha, headers['Requires-Python']))
            print(f'{os.path.basename(deb)}: {wheel} ({info_name})')
    simple = os.path.join(out, 'simple')
    os.makedirs(simple, exist_ok=True)
    with open(os.path.join(simple, 'index.html'), 'w') as f:
        f.write('<!DOCTYPE html>\n<html><body>\n' + ''.join(f'<a href="{n}/">{n}</a>\n' for n in sorted(index)) + '</body></html>\n')
    for name, wheels in index.items():
        os.makedirs(os.path.join(simple, name), exist_ok=True)
        with open(os.path.join(simple, name, 'index.html'), 'w') as f:
            f.write('<!DOCTYPE html>\n<html><body>\n')
            for wheel, sha, requires in sorted(wheels):
                attr = f' data-requires-python="{html.escape(requires)}"' if requires else ''
                f.write(f'<a href="../../files/{wheel}#sha256={sha}"{attr}>{wheel}</a>\n')
            f.write('</body></html>\n')


if __name__ == '__main__':
    main()
