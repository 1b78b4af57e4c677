/**
 * Which tags an image gets, from git: the short commit SHA always; on a release tag `v1.2.3` the
 * version (`1.2.3`) and `1.2` as well (not for a pre-release `v1.2.3-rc.1`, which gets only its
 * own version); on a branch, the branch name; on a pull request, `pr-<n>`. Never `latest`: a tag
 * that moves cannot say which code runs, and deployments name a version or a commit.
 *
 * GitHub computes them with docker/metadata-action from `METADATA_TAGS` (below); GitLab with the
 * shell in `gitlabTagScript`. `computeTags` states the same rules in TypeScript: the tests hold
 * the GitLab script to it on a real repository, and the e2e build pushes what it returns.
 */
export type GitRef = { kind: 'tag'; name: string } | { kind: 'branch'; name: string } | { kind: 'pr'; number: number };

export type Provider = 'github' | 'gitlab';
export const PROVIDERS: readonly Provider[] = ['github', 'gitlab'];

/** metadata-action's short SHA is 7 characters; GitLab's CI_COMMIT_SHORT_SHA is 8. */
export const SHORT_SHA: Record<Provider, number> = { github: 7, gitlab: 8 };

/** A release tag, with or without the `v`; SemVer's pre-release part allowed, build metadata not
 *  (`+` cannot be in an image tag). */
const RELEASE = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/;

/** docker/metadata-action `tags` input: one rule a line, in the order the tags are listed. */
export const METADATA_TAGS = [
  'type=semver,pattern={{version}}',
  'type=semver,pattern={{major}}.{{minor}}',
  'type=sha,prefix=,format=short',
  'type=ref,event=branch',
  'type=ref,event=pr',
];

export function computeTags(ref: GitRef, sha: string, provider: Provider): string[] {
  const short = sha.slice(0, SHORT_SHA[provider]);
  if (ref.kind === 'pr') return [short, `${provider === 'gitlab' ? 'mr' : 'pr'}-${ref.number}`];
  if (ref.kind === 'branch') return [short, provider === 'gitlab' ? refSlug(ref.name) : branchTag(ref.name)];
  const release = RELEASE.exec(ref.name);
  if (!release) return [short];
  const version = ref.name.replace(/^v/, '');
  return release[4] ? [version, short] : [version, `${release[1]}.${release[2]}`, short];
}

/** GitLab's CI_COMMIT_REF_SLUG: lower case, anything but a-z0-9 as `-`, at most 63 characters, no
 *  `-` at either end. */
export function refSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '-')
    .slice(0, 63)
    .replace(/^-+|-+$/g, '');
}

/** metadata-action's branch tag: characters a tag cannot hold become `-`. */
function branchTag(name: string): string {
  return name.replace(/[^a-zA-Z0-9._-]/g, '-').replace(/^[.-]+/, '').slice(0, 128);
}

/**
 * The GitLab job's tag computation (POSIX sh), the same rules as `computeTags`: the commit's short
 * SHA, then the version and major.minor on a release tag, or the branch's slug on a branch.
 * It sets `TAGS` (space-separated).
 */
export function gitlabTagScript(): string {
  return [
    'TAGS="$CI_COMMIT_SHORT_SHA"',
    'if [ -n "${CI_COMMIT_TAG:-}" ]; then',
    `  if printf '%s\\n' "$CI_COMMIT_TAG" | grep -Eq '${RELEASE.source.replace(/\\d/g, '[0-9]')}'; then`,
    '    VERSION="${CI_COMMIT_TAG#v}"',
    '    case "$VERSION" in',
    '      *-*) TAGS="$VERSION $TAGS" ;;',
    '      *) TAGS="$VERSION ${VERSION%.*} $TAGS" ;;',
    '    esac',
    '  fi',
    'elif [ -n "${CI_MERGE_REQUEST_IID:-}" ]; then',
    '  TAGS="$TAGS mr-$CI_MERGE_REQUEST_IID"',
    'else',
    '  TAGS="$TAGS $CI_COMMIT_REF_SLUG"',
    'fi',
    'echo "tags: $TAGS"',
  ].join('\n');
}
