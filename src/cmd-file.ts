import type { ProjectFs } from './detect/fs.js';
import type { ProjectFacts } from './detect/index.js';
import { entryWillExist } from './detect/node/entry-file.js';
import { readPackageJson } from './detect/node/package-json.js';
import { entryFileOf } from './detect/node/start.js';
import { scriptOf } from './plan/python.js';

/**
 * `--cmd "node servr.js"`: a typo in the file a start command runs gives an image that exits the
 * moment it starts. The file must be in the project or made by the build (Node.js: a build
 * script's output); anything else is worth a warning before anyone builds. Commands that name no
 * project file (a module, a binary on PATH, an absolute path in the image) are not checked, nor is
 * a workspace package's command, which runs in the package's folder.
 */
export function missingCmdFile(fs: ProjectFs, facts: ProjectFacts, argv: readonly string[], workspace: boolean): string | undefined {
  if (workspace || facts.stack === 'go' || facts.stack === 'static') return undefined;
  const file = facts.stack === 'node' ? entryFileOf(argv) : /^python3?(\.\d+)?$/.test(argv[0] ?? '') ? scriptOf(argv) : undefined;
  if (file === undefined || file.startsWith('/') || file.startsWith('node_modules/')) return undefined;
  const path = file.replace(/^\.\//, '');
  if (fs.isFile(path)) return undefined;
  if (facts.stack === 'node') {
    const pkg = readPackageJson(fs);
    if (pkg ? entryWillExist(fs, pkg, path) : fs.isFile(`${path}.js`)) return undefined;
  }
  const made = facts.stack === 'node' ? ' and no build step makes it' : '';
  return `--cmd runs ${file}, which is not in the project${made}: the container would stop at start. Check the path (relative to the project folder).`;
}
