import type { Fact } from '../detect/evidence.js';
import type { CopyStep, RunStep } from './types.js';
import { aptInstall } from './steps.js';

/** Where the official node images keep the Node.js headers (include/node), as its tarball lays them out. */
const NODE_PREFIX = '/usr/local';

/** The stage that compiles a native addon at the project root. */
export interface AddonStage {
  comments: string[];
  toolchain: RunStep;
  env: Array<[string, string]>;
  rebuild: RunStep;
}

/**
 * A binding.gyp at the root is compiled in a stage of its own: a C++ toolchain from Debian (what
 * node-gyp needs: python3, make, g++), the full install, the source, then `npm rebuild`, which runs
 * the root's install script (npm's implicit `node-gyp rebuild`). npm_config_nodedir points node-gyp
 * at the headers the node image carries, instead of downloading them from nodejs.org (which also
 * makes the build work offline). Only the compiled .node files reach the final stage: the
 * toolchain, object files and dev dependencies stay here (R10, R13).
 */
export function planAddonStage(addon: Fact<string>): { stage: AddonStage; copy: CopyStep } {
  return {
    stage: {
      comments: [
        `The native addon (${addonSource(addon)}): npm rebuild runs \`${addon.value}\` against the Node.js headers of the image`,
        '(npm_config_nodedir: nothing downloaded). The toolchain stays here; only the compiled .node files ship (R10, R13).',
      ],
      toolchain: aptInstall(['python3', 'make', 'g++']),
      env: [['npm_config_nodedir', NODE_PREFIX]],
      rebuild: { parts: ['npm rebuild', "&& find build -type f ! -name '*.node' -delete"] },
    },
    copy: { from: 'addon', sources: ['/app/build'], dest: './build' },
  };
}

/** binding.gyp, or the package.json script that builds the addon. */
export function addonSource(addon: Fact<string>): string {
  return addon.evidence.field ? `${addon.evidence.source} ${addon.evidence.field}` : addon.evidence.source;
}
