import { afterEach, describe, expect, it } from 'vitest';
import { isLoopback, parseReference, registryHost } from '../../src/pins/reference.js';
import { parseChallenge, resolveDigest } from '../../src/pins/registry.js';
import { DockgenError } from '../../src/errors.js';
import { startFakeRegistry, type FakeRegistry } from '../helpers/fake-registry.js';

describe('image references', () => {
  it('maps Docker Hub short names to library/ on registry-1.docker.io', () => {
    expect(parseReference('node:22.11.0-bookworm-slim')).toEqual({ domain: 'docker.io', repository: 'library/node', tag: '22.11.0-bookworm-slim' });
    expect(parseReference('nginxinc/nginx-unprivileged:1.30.6-trixie')).toEqual({ domain: 'docker.io', repository: 'nginxinc/nginx-unprivileged', tag: '1.30.6-trixie' });
    expect(registryHost(parseReference('node:22')!)).toBe('registry-1.docker.io');
    expect(registryHost(parseReference('docker.io/library/node:22')!)).toBe('registry-1.docker.io');
  });

  it('reads registry hosts, ports and digests', () => {
    expect(parseReference('gcr.io/distroless/static-debian12:nonroot')).toEqual({ domain: 'gcr.io', repository: 'distroless/static-debian12', tag: 'nonroot' });
    expect(parseReference('127.0.0.1:5000/mirror/library/node:22')).toEqual({ domain: '127.0.0.1:5000', repository: 'mirror/library/node', tag: '22' });
    expect(parseReference('localhost/app:1')?.domain).toBe('localhost');
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(parseReference(`node:22@${digest}`)).toEqual({ domain: 'docker.io', repository: 'library/node', tag: '22', digest });
  });

  it('refuses what is not a reference', () => {
    for (const bad of ['node:${NODE_VERSION}', 'Node:22', 'node:22@sha256:abc', 'node 22', 'node:-x', '']) expect(parseReference(bad), bad).toBeUndefined();
  });

  it('treats only loopback hosts as plain-HTTP registries', () => {
    expect(isLoopback('127.0.0.1:5000')).toBe(true);
    expect(isLoopback('localhost:5000')).toBe(true);
    expect(isLoopback('[::1]:5000')).toBe(true);
    expect(isLoopback('127.0.0.1.example.com')).toBe(false);
    expect(isLoopback('registry.example.com')).toBe(false);
    expect(isLoopback('10.0.0.1:5000')).toBe(false);
  });
});

describe('Bearer challenges', () => {
  it('reads quoted and bare parameters', () => {
    expect(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"')).toEqual({
      realm: 'https://auth.docker.io/token',
      service: 'registry.docker.io',
      scope: 'repository:library/node:pull',
    });
    expect(parseChallenge('bearer realm=https://x/token, service=x')).toEqual({ realm: 'https://x/token', service: 'x' });
    expect(parseChallenge('Basic realm="x"')).toBeUndefined();
  });
});

