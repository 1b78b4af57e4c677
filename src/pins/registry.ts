import { createHash } from 'node:crypto';
import { DockgenError } from '../errors.js';
import { DIGEST, isLoopback, registryHost, type ImageReference } from './reference.js';

/** Manifest lists and OCI indexes first: the digest of the index is the one that works on every
 *  platform (a single-platform manifest digest would pin one architecture). */
const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export interface ResolveOptions {
  /** Per request; a registry that does not answer in time is an error, not a hang. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** What the usual connection failures mean for someone reading the error. */
const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'nothing answers there (ECONNREFUSED)',
  ENOTFOUND: 'the host name does not resolve (ENOTFOUND): no network access?',
  EAI_AGAIN: 'the host name does not resolve (EAI_AGAIN): no network access?',
  ENETUNREACH: 'the network is unreachable (ENETUNREACH)',
  ECONNRESET: 'the connection was reset (ECONNRESET)',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
};

/**
 * The digest a registry serves for `reference`'s tag, through the OCI distribution API: HEAD the
 * manifest (GET when the registry leaves out Docker-Content-Digest), and on a 401 with a Bearer
 * challenge, an anonymous token from the realm it names, then once more.
 */
export async function resolveDigest(shown: string, reference: ImageReference, options: ResolveOptions = {}): Promise<string> {
  const host = registryHost(reference);
  const scheme = isLoopback(host) ? 'http' : 'https';
  const url = `${scheme}://${host}/v2/${reference.repository}/manifests/${reference.tag ?? 'latest'}`;
  const fail = (why: string) =>
    new DockgenError(`Cannot resolve the digest of ${shown} at ${host}: ${why}.`, 'Check that the registry is reachable (and the tag exists), or leave out --pin-digests; nothing was written.');
  const get = async (method: string, target: string, headers: Record<string, string>): Promise<Response> => {
    try {
      return await (options.fetch ?? fetch)(target, { method, headers, redirect: 'follow', signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      if ((error as Error).name === 'TimeoutError') throw fail(`no answer within ${(options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000} s`);
      throw fail(cause ? (NETWORK_ERRORS[cause] ?? cause) : (error as Error).message);
    }
  };

  const headers: Record<string, string> = { Accept: ACCEPT };
  let response = await get('HEAD', url, headers);
  if (response.status === 401) {
    const token = await anonymousToken(response.headers.get('www-authenticate'), reference, get, fail, host);
    headers['Authorization'] = `Bearer ${token}`;
    response = await get('HEAD', url, headers);
  }
  if (response.status === 404) throw fail(`the tag ${reference.tag ?? 'latest'} does not exist in ${reference.repository}`);
  if (response.status === 401 || response.status === 403) throw fail(`the registry refuses anonymous access (HTTP ${response.status})`);
  if (!response.ok) throw fail(`HTTP ${response.status}`);
  const digest = response.headers.get('docker-content-digest');
  if (digest && DIGEST.test(digest)) return digest;
  // No digest header: the digest is the SHA-256 of the manifest bytes as served.
  const body = await get('GET', url, headers);
  if (!body.ok) throw fail(`HTTP ${body.status}`);
  return `sha256:${createHash('sha256').update(Buffer.from(await body.arrayBuffer())).digest('hex')}`;
}

/** `Bearer realm="…",service="…",scope="…"` → a token from the realm, asked for anonymously. */
async function anonymousToken(
  challenge: string | null,
  reference: ImageReference,
  get: (method: string, url: string, headers: Record<string, string>) => Promise<Response>,
  fail: (why: string) => DockgenError,
  host: string,
): Promise<string> {
  const params = parseChallenge(challenge ?? '');
  if (!params || !params['realm']) throw fail('the registry asks for credentials (HTTP 401) without a Bearer token challenge');
  let realm: URL;
  try {
    realm = new URL(params['realm']);
  } catch {
    throw fail(`the token realm ${JSON.stringify(params['realm'])} is not a URL`);
  }
  // A token service over plain HTTP is only acceptable next to a loopback registry.
  if (realm.protocol !== 'https:' && !(realm.protocol === 'http:' && isLoopback(realm.host) && isLoopback(host))) throw fail(`the token realm ${realm.origin} is not HTTPS`);
  if (params['service']) realm.searchParams.set('service', params['service']);
  realm.searchParams.set('scope', params['scope'] ?? `repository:${reference.repository}:pull`);
  const response = await get('GET', realm.href, { Accept: 'application/json' });
  if (!response.ok) throw fail(`the token service ${realm.origin} answered HTTP ${response.status}`);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw fail(`the token service ${realm.origin} did not answer JSON`);
  }
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const token = record['token'] ?? record['access_token'];
  if (typeof token !== 'string' || token === '') throw fail(`the token service ${realm.origin} gave no token`);
  return token;
}

/** The auth-params of a Bearer challenge (RFC 7235: key=value or key="quoted value", comma-separated). */
export function parseChallenge(header: string): Record<string, string> | undefined {
  const match = /^\s*Bearer\s+(.*)$/i.exec(header);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  const pair = /([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*(?:,|$)/g;
  for (const m of match[1]!.matchAll(pair)) params[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
  return params;
}
