import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');

/** `integrity` is the Subresource Integrity hash pages put beside the URL. */
type Asset = { url: string; body: string; type: string; integrity: string };

/** A file served under a name carrying its content hash, so browsers may cache it for a year. */
function asset(file: string, type: string): Asset {
  const body = fs.readFileSync(path.join(DIR, file), 'utf8');
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  const ext = path.extname(file);
  const integrity = `sha384-${createHash('sha384').update(body).digest('base64')}`;
  return { url: `/assets/${path.basename(file, ext)}.${hash}${ext}`, body, type, integrity };
}

export const ASSETS = {
  css: asset('site.css', 'text/css; charset=utf-8'),
  searchJs: asset('search.js', 'text/javascript; charset=utf-8'),
  copyJs: asset('copy.js', 'text/javascript; charset=utf-8'),
};

export function assetRoutes() {
  const app = new Hono();
  for (const a of Object.values(ASSETS)) {
    app.get(a.url, (c) => c.body(a.body, 200, { 'content-type': a.type, 'cache-control': 'public, max-age=31536000, immutable' }));
  }
  return app;
}
