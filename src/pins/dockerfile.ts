import { DockgenError } from '../errors.js';
import { parseReference } from './reference.js';

/** A FROM line of a generated Dockerfile: `FROM [--flags] image [AS name]`. */
const FROM = /^FROM((?:\s+--\S+)*)\s+(\S+)(\s+AS\s+\S+)?\s*$/i;

/** A pinned image: what the Dockerfile pulls (variables expanded), and its digest. */
export type Digests = Record<string, string>;

/** The images a generated Dockerfile pulls, in order and without repeats: stages and `scratch`
 *  are not images; `${VERSION}` comes from the file's global ARGs. */
export function baseImages(dockerfile: string, args: ReadonlyMap<string, string>): string[] {
  const images: string[] = [];
  forEachFrom(dockerfile, args, (image) => {
    if (!images.includes(image)) images.push(image);
  });
  return images;
}

/**
 * Writes each base image literally, as `image:tag@sha256:…`: the tag for people, the digest for
 * the builder. Literal rather than `node:${NODE_VERSION}-slim@…`, because a digest fixes the
 * version anyway (a --build-arg would be silently ignored), and because Renovate and Dependabot
 * only refresh references they can read without evaluating ARGs.
 */
export function pinDockerfile(dockerfile: string, args: ReadonlyMap<string, string>, digests: Digests): string {
  // "Change them here" is no longer true of a pinned image's version: say what moves it.
  const header = dockerfile.replace(VERSIONS_HEADER, PINNED_HEADER);
  return forEachFrom(header, args, (image, line, match) => {
    const digest = digests[image];
    if (!digest) throw new Error(`no digest for ${image}`);
    const [, flags = '', , as = ''] = match;
    return `FROM${flags} ${image}@${digest}${as}`;
  });
}

/** The built-in header's line above the version ARGs (an org's own header template is left alone). */
const VERSIONS_HEADER = /^# Versions: change them here, in one place \(R19\)\.$/m;
const PINNED_HEADER = '# Versions, in one place (R19). The base images are pinned by digest, which fixes their versions: move them with `dockgen update` or a version flag, not by editing the ARGs.';

/** Pinned FROM lines of a Dockerfile on disk: image → digest (an earlier run, or Renovate's refresh). */
export function pinnedImages(dockerfile: string): Digests {
  const digests: Digests = {};
  for (const line of dockerfile.split('\n')) {
    const image = FROM.exec(line)?.[2];
    const at = image?.indexOf('@') ?? -1;
    if (image === undefined || at < 0) continue;
    const reference = parseReference(image);
    if (reference?.digest) digests[image.slice(0, at)] = reference.digest;
  }
  return digests;
}

/** The Dockerfile with every digest replaced by the same placeholder: what `dockgen --check`
 *  compares, so that CI without registry access still checks everything but the digests. */
export function maskDigests(dockerfile: string): string {
  return dockerfile.replace(/@sha256:[0-9a-f]{64}\b/g, '@sha256:…');
}

function forEachFrom(dockerfile: string, args: ReadonlyMap<string, string>, visit: (image: string, line: string, match: RegExpExecArray) => string | void): string {
  const stages = new Set<string>();
  return dockerfile
    .split('\n')
    .map((line) => {
      const match = FROM.exec(line);
      if (!match) return line;
      const written = match[2]!;
      const stage = match[3]?.trim().split(/\s+/)[1];
      const isStage = stages.has(written) || written === 'scratch';
      if (stage) stages.add(stage);
      if (isStage) return line;
      const image = written.replace(/\$\{(\w+)\}|\$(\w+)/g, (all, a: string | undefined, b: string | undefined) => args.get(a ?? b ?? '') ?? all);
      const reference = parseReference(image);
      if (!reference || reference.digest) {
        throw new DockgenError(`Cannot pin the base image ${image}: it is not a plain image:tag reference.`, 'Give its version ARG a default, or leave out --pin-digests.');
      }
      return visit(image, line, match) ?? line;
    })
    .join('\n');
}

/** Each pinned FROM image's digest replaced with `digests[image]` where there is one. */
export function restoreDigests(dockerfile: string, digests: Digests): string {
  return dockerfile
    .split('\n')
    .map((line) => {
      const match = FROM.exec(line);
      const image = match?.[2];
      const at = image?.indexOf('@') ?? -1;
      if (!match || image === undefined || at < 0) return line;
      const recorded = digests[image.slice(0, at)];
      return recorded ? line.replace(image, `${image.slice(0, at)}@${recorded}`) : line;
    })
    .join('\n');
}
