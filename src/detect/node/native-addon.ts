import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import type { PackageJson } from './package-json.js';

/**
 * A native addon at the project root: npm runs `node-gyp rebuild` as the root's implicit install
 * script when binding.gyp is there (and package.json has no install/preinstall script of its own,
 * nor `"gypfile": false`), or the project's own install script builds it. The deps stage copies
 * only the manifests, so that script never runs there: without a stage that compiles it, the image
 * has no addon and the app dies at start. The value is the script that builds it.
 */
export function detectNativeAddon(fs: ProjectFs, pkg: PackageJson): Fact<string> | undefined {
  if (!fs.isFile('binding.gyp')) return undefined;
  const own = pkg.scripts['preinstall'] ?? pkg.scripts['install'];
  if (own !== undefined) return fact(own, 'package.json', pkg.scripts['preinstall'] !== undefined ? 'scripts.preinstall' : 'scripts.install', own);
  if (pkg.gypfile === false) return undefined;
  return fact('node-gyp rebuild', 'binding.gyp', undefined, pkg.gypfile ? 'with "gypfile": true in package.json' : 'npm builds it as the root install script');
}
