/**
 * Image references as the engine reads them (the distribution "reference" grammar, with Docker's
 * normalisation): `node:22` is `docker.io/library/node:22`, pulled from registry-1.docker.io.
 */
export interface ImageReference {
  /** Host[:port] as written, or `docker.io` for images without one. */
  domain: string;
  /** The repository path on that registry, `library/` added for Docker Hub's official images. */
  repository: string;
  tag?: string;
  digest?: string;
}

export const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Parses `[domain/]path[:tag][@digest]`; undefined when it is not a valid reference (a variable
 *  left unexpanded, spaces, upper case in the path). */
export function parseReference(text: string): ImageReference | undefined {
  const at = text.indexOf('@');
  const digest = at >= 0 ? text.slice(at + 1) : undefined;
  if (digest !== undefined && !DIGEST.test(digest)) return undefined;
  const named = at >= 0 ? text.slice(0, at) : text;
  const slash = named.lastIndexOf('/');
  const colon = named.lastIndexOf(':');
  const tag = colon > slash ? named.slice(colon + 1) : undefined;
  const name = colon > slash ? named.slice(0, colon) : named;
  if (tag !== undefined && !/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
  const parts = name.split('/');
  const first = parts[0]!;
  // A first part with a dot or a port, or `localhost`, is a registry host (IPv6 in brackets).
  const hasDomain = parts.length > 1 && (/[.:]/.test(first) || first === 'localhost' || first.startsWith('['));
  const domain = hasDomain ? first : 'docker.io';
  const path = (hasDomain ? parts.slice(1) : parts).join('/');
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(path)) return undefined;
  if (hasDomain && !/^(?:[a-zA-Z0-9.-]+|\[[0-9a-fA-F:]+\])(?::\d{1,5})?$/.test(domain)) return undefined;
  const repository = domain === 'docker.io' && !path.includes('/') ? `library/${path}` : path;
  const reference: ImageReference = { domain, repository };
  if (tag !== undefined) reference.tag = tag;
  if (digest !== undefined) reference.digest = digest;
  return reference;
}

/** The host the registry API answers on: Docker Hub's is not docker.io. */
export function registryHost(reference: Pick<ImageReference, 'domain'>): string {
  return reference.domain === 'docker.io' || reference.domain === 'index.docker.io' ? 'registry-1.docker.io' : reference.domain;
}

/** Loopback registries (a local mirror, the tests' registry) speak plain HTTP; every other one
 *  is reached over HTTPS only, so a network attacker cannot hand out digests. */
export function isLoopback(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return name === 'localhost' || name === '127.0.0.1' || name === '[::1]';
}
