import type { CiOptions } from './options.js';
import type { Platforms } from './platforms.js';
import { AMD64 } from './platforms.js';
import { gitlabTagScript } from './tags.js';
import type { YamlComment, YamlFile } from './yaml-doc.js';
import { gateCommands, type CiContext } from './gates.js';

export const GITLAB_CI = '.gitlab-ci.yml';

/** Buildah's image, by version (docker/dind would need a privileged runner; Buildah builds as an
 *  ordinary container with chroot isolation and the vfs storage driver). */
export const BUILDAH_IMAGE = 'quay.io/buildah/stable:v1.42.2';
/** The gates need Node.js 20 or later for dockgen. */
export const NODE_IMAGE = 'node:22-slim';

/**
 * The build job's script after the tags: the same `buildah build` the e2e suite runs against a
 * registry on loopback. The registry cache (`--cache-to`) is written only by pipelines that push.
 */
export const GITLAB_BUILD_SCRIPT = [
  'set --',
  'for tag in $TAGS; do set -- "$@" --tag "$IMAGE:$tag"; done',
  'if [ "$PUSH" = true ]; then set -- "$@" --cache-to "$IMAGE/buildcache"; fi',
  'buildah build --layers --cache-from "$IMAGE/buildcache" "$@" --platform "$PLATFORM" --file "$DOCKERFILE" "$CONTEXT"',
].join('\n');

/** Login comes first: the cache is read and written during the build. */
export const GITLAB_LOGIN_SCRIPT = [
  'if [ -n "${REGISTRY_PASSWORD:-}" ]; then',
  '  printf \'%s\' "$REGISTRY_PASSWORD" | buildah login --username "$REGISTRY_USER" --password-stdin "${IMAGE%%/*}"',
  'fi',
].join('\n');

export const GITLAB_PUSH_TAGS = 'if [ "$PUSH" = true ]; then for tag in $TAGS; do buildah push "$IMAGE:$tag"; done; fi';

export function gitlabPipeline(options: CiOptions, platforms: Platforms, context: CiContext): YamlFile {
  const comments: YamlComment[] = [];
  const own = options.registry === undefined;
  const image = own ? (options.image ? `$CI_REGISTRY/${options.image}` : '$CI_REGISTRY_IMAGE') : `${options.registry}/${options.image ?? '$CI_PROJECT_PATH'}`;
  const variables: Record<string, string> = { IMAGE: image, DOCKERFILE: options.dockerfile, CONTEXT: options.context, PLATFORM: AMD64 };
  if (own) Object.assign(variables, { REGISTRY_USER: '$CI_REGISTRY_USER', REGISTRY_PASSWORD: '$CI_REGISTRY_PASSWORD' });
  comments.push({
    path: ['variables', 'PLATFORM'],
    text:
      platforms.platforms.length > 1
        ? `amd64: Buildah on a shared runner has no QEMU for arm64 stages. ${platforms.reason}\nWith binfmt on the runner, linux/amd64,linux/arm64 (and buildah build --manifest) builds both.`
        : platforms.reason,
  });
  if (!own) comments.push({ path: ['variables', 'IMAGE'], text: `CI/CD variables REGISTRY_USER and REGISTRY_PASSWORD (masked): an account that may push to ${options.registry}.` });

  const data = {
    workflow: {
      rules: [
        { if: '$CI_PIPELINE_SOURCE == "merge_request_event"' },
        { if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' },
        { if: '$CI_COMMIT_TAG' },
      ],
    },
    stages: ['check', 'build'],
    variables,
    'dockgen-check': {
      stage: 'check',
      image: NODE_IMAGE,
      script: gateCommands(options, context).map((gate) => gate.command),
    },
    'image-build': {
      stage: 'build',
      image: BUILDAH_IMAGE,
      variables: { STORAGE_DRIVER: 'vfs', BUILDAH_ISOLATION: 'chroot', BUILDAH_FORMAT: 'docker' },
      rules: [
        { if: '$CI_COMMIT_TAG', variables: { PUSH: 'true' } },
        { if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', variables: { PUSH: 'true' } },
        { if: '$CI_PIPELINE_SOURCE == "merge_request_event"', variables: { PUSH: 'false' } },
      ],
      script: [gitlabTagScript(), GITLAB_LOGIN_SCRIPT, GITLAB_BUILD_SCRIPT, GITLAB_PUSH_TAGS],
    },
  };
  comments.push({ path: ['image-build', 'variables', 'BUILDAH_FORMAT'], text: 'The Docker image format keeps HEALTHCHECK (and SHELL), which the OCI format has no field for.' });
  comments.push({ path: ['workflow'], text: 'Pipelines for merge requests, the default branch and tags; merge requests build without pushing.' });
  comments.push({ path: ['image-build'], text: 'Buildah, not docker:dind: dind needs a privileged runner; Buildah runs as an ordinary container\n(chroot isolation, vfs storage). The layer cache lives in the registry, in $IMAGE/buildcache.\nProvenance and SBOM attestations are made by the GitHub workflow (BuildKit); Buildah makes neither here.' });
  comments.push({ path: ['image-build', 'script', 0], text: 'Tags: release tag v1.2.3 gives 1.2.3 and 1.2; always the short commit SHA; a branch its slug. Never `latest`.' });
  return { header: context.header, data, comments };
}
