import { issue } from './catalog.js';
import { commandStack } from './commands.js';
import { copyOperands, flagValue, imageRepository, lineOf, runScript, type Model } from './model.js';
import { IgnoreFile, sourceCovers } from './patterns.js';
import type { BuildContext, Issue } from './types.js';

type Stack = 'node' | 'python' | 'go';

/** The stacks a Dockerfile builds, from its base images and the commands it runs. */
export function dockerfileStacks(model: Model): Set<Stack> {
  const stacks = new Set<Stack>();
  for (const stage of model.stages) {
    const repository = imageRepository(stage.image).split('/').at(-1) ?? '';
    if (/^node(js)?(\d+)?(-|$)/.test(repository)) stacks.add('node');
    if (/^python(\d|-|$)/.test(repository)) stacks.add('python');
    if (repository === 'golang') stacks.add('go');
    for (const instruction of stage.instructions) {
      if (instruction.getKeyword() !== 'RUN') continue;
      for (const { argv } of runScript(instruction).commands) {
        const stack = commandStack(argv);
        if (stack) stacks.add(stack);
      }
    }
  }
  return stacks;
}

/** Lockfiles per stack: excluding one that exists makes the install unreproducible or fail. */
const LOCKFILES: Record<Stack, string[]> = {
  node: ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'],
  python: ['poetry.lock', 'uv.lock', 'Pipfile.lock', 'pdm.lock', 'requirements.txt'],
  go: ['go.sum', 'go.mod'],
};

/** R16, R23: the build context the Dockerfile gets. */
export function checkDockerignore(
  model: Model,
  dockerignore: { path: string; text: string } | null,
  context: BuildContext | undefined,
): { dockerfile: Issue[]; dockerignore: Issue[] } {
  const first = model.dockerfile.getInstructions()[0];
  if (!dockerignore) {
    return { dockerfile: [issue('dockerignore-missing', first ? lineOf(first) : 1, 'no .dockerignore in the build context')], dockerignore: [] };
  }
  const ignore = new IgnoreFile(dockerignore.text);
  const stacks = dockerfileStacks(model);
  const issues: Issue[] = [];
  const firstRule = ignore.rules[0]?.line ?? 1;

  if (ignore.excludedBy('.git') === null) issues.push(issue('dockerignore-entry', firstRule, '.git is not excluded'));
  const envLeaks = ['.env', '.env.local', '.env.production'].filter((file) => ignore.excludedBy(file) === null);
  if (envLeaks.length > 0) issues.push(issue('dockerignore-secrets', firstRule, `${envLeaks.join(', ')} not excluded`));
  if (stacks.has('node') && ignore.excludedBy('node_modules') === null) issues.push(issue('dockerignore-entry', firstRule, 'node_modules is not excluded'));
  if (stacks.has('python') && ignore.excludedBy('.venv') === null) issues.push(issue('dockerignore-entry', firstRule, '.venv is not excluded'));

  const copiedNames = explicitCopySources(model);
  for (const stack of stacks) {
    for (const file of LOCKFILES[stack]) {
      const line = ignore.excludedBy(file);
      if (line === null) continue;
      const named = copiedNames.some((source) => sourceCovers(source, file) && !/[*?[]/.test(source));
      if (named) issues.push(issue('dockerignore-needed', line, `${file} is excluded, but the Dockerfile copies it: the COPY fails`));
      else if (context?.exists(file)) issues.push(issue('dockerignore-needed', line, `${file} is excluded, so the build installs without it`, { severity: 'warning' }));
    }
  }
  if (stacks.has('go')) {
    const line = ignore.excludedBy('vendor/modules.txt');
    const usesVendor = context?.exists('vendor/modules.txt') === true || model.dockerfile.getInstructions().some((i) => /-mod[= ]vendor/.test(i.getArgumentsContent() ?? ''));
    if (line !== null && usesVendor) issues.push(issue('dockerignore-needed', line, 'vendor/ is excluded, but the project vendors its Go modules'));
  }
  return { dockerfile: [], dockerignore: issues };
}

/** Context paths that COPY/ADD name one by one (not `.`). */
function explicitCopySources(model: Model): string[] {
  return model.stages.flatMap((stage) =>
    stage.instructions
      .filter((i) => (i.getKeyword() === 'COPY' || i.getKeyword() === 'ADD') && flagValue(i, 'from') === null)
      .flatMap((i) => copyOperands(i).sources)
      .filter((source) => !/^\.?\/?$/.test(source)),
  );
}
