import type { MiddlewareHandler } from 'hono';
import { LRUCache } from 'lru-cache';
import { SESSION_COOKIE } from '../api/accounts/sessions.js';

// A Uint8Array body takes @hono/node-server's direct write; an ArrayBuffer goes through a stream
// and halves the throughput of cache hits. Headers are a plain record, set once per hit.
type Entry = { body: Uint8Array<ArrayBuffer>; headers: Record<string, string> };

/** Headers that belong to one response, never to a copy served to someone else. */
const PER_REQUEST = new Set(['x-request-id', 'set-cookie']);
/** A session cookie under either name (`__Host-` over https): such a request is someone's own view. */
const SESSION_COOKIE_PRESENT = new RegExp(`(?:^|;\\s*)(?:__Host-)?${SESSION_COOKIE}=`);

/**
 * A micro-cache for public pages: the rendered, compressed page is kept for a few seconds and
 * served to everyone who asks for the same URL meanwhile. Catalog changes reach pages through
 * indexer runs and the search outbox, which are seconds behind anyway, so nobody sees the
 * difference; a popular page is rendered once per interval instead of once per visitor.
 * Signed-in requests (a session cookie or an Authorization header), pages that say no-store
 * (forms carry a per-visitor CSRF token) and anything but a 200 bypass it.
 */
export function pageCache(opts: { ttlMs: number; maxEntries: number; maxBytes: number }): MiddlewareHandler {
  const cache = new LRUCache<string, Entry>({ max: opts.maxEntries, maxSize: opts.maxBytes, sizeCalculation: (e) => e.body.byteLength || 1, ttl: opts.ttlMs });
  return async (c, next) => {
    const path = c.req.path;
    if (c.req.method !== 'GET' || path.startsWith('/api/') || path.startsWith('/index/') || SESSION_COOKIE_PRESENT.test(c.req.header('cookie') ?? '') || c.req.header('authorization')) return next();
    const accepts = c.req.header('accept-encoding') ?? '';
    const encoding = /\bgzip\b/.test(accepts) ? 'gzip' : /\bdeflate\b/.test(accepts) ? 'deflate' : 'identity';
    const key = `${encoding} ${c.req.url}`;
    const hit = cache.get(key);
    if (hit) {
      const etag = hit.headers.etag;
      if (etag && c.req.header('if-none-match') === etag) return c.body(null, 304, { etag });
      return c.body(hit.body, 200, hit.headers);
    }
    await next();
    const res = c.res;
    if (res.status !== 200 || /no-store|private/.test(res.headers.get('cache-control') ?? '')) return;
    const body = new Uint8Array(await res.arrayBuffer());
    cache.set(key, { body, headers: Object.fromEntries([...res.headers].filter(([k]) => !PER_REQUEST.has(k))) });
    c.res = new Response(body, { status: res.status, headers: res.headers });
  };
}
