import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { scratchServerDb, serverAvailable } from './databases.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'web-child.ts');
const PAGES = [
  ['home', '/'],
  ['search', '/search?q=embedded+hal&profile=embedded'],
  ['package', '/crates/tokio'],
] as const;
const CONNECTIONS = 10;
const SECONDS = 8;
const f = (n: number, d = 0) => n.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });

/** One GET as a browser makes it: compressed bytes on the wire, time to the first byte. */
function get(url: string): Promise<{ bytes: number; ttfbMs: number; body: Buffer; encoding: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http
      .get(url, { headers: { 'accept-encoding': 'br, gzip', accept: 'text/html' } }, (res) => {
        const ttfbMs = performance.now() - started;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ bytes: body.length, ttfbMs, body, encoding: String(res.headers['content-encoding'] ?? 'identity') });
        });
      })
      .on('error', reject);
  });
}

/** The page plus the stylesheet and scripts it links: what a first visit transfers. */
async function transferred(base: string, pathname: string) {
  const page = await get(`${base}${pathname}`);
  const html = await (await fetch(`${base}${pathname}`)).text();
  const assets = [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  const sizes = await Promise.all(assets.map(async (a) => (await get(`${base}${a}`)).bytes));
  return { html: page.bytes, assets: sizes.reduce((s, n) => s + n, 0), scripts: assets.filter((a) => a.endsWith('.js')).length, encoding: page.encoding };
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

/** Requests/s from autocannon; time to first byte sampled by a separate client while that load runs. */
async function underLoad(url: string) {
  const load = autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: { 'accept-encoding': 'br, gzip', accept: 'text/html' } });
  const ttfb: number[] = [];
  const until = Date.now() + (SECONDS - 1) * 1000;
  await new Promise((r) => setTimeout(r, 500));
  while (Date.now() < until) ttfb.push((await get(url)).ttfbMs);
  const result = await load;
  return { rps: result.requests.average, p50: quantile(ttfb, 0.5), p95: quantile(ttfb, 0.95), errors: result.errors + result.non2xx };
}

export async function webBench() {
  console.log('\n## Web pages (PostgreSQL server, seed catalog)\n');
  if (!(await serverAvailable())) return console.log('PostgreSQL server not reachable: not measured.');
  const db = await scratchServerDb();
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const first = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`web bench server exited ${code}`)));
    });
    const { appPort, uncachedPort, barePort } = JSON.parse(first) as { appPort: number; uncachedPort: number; barePort: number };
    const base = `http://127.0.0.1:${appPort}`;
    const bare = await underLoad(`http://127.0.0.1:${barePort}/`);
    console.log(`bare Hono route (ceiling): ${f(bare.rps)} req/s, TTFB p50 ${f(bare.p50, 2)} ms, p95 ${f(bare.p95, 2)} ms under ${CONNECTIONS} connections`);
    for (const [name, pathname] of PAGES) {
      const size = await transferred(base, pathname);
      const r = await underLoad(`${base}${pathname}`);
      console.log(
        `${name.padEnd(7)} ${pathname}: ${f((size.html + size.assets) / 1024, 1)} KB transferred (HTML ${f(size.html / 1024, 1)} KB ${size.encoding}, CSS+JS ${f(size.assets / 1024, 1)} KB, ${size.scripts} optional script${size.scripts === 1 ? '' : 's'}); ` +
          `${f(r.rps)} req/s = ${f(r.rps / bare.rps, 2)}× bare; TTFB p50 ${f(r.p50, 1)} ms, p95 ${f(r.p95, 1)} ms${r.errors ? `; ${r.errors} errors` : ''}`,
      );
    }
    // The same pages rendered on every request (page cache off): what a cache miss costs.
    for (const [name, pathname] of PAGES) {
      const r = await underLoad(`http://127.0.0.1:${uncachedPort}${pathname}`);
      console.log(`${name.padEnd(7)} rendered every time: ${f(r.rps)} req/s = ${f(r.rps / bare.rps, 3)}× bare; TTFB p50 ${f(r.p50, 1)} ms, p95 ${f(r.p95, 1)} ms`);
    }
    console.log('Aims: package page < 50 KB in total with no required JavaScript; pages ≥ 0.33× the bare route.');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await db.drop();
  }
}
