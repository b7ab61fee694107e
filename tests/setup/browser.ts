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
  const file = path.join(SCREENSHOTS, `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage });
}

/**
 * Opens each page in light and dark mode and at a phone's width: axe's serious and critical
 * findings, and pages wider than the phone, keyed by page and mode (empty when all is well).
 * Saves desktop and phone screenshots of each on the way (names may hold a folder, `signed-in/home`).
 * `openDetails` opens every `<details>` after the screenshot, so what hides behind a disclosure
 * (evidence, tier groups, JSON for verifiers) is checked too; `screenshots: false` saves none.
 */
export async function pageFindings(browser: Browser, base: string, pages: [name: string, path: string][], opts: { cookies?: { name: string; value: string }[]; openDetails?: boolean; screenshots?: boolean } = {}): Promise<Record<string, string[]>> {
  const shots = opts.screenshots ?? true;
  const found: Record<string, string[]> = {};
  // A signed-in visit: the session cookie a WebClient holds, set for the test server's address.
  const signIn = async (ctx: Awaited<ReturnType<Browser['newContext']>>) => {
    if (opts.cookies?.length) await ctx.addCookies(opts.cookies.map((c) => ({ ...c, url: base })));
  };
  for (const scheme of ['light', 'dark'] as const) {
    // The desktop the issue was walked through at.
    const ctx = await browser.newContext({ bypassCSP: true, colorScheme: scheme, viewport: { width: 1366, height: 768 } });
    await signIn(ctx);
    const tab = await ctx.newPage();
    for (const [name, p] of pages) {
      const res = await tab.goto(`${base}${p}`);
      if (!res || res.status() >= 500) found[`${p} (${scheme})`] = [`answered ${res?.status() ?? 'nothing'}`];
      if (shots && scheme === 'light') await screenshot(tab, `${name}-desktop`);
      if (opts.openDetails) await tab.$$eval('details', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      const v = await seriousViolations(tab);
      if (v.length) found[`${p} (${scheme})`] = [...(found[`${p} (${scheme})`] ?? []), ...v];
    }
    await ctx.close();
  }
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  await signIn(phone);
  const tab = await phone.newPage();
  for (const [name, p] of pages) {
    await tab.goto(`${base}${p}`);
    const width = await tab.evaluate(() => document.documentElement.scrollWidth);
    if (width > 390) found[`${p} (phone)`] = [`${width}px wide on a 390px screen`, ...(await overflowing(tab, 390))];
    if (shots) await screenshot(tab, `${name}-phone`);
  }
  await phone.close();
  return found;
}

/**
 * The outermost elements that reach past the screen's right edge, so a failure says where to look.
 * (No named functions inside: the page cannot see the helpers a TypeScript transform may wrap them in.)
 */
function overflowing(page: Page, width: number): Promise<string[]> {
  return page.evaluate((w) => {
    // Inside a scrolling region an element may be wide; only what pushes the page itself counts.
    const wide = [...document.body.querySelectorAll('*')].filter((el) => {
      if (el.getBoundingClientRect().right <= w + 1) return false;
      for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) if (getComputedStyle(e).overflowX !== 'visible') return false;
      return true;
    });
    return wide
      .filter((el) => !wide.includes(el.parentElement as Element))
      .slice(0, 5)
      .map((el) => {
        const parts: string[] = [];
        for (let e: Element | null = el; e && e !== document.body; e = e.parentElement) parts.unshift(e.tagName.toLowerCase() + (e.id ? `#${e.id}` : '') + (e.classList.length ? `.${[...e.classList].join('.')}` : ''));
        return `${parts.join(' > ')} (${Math.round(el.getBoundingClientRect().right)}px)`;
      });
  }, width);
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
