import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';

/**
 * A registry that speaks just enough of the OCI distribution API, in the test process: manifests
 * by `repository:tag`, and (with `token`) the anonymous Bearer flow, with its token service on the
 * same port. Records every request, so tests can see what dockgen asked for.
 */
export interface FakeRegistry {
  host: string;
  requests: IncomingMessage[];
  /** Serves `manifest` for repository:tag; returns its digest. */
  put(repository: string, tag: string, manifest: string): string;
  close(): Promise<void>;
}

export async function startFakeRegistry(options: { token?: boolean; digestHeader?: boolean; delayMs?: number } = {}): Promise<FakeRegistry> {
  const manifests = new Map<string, string>();
  const requests: IncomingMessage[] = [];
  const TOKEN = 'anonymous-token-123';
  let port = 0;
  const server: Server = createServer((req, res) => {
    requests.push(req);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const reply = () => {
      if (url.pathname === '/token') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: TOKEN, expires_in: 300 }));
        return;
      }
      const match = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
      if (!match) return void res.writeHead(404).end();
      if (options.token && req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.writeHead(401, { 'www-authenticate': `Bearer realm="http://127.0.0.1:${port}/token",service="fake-registry",scope="repository:${match[1]}:pull"` }).end();
        return;
      }
      const manifest = manifests.get(`${match[1]}:${match[2]}`);
      if (manifest === undefined) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
      const headers: Record<string, string> = { 'content-type': 'application/vnd.oci.image.index.v1+json', 'content-length': String(Buffer.byteLength(manifest)) };
      if (options.digestHeader !== false) headers['docker-content-digest'] = digestOf(manifest);
      res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : manifest);
    };
    if (options.delayMs) setTimeout(reply, options.delayMs);
    else reply();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    put(repository, tag, manifest) {
      manifests.set(`${repository}:${tag}`, manifest);
      return digestOf(manifest);
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export function digestOf(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}
