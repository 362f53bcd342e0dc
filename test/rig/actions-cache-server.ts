import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the GitHub Actions cache service v2, as `@actions/cache` 6 speaks to it: Twirp JSON calls
 * under `/twirp/github.actions.results.api.v1.CacheService/`, then the archive uploaded to and downloaded from
 * a signed blob URL (Azure Blob style: one PUT, or `comp=block` parts and a `comp=blocklist` commit).
 */

const TWIRP = '/twirp/github.actions.results.api.v1.CacheService/';

export type CacheMethod = 'GetCacheEntryDownloadURL' | 'CreateCacheEntry' | 'FinalizeCacheEntryUpload';

export interface CacheEntry {
  key: string;
  version: string;
  id: number;
  createdAt: number;
  finalized: boolean;
  data: Buffer | undefined;
}

/** What to break, for the error paths: every fault applies until cleared. */
export interface CacheFaults {
  /** Answer CreateCacheEntry with Twirp `already_exists` (HTTP 409), as when another job reserved the key. */
  conflictOnCreate?: boolean;
  /** A read-only token: CreateCacheEntry answers `ok: false` with the service's `cache write denied:` message. */
  readOnlyToken?: boolean;
  /** A token without read scopes: GetCacheEntryDownloadURL answers 403 `cache read denied:`. */
  denyRead?: boolean;
  /** Destroy the connection, unanswered, on these calls. */
  resetConnection?: CacheMethod[];
}

export interface ActionsCacheServer extends AsyncDisposable {
  url: string;
  /** The variables a job gets for cache service v2; `GITHUB_SERVER_URL` must stay unset (or github.com). */
  env: Record<string, string>;
  /** Every request, in order: `POST CreateCacheEntry`, `PUT blob`, `GET blob`, … */
  requests: string[];
  entries: CacheEntry[];
  faults: CacheFaults;
  close(): Promise<void>;
}

export async function startActionsCacheServer(): Promise<ActionsCacheServer> {
  const entries: CacheEntry[] = [];
  const requests: string[] = [];
  const blocks = new Map<number, Map<string, Buffer>>();
  const faults: CacheFaults = {};
  let nextId = 1;
  let baseUrl = '';

  const blobUrl = (entry: CacheEntry) => `${baseUrl}/devstoreaccount1/actions-cache/${entry.id}?sig=local`;
  const find = (key: string, version: string) => entries.find((entry) => entry.key === key && entry.version === version);

  /** GitHub's order: the exact key, then the newest entry the key prefixes, then the same for each restore key. */
  function match(key: string, restoreKeys: string[], version: string): CacheEntry | undefined {
    const usable = entries.filter((entry) => entry.finalized && entry.version === version);
    for (const candidate of [key, ...restoreKeys]) {
      const exact = usable.find((entry) => entry.key === candidate);
      if (exact) return exact;
      const prefixed = usable.filter((entry) => entry.key.startsWith(candidate)).sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
      if (prefixed[0]) return prefixed[0];
    }
    return undefined;
  }

  async function twirp(method: string, body: Record<string, unknown>, res: ServerResponse): Promise<void> {
    const key = typeof body['key'] === 'string' ? body['key'] : '';
    const version = typeof body['version'] === 'string' ? body['version'] : '';
    switch (method) {
      case 'GetCacheEntryDownloadURL': {
        if (faults.denyRead) return twirpError(res, 403, 'permission_denied', 'cache read denied: the token has no readable cache scopes');
        const restoreKeys = Array.isArray(body['restore_keys']) ? (body['restore_keys'] as string[]) : [];
        const entry = match(key, restoreKeys, version);
        return json(res, 200, entry ? { ok: true, signed_download_url: blobUrl(entry), matched_key: entry.key } : { ok: false });
      }
      case 'CreateCacheEntry': {
        if (faults.conflictOnCreate || find(key, version)) return twirpError(res, 409, 'already_exists', 'cache entry with the same key, version, and scope already exists');
        if (faults.readOnlyToken) return json(res, 200, { ok: false, message: 'cache write denied: the token for this run is read-only' });
        const entry: CacheEntry = { key, version, id: nextId++, createdAt: Date.now(), finalized: false, data: undefined };
        entries.push(entry);
        return json(res, 200, { ok: true, signed_upload_url: blobUrl(entry) });
      }
      case 'FinalizeCacheEntryUpload': {
        const entry = find(key, version);
        if (!entry?.data) return twirpError(res, 404, 'not_found', 'no uploaded cache entry to finalize');
        entry.finalized = true;
        return json(res, 200, { ok: true, entry_id: String(entry.id) });
      }
      default:
        return twirpError(res, 404, 'bad_route', `no handler for ${method}`);
    }
  }

  function blob(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void {
    const entry = entries.find((candidate) => url.pathname === new URL(blobUrl(candidate)).pathname);
    if (!entry) return void res.writeHead(404).end();
    const headers = { 'x-ms-request-id': `req-${requests.length}`, 'x-ms-version': '2025-01-05', etag: `"${entry.id}"`, 'last-modified': new Date().toUTCString() };
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (!entry.finalized || !entry.data) return void res.writeHead(404, headers).end();
      res.writeHead(200, { ...headers, 'content-type': 'application/octet-stream', 'content-length': entry.data.length });
      return void res.end(req.method === 'GET' ? entry.data : undefined);
    }
    if (req.method !== 'PUT') return void res.writeHead(405, headers).end();
    const comp = url.searchParams.get('comp');
    if (comp === 'block') {
      const parts = blocks.get(entry.id) ?? new Map<string, Buffer>();
      parts.set(url.searchParams.get('blockid') ?? '', body);
      blocks.set(entry.id, parts);
    } else if (comp === 'blocklist') {
      const parts = blocks.get(entry.id) ?? new Map<string, Buffer>();
      const ids = [...body.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\//g)].map((m) => m[1] as string);
      entry.data = Buffer.concat(ids.map((id) => parts.get(id) ?? Buffer.alloc(0)));
      blocks.delete(entry.id);
    } else {
      entry.data = body;
    }
    res.writeHead(201, headers).end();
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', baseUrl);
      const body = Buffer.concat(chunks);
      if (url.pathname.startsWith(TWIRP)) {
        const method = url.pathname.slice(TWIRP.length);
        requests.push(`POST ${method}`);
        if (faults.resetConnection?.includes(method as CacheMethod)) return void req.socket.destroy();
        let parsed: Record<string, unknown> = {};
        try {
          parsed = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
        } catch {
          return twirpError(res, 400, 'malformed', 'request body is not JSON');
        }
        if (!/^Bearer .+/.test(req.headers.authorization ?? '')) return twirpError(res, 401, 'unauthenticated', 'no bearer token');
        void twirp(method, parsed, res);
        return;
      }
      requests.push(`${req.method} blob${url.searchParams.get('comp') ? ` comp=${url.searchParams.get('comp')}` : ''}`);
      blob(req, res, url, body);
    });
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }));

  return {
    url: baseUrl,
    env: { ACTIONS_CACHE_SERVICE_V2: 'true', ACTIONS_RESULTS_URL: `${baseUrl}/`, ACTIONS_RUNTIME_TOKEN: 'local-test-token' },
    requests,
    entries,
    faults,
    close,
    [Symbol.asyncDispose]: close,
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function twirpError(res: ServerResponse, status: number, code: string, msg: string): void {
  json(res, status, { code, msg });
}
