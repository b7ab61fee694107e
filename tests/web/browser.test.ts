import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, useBrowser } from '../setup/browser.js';
import { useWebCatalog } from '../setup/web-catalog.js';

const t = useWebCatalog();

const MAIN_PAGES: [string, string][] = [
  ['home', '/'],
  ['search', '/search?q=hal&profile=embedded'],
  ['crate', '/crates/tokio'],
  ['crate-gpu', '/crates/candle-core'],
  ['npm', '/npm/@lancedb/lancedb'],
  ['targets', '/targets'],
  ['target', '/targets/thumbv7em-none-eabihf'],
  ['categories', '/categories'],
  ['category', '/categories/embedded'],
  ['compare', '/compare?crates=tokio,heapless'],
  ['not-found', '/crates/no-such-crate-here'],
];

describe.skipIf(!hasChromium && !process.env.CI)('in a real browser (chromium)', () => {
  const b = useBrowser(t);
  let page: Page;

  beforeAll(async () => {
    page = await b.browser.newPage();
  });

  const go = (p: string) => page.goto(`${b.server.url}${p}`);

  it('searches with a qualifier, then narrows with a facet as the results update in place', async () => {
    await go('/search');
    await page.fill('#q', 'hal profile:embedded');
    await page.press('#q', 'Enter');
    await page.waitForURL(/q=hal\+profile%3Aembedded/);
    expect(page.url()).not.toMatch(/ecosystem=|msrv=/);
    expect(await page.textContent('#result-count')).toMatch(/of \d+ packages/);
    // The enhancement script swaps the results region in place and records the state in the URL.
    await page.$eval('#results', (el) => el.setAttribute('data-stale', ''));
    await page.check('input[name="nostd"]');
    await expect.poll(() => page.$('#results[data-stale]')).toBeNull();
    expect(page.url()).toMatch(/nostd=true/);
    const names = await page.$$eval('#results .result h3 a', (as) => as.map((a) => a.textContent));
    expect(names.length).toBeGreaterThan(0);
    const badges = await page.$$eval('#results .result', (rs) => rs.map((r) => r.textContent ?? ''));
    for (const b of badges) expect(b).toMatch(/embedded: (works|partial)/);
    for (const b of badges) expect(b).toContain('no_std');
  });

  it('filters without JavaScript through the plain form', async () => {
    const ctx = await b.browser.newContext({ javaScriptEnabled: false });
    const p = await ctx.newPage();
    await p.goto(`${b.server.url}/search?q=tensor`);
    await p.check('input[name="accel"][value="cuda"]');
    await p.click('.facets button[type="submit"]');
    await p.waitForURL(/accel=cuda/);
    const rows = await p.$$eval('#results .result', (rs) => rs.map((r) => r.textContent ?? ''));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r).toContain('cuda');
    await ctx.close();
  });

  it('opens a package page from a result and shows a compatibility cell’s evidence on demand', async () => {
    await go('/search?q=tokio');
    await page.click('#results .result h3 a >> text="tokio"');
    await page.waitForURL(/\/crates\/tokio$/);
    expect(await page.textContent('h1')).toBe('tokio');
    const cell = page.locator('details[data-subject="profile:cloud"]');
    const evidence = cell.locator('.evidence-list');
    expect(await evidence.first().isVisible()).toBe(false);
    await cell.locator('summary').click();
    expect(await evidence.first().isVisible()).toBe(true);
    expect(await cell.textContent()).toMatch(/Inferred from/);
  });

  it('follows a binding from a crate to its npm package and back', async () => {
    await go('/crates/tokenizers');
    await page.click('#bindings ~ ul a[href="/npm/tokenizers"]');
    await page.waitForURL(/\/npm\/tokenizers$/);
    expect(await page.textContent('h1')).toBe('tokenizers');
    await page.click('a[href="/crates/tokenizers"]');
    await page.waitForURL(/\/crates\/tokenizers$/);
  });

  it('compares two crates side by side', async () => {
    await go('/compare');
    await page.fill('#crates', 'tokio,heapless');
    await page.press('#crates', 'Enter');
    await page.waitForURL(/crates=tokio%2Cheapless/);
    const heads = await page.$$eval('table.compare thead th a', (as) => as.map((a) => a.textContent));
    expect(heads).toEqual(['tokio', 'heapless']);
    const rows = await page.$$eval('table.compare tbody th', (ths) => ths.map((th) => th.textContent));
    expect(rows).toEqual(expect.arrayContaining(['cloud', 'wasm', 'embedded', 'no_std', 'MSRV']));
  });

  it('works from the keyboard alone: skip link, query box, facets, submit', async () => {
    await go('/search');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    // Tab through the header to the page's own query box.
    let focused = '';
    for (let i = 0; i < 20 && focused !== 'q'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.id ?? '');
    }
    expect(focused).toBe('q');
    await page.keyboard.type('embedded');
    // Results come before the filters (on a phone they must be first), so the walk passes every result link.
    for (let i = 0; i < 200 && focused !== 'profile:embedded'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        return el?.type === 'checkbox' ? `${el.name}:${el.value}` : el?.id ?? '';
      });
    }
    expect(focused).toBe('profile:embedded');
    await page.keyboard.press('Space');
    await page.waitForURL(/profile=embedded/);
    expect(await page.isChecked('input[name="profile"][value="embedded"]')).toBe(true);
    // Focus stays where the user put it while the results change around it.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('embedded');
  });

  // Accessibility (axe, light and dark) and screenshots of these pages and more are in page-matrix.test.ts.
  it('shows every main page without JavaScript, on a desktop and a phone', async () => {
    const ctx = await b.browser.newContext({ javaScriptEnabled: false });
    const phone = await b.browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true });
    for (const [, p] of MAIN_PAGES) {
      for (const [size, c] of [['desktop', ctx], ['phone', phone]] as const) {
        const tab = await c.newPage();
        await tab.goto(`${b.server.url}${p}`);
        expect((await tab.textContent('main h1'))?.trim().length, `${p} has a heading`).toBeGreaterThan(0);
        // Nothing overflows the phone's width: the layout is responsive.
        if (size === 'phone') expect(await tab.evaluate(() => document.documentElement.scrollWidth), `${p} fits a phone`).toBeLessThanOrEqual(390);
        await tab.close();
      }
    }
    await ctx.close();
    await phone.close();
  }, 120_000);
});
