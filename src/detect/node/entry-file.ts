import { posix } from 'node:path';
import type { ProjectFs } from '../fs.js';
import type { PackageJson } from './package-json.js';
import { readTsConfig } from './typescript.js';

/** Folders that build tools write to: an entry under one of them is made by the build. */
const BUILD_OUTPUT_DIRS = ['dist', 'build', 'lib', 'out', 'output', '.output', 'bundle', '.next', 'server/build', '.build'];

/**
 * Whether the file a start command runs will be there when the container starts: it is in the
 * project, or the build script makes it. A build "makes" it when the file lies in a build output
 * folder (tsconfig's outDir among them), has a TypeScript source of the same name, or is named in
 * the build script itself (`esbuild src/app.ts --outfile=server.js`). Anything else (a start
 * script for a file nobody wrote) would give an image whose command cannot start.
 */
export function entryWillExist(fs: ProjectFs, pkg: PackageJson, file: string): boolean {
  const path = posix.normalize(file).replace(/^\.\//, '');
  if (fs.isFile(path) || fs.isFile(`${path}.js`) || fs.isFile(posix.join(path, 'index.js'))) return true;
  const build = pkg.scripts['build'];
  if (build === undefined) return false;
  const outDirs = [...BUILD_OUTPUT_DIRS, readTsConfig(fs)?.outDir].filter((dir): dir is string => dir !== undefined && dir !== '.');
  // Also inside a workspace package (packages/api/dist/server.js, built by the root's build).
  const folders = path.split('/').slice(0, -1).map((_, i, parts) => parts.slice(i).join('/'));
  if (outDirs.some((dir) => folders.some((folder) => folder === dir || folder.startsWith(`${dir}/`)))) return true;
  const stem = path.replace(/\.[cm]?js$/, '');
  if (['.ts', '.mts', '.cts', '.tsx'].some((ext) => fs.isFile(stem + ext) || fs.isFile(`src/${posix.basename(stem)}${ext}`))) return true;
  return build.includes(path) || build.includes(posix.basename(path));
}

/** Why a start command's entry is passed over, for warnings and the refusal. */
export function missingEntryNote(where: string, file: string, hasBuild: boolean): string {
  return `${where} runs ${file}, which is not in the project${hasBuild ? ' and not something the build script writes' : ' (and there is no build script to make it)'}; looking elsewhere for the start command.`;
}