describe('resolveDigest against a registry in the test process', () => {
  let registry: FakeRegistry | undefined;
  afterEach(async () => {
    await registry?.close();
    registry = undefined;
  });

  it('asks for manifest lists and OCI indexes and returns Docker-Content-Digest', async () => {
    registry = await startFakeRegistry();
    const digest = registry.put('mirror/library/node', '22.11.0-bookworm-slim', '{"schemaVersion":2,"manifests":[]}');
    const image = `${registry.host}/mirror/library/node:22.11.0-bookworm-slim`;
    expect(await resolveDigest(image, parseReference(image)!)).toBe(digest);
    const [request] = registry.requests;
    expect(request!.method).toBe('HEAD');
    expect(request!.headers.accept).toContain('application/vnd.oci.image.index.v1+json');
    expect(request!.headers.accept).toContain('application/vnd.docker.distribution.manifest.list.v2+json');
  });

  it('follows the anonymous Bearer token flow on a 401', async () => {
    registry = await startFakeRegistry({ token: true });
    const digest = registry.put('team/api-base', '1.2.3', '{"schemaVersion":2}');
    const image = `${registry.host}/team/api-base:1.2.3`;
    expect(await resolveDigest(image, parseReference(image)!)).toBe(digest);
    const urls = registry.requests.map((r) => `${r.method} ${r.url}`);
    expect(urls[0]).toBe('HEAD /v2/team/api-base/manifests/1.2.3');
    expect(urls[1]).toBe('GET /token?service=fake-registry&scope=repository%3Ateam%2Fapi-base%3Apull');
    expect(urls[2]).toBe('HEAD /v2/team/api-base/manifests/1.2.3');
    expect(registry.requests[2]!.headers.authorization).toBe('Bearer anonymous-token-123');
    expect(registry.requests[1]!.headers.authorization).toBeUndefined();
  });

  it('hashes the manifest itself when the registry sends no digest header', async () => {
    registry = await startFakeRegistry({ digestHeader: false });
    const digest = registry.put('library/node', '22', '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json"}');
    const image = `${registry.host}/library/node:22`;
    expect(await resolveDigest(image, parseReference(image)!)).toBe(digest);
    expect(registry.requests.map((r) => r.method)).toEqual(['HEAD', 'GET']);
  });

  it('names the image and the registry when the tag does not exist (exit 2)', async () => {
    registry = await startFakeRegistry();
    const image = `${registry.host}/library/node:99.0.0`;
    const error = await resolveDigest(image, parseReference(image)!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DockgenError);
    expect((error as DockgenError).message).toBe(`Cannot resolve the digest of ${image} at ${registry.host}: the tag 99.0.0 does not exist in library/node.`);
    expect((error as DockgenError).exitCode).toBe(2);
  });

  it('gives up after the timeout instead of hanging', async () => {
    registry = await startFakeRegistry({ delayMs: 3000 });
    registry.put('library/node', '22', '{}');
    const image = `${registry.host}/library/node:22`;
    const started = Date.now();
    await expect(resolveDigest(image, parseReference(image)!, { timeoutMs: 200 })).rejects.toThrow(/no answer within 0 s|no answer within/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports a registry that nothing listens on', async () => {
    registry = await startFakeRegistry();
    const host = registry.host;
    await registry.close();
    registry = undefined;
    await expect(resolveDigest(`${host}/library/node:22`, parseReference(`${host}/library/node:22`)!)).rejects.toThrow(`Cannot resolve the digest of ${host}/library/node:22 at ${host}: nothing answers there (ECONNREFUSED).`);
  });
});

describe('resolveDigest over the network (requests captured, not sent)', () => {
  const captured: string[] = [];
  const fakeFetch = (async (url: string | URL | Request, init?: RequestInit) => {
    captured.push(`${init?.method} ${String(url)}`);
    if (String(url).startsWith('https://registry-1.docker.io/') && captured.length === 1) {
      return new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"' } });
    }
    if (String(url).startsWith('https://auth.docker.io/')) return Response.json({ access_token: 't' });
    return new Response(null, { status: 200, headers: { 'docker-content-digest': `sha256:${'b'.repeat(64)}` } });
  }) as typeof fetch;

  it('uses HTTPS and Docker Hub hosts for short names', async () => {
    captured.length = 0;
    expect(await resolveDigest('node:22', parseReference('node:22')!, { fetch: fakeFetch })).toBe(`sha256:${'b'.repeat(64)}`);
    expect(captured).toEqual([
      'HEAD https://registry-1.docker.io/v2/library/node/manifests/22',
      'GET https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Fnode%3Apull',
      'HEAD https://registry-1.docker.io/v2/library/node/manifests/22',
    ]);
  });

  it('refuses a token realm over plain HTTP for a remote registry', async () => {
    const insecure = (async () => new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer realm="http://auth.example.com/token"' } })) as unknown as typeof fetch;
    await expect(resolveDigest('registry.example.com/app:1', parseReference('registry.example.com/app:1')!, { fetch: insecure })).rejects.toThrow('the token realm http://auth.example.com is not HTTPS');
  });

  it('refuses a digest header that is not a sha256 digest, and hashes the body instead', async () => {
    const odd = (async (_url: string, init?: RequestInit) =>
      init?.method === 'HEAD' ? new Response(null, { status: 200, headers: { 'docker-content-digest': 'sha256:../../x' } }) : new Response('{}')) as unknown as typeof fetch;
    expect(await resolveDigest('registry.example.com/app:1', parseReference('registry.example.com/app:1')!, { fetch: odd })).toBe('sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });
});
