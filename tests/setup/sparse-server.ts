import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

/**
 * A local sparse index over real index files: serves `config.json` and `<index path>` with a
 * strong ETag and honours If-None-Match, as the crates.io sparse index does.
 */
export async function startSparseServer(roots: string[]) {
  const overrides = new Map<string, string>();
  const requests: { path: string; ifNoneMatch?: string; userAgent?: string; status: number }[] = [];
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
    const send = (status: number, body?: string, headers: Record<string, string> = {}) => {
      requests.push({ path: rel, ifNoneMatch: req.headers['if-none-match'], userAgent: req.headers['user-agent'], status });
      res.writeHead(status, headers).end(body);
    };
    if (rel === 'config.json') return send(200, JSON.stringify({ dl: `http://127.0.0.1/dl`, api: 'http://127.0.0.1' }), { 'content-type': 'application/json' });
    let text = overrides.get(rel);
    if (text === undefined) {
      const file = roots.map((r) => path.join(r, rel)).find((f) => !rel.includes('..') && fs.existsSync(f) && fs.statSync(f).isFile());
      if (!file) return send(404, 'not found');
      text = fs.readFileSync(file, 'utf8');
    }
    const etag = `"${createHash('sha256').update(text).digest('hex').slice(0, 32)}"`;
    if (req.headers['if-none-match'] === etag) return send(304, undefined, { etag });
    send(200, text, { etag, 'content-type': 'text/plain' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    /** Serves different content at an index path from now on, as a new publish would. */
    override(rel: string, text: string) {
      overrides.set(rel, text);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
