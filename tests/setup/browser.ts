import fs from 'node:fs';
import net from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { serve as listen } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Hub as App } from '../../bin/app.js';

/** Debian's chromium, as the project's README and .ci/run install it; downloading a browser is not possible here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/** The real app on a real port, as a browser reaches it. */
export async function listenOnFreePort(app: App): Promise<{ url: string; close: () => Promise<void> }> {
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const server = listen({ fetch: app.fetch, port, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** axe-core's browser build, injected into pages for the accessibility check. */
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeResult = { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };

/**
 * Runs axe-core on the page as it stands and returns its serious and critical violations, one
 * line each. axe is injected as a script, which the site's CSP rightly forbids: open the page in
 * a context made with `bypassCSP: true`.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const r = await page.evaluate(() => (window as unknown as { axe: { run: () => Promise<AxeResult> } }).axe.run());
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

/** Screenshots for people to look at (desktop and phone); the folder is ignored by git. */
export const SCREENSHOTS = path.join(import.meta.dirname, '..', '.artifacts', 'screenshots');

export async function screenshot(page: Page, name: string, fullPage = true) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
}

/**
 * Opens each page in light and dark mode and at a phone's width: axe's serious and critical
 * findings, and pages wider than the phone, keyed by page and mode (empty when all is well).
 * Saves desktop and phone screenshots of each on the way.
 */
export async function pageFindings(browser: Browser, base: string, pages: [name: string, path: string][], opts: { cookies?: { name: string; value: string }[] } = {}): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  // A signed-in visit: the session cookie a WebClient holds, set for the test server's address.
  const signIn = async (ctx: Awaited<ReturnType<Browser['newContext']>>) => {
    if (opts.cookies?.length) await ctx.addCookies(opts.cookies.map((c) => ({ ...c, url: base })));
  };
  for (const scheme of ['light', 'dark'] as const) {
    const ctx = await browser.newContext({ bypassCSP: true, colorScheme: scheme });
    await signIn(ctx);
    const tab = await ctx.newPage();
    for (const [name, p] of pages) {
      await tab.goto(`${base}${p}`);
      const v = await seriousViolations(tab);
      if (v.length) found[`${p} (${scheme})`] = v;
      if (scheme === 'light') await screenshot(tab, `${name}-desktop`);
    }
    await ctx.close();
  }
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  await signIn(phone);
  const tab = await phone.newPage();
  for (const [name, p] of pages) {
    await tab.goto(`${base}${p}`);
    const width = await tab.evaluate(() => document.documentElement.scrollWidth);
    if (width > 390) found[`${p} (phone)`] = [`${width}px wide on a 390px screen`];
    await screenshot(tab, `${name}-phone`, false);
  }
  await phone.close();
  return found;
}

/**
 * Registers hooks that serve the test file's app on a real port and launch chromium; the returned
 * object is filled in before the first test (`browser`, and `server.url` to navigate to).
 */
export function useBrowser(ctx: { app: App }) {
  const s = {} as { browser: Browser; server: Awaited<ReturnType<typeof listenOnFreePort>> };
  beforeAll(async () => {
    s.server = await listenOnFreePort(ctx.app);
    s.browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await s.browser?.close();
    await s.server?.close();
  });
  return s;
}
