"""Serves a Go module from Debian's source tree as a module proxy folder (GOPROXY protocol).

    python3 gocode-to-proxy.py MODULE_DIR VERSION OUT_DIR

MODULE_DIR is a module's root as a golang-*-dev package installs it (/usr/share/gocode/src/...,
with its go.mod); VERSION its release (v5.0.7). Writes OUT_DIR/<escaped module path>/@v/ with
list, VERSION.info, VERSION.mod and VERSION.zip, the files `go mod download` fetches. The zip follows
the module zip rules (entries under module@version/, no nested modules, no vendor/ or VCS folders,
regular files only), so `go` computes the same h1: hash from it every time: a fixture's go.sum holds.
"""
import json
import os
import re
import sys
import time
import zipfile

SKIP_DIRS = {'.git', '.hg', '.svn', '.bzr', 'vendor'}
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def escape(path):
    """The proxy protocol's case encoding: an upper-case letter becomes '!' and its lower case."""
    return re.sub(r'[A-Z]', lambda m: '!' + m.group(0).lower(), path)


def module_files(root):
    for base, dirs, files in os.walk(root):
        rel_base = os.path.relpath(base, root)
        # A folder with its own go.mod is another module, not part of this one.
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not os.path.exists(os.path.join(base, d, 'go.mod')))
        for name in sorted(files):
            full = os.path.join(base, name)
            if os.path.islink(full) or not os.path.isfile(full):
                continue
            yield ('' if rel_base == '.' else rel_base + '/') + name, full


def main():
    root, version, out = sys.argv[1], sys.argv[2], sys.argv[3]
    gomod = open(os.path.join(root, 'go.mod'), encoding='utf-8').read()
    module = re.search(r'^module\s+"?([^\s"]+)"?', gomod, re.M).group(1)
    folder = os.path.join(out, escape(module), '@v')
    os.makedirs(folder, exist_ok=True)
    with zipfile.ZipFile(os.path.join(folder, f'{version}.zip'), 'w', zipfile.ZIP_DEFLATED) as zf:
        for rel, full in module_files(root):
            info = zipfile.ZipInfo(f'{module}@{version}/{rel}', FIXED_TIME)
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, open(full, 'rb').read())
    with open(os.path.join(folder, f'{version}.mod'), 'w', encoding='utf-8') as f:
        f.write(gomod)
    stamp = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(os.path.getmtime(os.path.join(root, 'go.mod'))))
    with open(os.path.join(folder, f'{version}.info'), 'w', encoding='utf-8') as f:
        json.dump({'Version': version, 'Time': stamp}, f)
    listed = os.path.join(folder, 'list')
    versions = set(open(listed).read().split()) if os.path.exists(listed) else set()
    with open(listed, 'w') as f:
        f.write(''.join(f'{v}\n' for v in sorted(versions | {version})))
    print(f'{module}@{version}')


if __name__ == '__main__':
    main()
