import { operands, programName } from './shell.js';

/**
 * What a simple command does, for the rules: which package manager, which verb. Works on argv
 * from the shell parser, so `echo "npm install"` is an echo, not an install.
 */

/** `pip install`, `pip3 install`, `python3 -m pip install`, `pip3.12 install`: the words after `install`. */
export function pipInstallArgs(argv: string[]): string[] | null {
  const program = programName(argv[0]);
  let rest: string[] | null = null;
  if (/^pip(\d+(\.\d+)?)?$/.test(program)) rest = argv.slice(1);
  else if (/^python(\d+(\.\d+)?)?$/.test(program) && argv[1] === '-m' && argv[2] === 'pip') rest = argv.slice(3);
  if (!rest) return null;
  const verb = rest.findIndex((w) => !w.startsWith('-'));
  return rest[verb] === 'install' ? rest.slice(verb + 1) : null;
}

/** apt-get/apt with its verb (the first word that is not an option or an option's value). */
export function aptVerb(argv: string[]): string | null {
  if (!['apt-get', 'apt'].includes(programName(argv[0]))) return null;
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '-o' || word === '-c' || word === '-t') i++;
    else if (!word.startsWith('-')) return word;
  }
  return null;
}

export function apkVerb(argv: string[]): string | null {
  if (programName(argv[0]) !== 'apk') return null;
  return argv.slice(1).find((w) => !w.startsWith('-')) ?? null;
}

export type NodeManager = 'npm' | 'yarn' | 'pnpm' | 'bun';

/** `npm ci` and its aliases. */
export const NPM_CI = ['ci', 'clean-install', 'ic', 'install-clean', 'isntall-clean'];

/** The project-dependency install of a Node.js package manager: `npm ci`, `npm install` (no
 *  package names), `yarn`, `yarn install`, `pnpm install`, `bun install`. Not `npm install -g x`. */
export function nodeInstall(argv: string[]): { manager: NodeManager; verb: string } | null {
  const program = programName(argv[0]);
  // A Yarn release the project vendors, run with node (`node .yarn/releases/yarn-4.5.0.cjs install`), is Yarn.
  if (program === 'node' && argv[1] !== undefined && /(^|\/)yarn[^/]*\.c?js$/.test(argv[1])) return nodeInstall(['yarn', ...argv.slice(2)]);
  if (!['npm', 'yarn', 'pnpm', 'bun'].includes(program)) return null;
  const manager = program as NodeManager;
  const verbIndex = argv.findIndex((w, i) => i > 0 && !w.startsWith('-'));
  const verb = verbIndex < 0 ? '' : argv[verbIndex]!;
  if (manager === 'yarn' && verb === '') return { manager, verb: 'install' };
  const installVerbs = manager === 'npm' ? [...NPM_CI, 'install', 'i'] : manager === 'yarn' ? ['install'] : ['install', 'i'];
  if (!installVerbs.includes(verb)) return null;
  if (argv.some((w) => w === '-g' || w === '--global')) return null;
  // Package names after the verb mean "add these packages", not "install the lockfile".
  if (manager !== 'yarn' && !NPM_CI.includes(verb) && operands(argv, verbIndex + 1).some((w) => !w.startsWith('$') && !isOptionValue(argv, w))) return null;
  return { manager, verb };
}

/** Values of `--prefix dir`-style options are not package names. */
function isOptionValue(argv: string[], word: string): boolean {
  const index = argv.indexOf(word);
  return index > 0 && /^--(prefix|cache|registry|userconfig|store-dir|dir|filter|workspace|omit|include|loglevel)$/.test(argv[index - 1]!);
}

/** An install of the project's dependencies from its manifests (any stack): what R5 wants after
 *  the manifests and before the source. Named-package installs (`pip install gunicorn`) are not. */
export function isDependencyInstall(argv: string[]): boolean {
  if (nodeInstall(argv)) return true;
  const pip = pipInstallArgs(argv);
  // `pip install --no-deps .` after the source COPY installs only the project itself: the
  // manifests-first pattern for packages (dependencies were installed before the source).
  if (pip) return !pip.includes('--no-deps') && pip.some((w) => w === '-r' || w.startsWith('--requirement') || /^-r\S/.test(w) || w === '.' || w === './');
  const program = programName(argv[0]);
  if (program === 'poetry' && argv[1] === 'install') return true;
  if (program === 'uv' && (argv[1] === 'sync' || (argv[1] === 'pip' && argv[2] === 'install' && argv.some((w) => w === '-r' || w === '.')))) return true;
  if (program === 'pipenv' && argv[1] === 'install' && operands(argv, 2).length === 0) return true;
  if (program === 'go' && argv[1] === 'mod' && argv[2] === 'download') return true;
  // `pnpm fetch` fills the store from the lockfile alone: pnpm's manifests-first step for Docker.
  if (program === 'pnpm' && argv[1] === 'fetch') return true;
  if (program === 'bundle' && (argv[1] === 'install' || argv.length === 1)) return true;
  if (program === 'composer' && argv[1] === 'install') return true;
  return false;
}

/** Which stack a command belongs to, for the .dockerignore checks. */
export function commandStack(argv: string[]): 'node' | 'python' | 'go' | null {
  const program = programName(argv[0]);
  if (['npm', 'npx', 'yarn', 'pnpm', 'bun', 'node'].includes(program)) return 'node';
  if (pipInstallArgs(argv) || ['poetry', 'uv', 'pipenv'].includes(program) || /^python(\d+(\.\d+)?)?$/.test(program)) return 'python';
  if (program === 'go') return 'go';
  return null;
}
