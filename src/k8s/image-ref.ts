import { DockgenError } from '../errors.js';

/**
 * An image reference as the Docker/OCI distribution grammar has it: `[host[:port]/]path[:tag][@digest]`.
 * Components are lower case `[a-z0-9]` joined by `.`, `_`, `__` or dashes; a tag is up to 128
 * characters of `[A-Za-z0-9_.-]` not starting with `.` or `-`; a digest is `sha256:` and 64 hex digits.
 */
const HOST = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\\d{1,5})?/)';
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REFERENCE = new RegExp(`^(${HOST}?${COMPONENT}(?:/${COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$`);

export interface ImageRef {
  /** The whole reference, as written into the manifest. */
  ref: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/**
 * `--image`: a reference that names one build for good (R20). `latest` and untagged references
 * (which mean `latest`) move under a running Deployment: a restarted pod may run other code than
 * its neighbours, and a rollback has nothing to go back to.
 */
export function parseImageRef(value: string, flag = '--image'): ImageRef {
  const ref = value.trim();
  const match = REFERENCE.exec(ref);
  if (!match) {
    throw new DockgenError(`${flag} "${value}" is not an image reference.`, `Pass [registry/]name:tag in lower case, e.g. ${flag} registry.example.com/team/api:1.4.0.`);
  }
  const [, repository, tag, digest] = match;
  if (tag === undefined && digest === undefined) {
    throw new DockgenError(`${flag} "${value}" has no tag, which means "latest": a tag that moves, so pods of one Deployment could run different builds (R20).`, `Add an immutable tag: the version or the commit, e.g. ${flag} ${repository}:1.4.0 or ${repository}:$(git rev-parse --short HEAD).`);
  }
  if (tag === 'latest') {
    throw new DockgenError(`${flag} "${value}" uses the tag "latest", which moves: pods of one Deployment could run different builds, and a rollback has nothing to return to (R20).`, `Tag with the version or the commit instead, e.g. ${flag} ${repository}:1.4.0.`);
  }
  const parsed: ImageRef = { ref, repository: repository! };
  if (tag !== undefined) parsed.tag = tag;
  if (digest !== undefined) parsed.digest = digest;
  return parsed;
}

/** A version usable as a tag (`1.4.0`, `2.0.0-rc.1`); build metadata (`+sha`) becomes `-sha`. */
export function versionTag(version: string | undefined): string | undefined {
  if (version === undefined) return undefined;
  const tag = version.trim().replace(/^v(?=\d)/, '').replace(/\+/g, '-');
  return /^[\w][\w.-]{0,127}$/.test(tag) && tag !== 'latest' ? tag : undefined;
}
