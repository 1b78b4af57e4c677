import { ACTIONS, usesValue, type ActionKey } from './actions.js';
import type { CiOptions } from './options.js';
import type { Platforms } from './platforms.js';
import { METADATA_TAGS } from './tags.js';
import type { YamlComment, YamlFile } from './yaml-doc.js';
import { gateCommands, type CiContext } from './gates.js';

export const GITHUB_WORKFLOW = '.github/workflows/docker.yml';

/** GitHub's own registry takes the job's token; any other registry takes two repository secrets. */
function login(options: CiOptions): { registry: string; username: string; password: string; packages: boolean } {
  const registry = options.registry ?? 'ghcr.io';
  if (registry === 'ghcr.io') return { registry, username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}', packages: true };
  return { registry, username: '${{ secrets.REGISTRY_USERNAME }}', password: '${{ secrets.REGISTRY_PASSWORD }}', packages: false };
}

/**
 * The GitHub Actions workflow: a job with dockgen's gates, then a BuildKit build (Buildx) that
 * pushes only from the default branch and release tags.
 */
export function githubWorkflow(options: CiOptions, platforms: Platforms, context: CiContext): YamlFile {
  const comments: YamlComment[] = [];
  const auth = login(options);
  const image = `${options.registry ?? 'ghcr.io'}/${options.image ?? '${{ github.repository }}'}`;
  const multi = platforms.platforms.length > 1;
  const push = "env.PUSH == 'true'";
  const step = (key: ActionKey, rest: Record<string, unknown>, at: ReadonlyArray<string | number>) => {
    comments.push({ path: [...at, 'uses'], text: ACTIONS[key].version, inline: true });
    // name, uses, with: the order people read a step in.
    const { with: inputs, ...head } = rest;
    return inputs === undefined ? { ...head, uses: usesValue(key) } : { ...head, uses: usesValue(key), with: inputs };
  };
  const checkSteps: unknown[] = [];
  checkSteps.push(step('checkout', { with: { 'persist-credentials': false } }, ['jobs', 'check', 'steps', 0]));
  for (const gate of gateCommands(options, context)) checkSteps.push({ name: gate.name, run: gate.command });

  const buildSteps: Array<Record<string, unknown>> = [];
  const at = () => ['jobs', 'build', 'steps', buildSteps.length];
  buildSteps.push(step('checkout', { with: { 'persist-credentials': false } }, at()));
  comments.push({ path: [...at()], text: 'Registries take lower-case names only; the repository name may have capitals.' });
  buildSteps.push({ name: 'Image name', id: 'image', run: 'echo "name=${IMAGE,,}" >> "$GITHUB_OUTPUT"' });
  if (multi) {
    comments.push({ path: [...at()], text: 'arm64 stages that run commands (installs, the runtime\'s setup) run under QEMU.' });
    buildSteps.push(step('setupQemu', { name: 'Set up QEMU', with: { platforms: 'arm64' } }, at()));
  }
  buildSteps.push(step('setupBuildx', { name: 'Set up Buildx' }, at()));
  buildSteps.push(step('login', { name: 'Log in to the registry', if: push, with: { registry: auth.registry, username: auth.username, password: auth.password } }, at()));
  comments.push({ path: [...at(), 'with', 'tags'], text: 'Release tag v1.2.3: 1.2.3 and 1.2; always the short commit SHA; a branch: its name; a pull request: pr-<n>.\nNo `latest`: a tag that moves cannot say which code runs.' });
  buildSteps.push(step('metadata', { name: 'Tags and labels', id: 'meta', with: { images: '${{ steps.image.outputs.name }}', tags: METADATA_TAGS.join('\n') + '\n', flavor: 'latest=false' } }, at()));
  const buildIndex = buildSteps.length;
  buildSteps.push(
    step(
      'buildPush',
      {
        name: 'Build and push',
        with: {
          context: options.context,
          file: options.dockerfile,
          platforms: platforms.platforms.join(','),
          push: '${{ ' + push + ' }}',
          tags: '${{ steps.meta.outputs.tags }}',
          labels: '${{ steps.meta.outputs.labels }}',
          annotations: '${{ steps.meta.outputs.annotations }}',
          'cache-from': 'type=registry,ref=${{ steps.image.outputs.name }}:buildcache',
          'cache-to': "${{ env.PUSH == 'true' && format('type=registry,ref={0}:buildcache,mode=max', steps.image.outputs.name) || '' }}",
          provenance: 'mode=max',
          sbom: true,
        },
      },
      at(),
    ),
  );
  const built = ['jobs', 'build', 'steps', buildIndex, 'with'];
  comments.push({ path: [...built, 'platforms'], text: platforms.reason });
  comments.push({ path: [...built, 'cache-from'], text: 'Layer cache in the registry, next to the image: every stage (mode=max), written only by builds that push.' });
  comments.push({ path: [...built, 'provenance'], text: 'Attestations pushed with the image: how it was built (SLSA provenance) and what it holds (SBOM).' });

  comments.push({ path: ['permissions'], text: 'Nothing by default; each job asks for what it needs.' });
  comments.push({ path: ['jobs', 'build', 'env', 'PUSH'], text: 'Push from the default branch and tags only; pull requests build without pushing.' });
  if (!auth.packages) comments.push({ path: ['jobs', 'build', 'steps', buildIndex - 2, 'with', 'username'], text: `Repository secrets REGISTRY_USERNAME and REGISTRY_PASSWORD: an account that may push to ${auth.registry}.` });

  const data = {
    name: 'docker',
    on: {
      push: { branches: [options.branch], tags: ['v*'] },
      pull_request: { branches: [options.branch] },
      workflow_dispatch: {},
    },
    permissions: {},
    concurrency: { group: 'docker-${{ github.ref }}', 'cancel-in-progress': "${{ github.event_name == 'pull_request' }}" },
    env: { IMAGE: image },
    jobs: {
      check: { name: 'dockgen checks', 'runs-on': 'ubuntu-24.04', permissions: { contents: 'read' }, 'timeout-minutes': 10, steps: checkSteps },
      build: {
        name: 'Build image',
        needs: 'check',
        'runs-on': 'ubuntu-24.04',
        permissions: auth.packages ? { contents: 'read', packages: 'write' } : { contents: 'read' },
        'timeout-minutes': 60,
        env: { PUSH: "${{ github.event_name != 'pull_request' && (github.ref_type == 'tag' || github.ref_name == github.event.repository.default_branch) }}" },
        steps: buildSteps,
      },
    },
  };
  return { header: context.header, data, comments };
}
