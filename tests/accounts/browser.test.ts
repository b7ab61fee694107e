import { describe, expect, it } from 'vitest';
import { grantOwnership } from '../../api/owners/service.js';
import { hasChromium, screenshot, seriousViolations, useBrowser } from '../setup/browser.js';
import { useWebCatalog } from '../setup/web-catalog.js';

const t = useWebCatalog();
const PASSWORD = 'correct horse battery staple';

describe.skipIf(!hasChromium && !process.env.CI)('a maintainer in a real browser (chromium)', () => {
  const b = useBrowser(t);


  it('signs up, signs in, creates a token, publishes metadata in the form and sees it beside the inferred claims', async () => {
    const page = await b.browser.newPage();
    const go = (p: string) => page.goto(`${b.server.url}${p}`);
    await go('/');
    await page.click('nav a[href="/sign-in"]');
    await page.click('a[href="/sign-up"]');
    await page.fill('#username', 'ferris');
    await page.fill('#password', PASSWORD);
    await page.click('form.stack button[type="submit"]');
    await page.waitForURL(/\/account$/);
    expect(await page.textContent('nav[aria-label="Main"]')).toContain('ferris');
    await page.click('form[action="/sign-out"] button');
    await page.waitForURL(`${b.server.url}/`);

    await go('/sign-in');
    await page.fill('#username', 'ferris');
    await page.fill('#password', PASSWORD);
    await page.click('form.stack button[type="submit"]');
    await page.waitForURL(/\/account$/);

    await page.fill('#token-name', 'CI for tokio');
    await page.check('input[name="scopes"][value="metadata:write"]');
    await page.fill('#token-glob', 'tokio');
    await page.click('form[action="/account/tokens"] button');
    const token = (await page.textContent('#new-token'))!;
    expect(token).toMatch(/^frt_/);
    const me = await fetch(`${b.server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await me.json()).token.packageGlob).toBe('tokio');

    // Ownership as an operator grants it (GitHub sign-in cannot be reached from here).
    await grantOwnership(t.database, 'crates', 'tokio', 'ferris');
    await go('/crates/tokio');
    const inferredCloud = await page.textContent('details[data-subject="profile:cloud"] summary');
    expect(inferredCloud).toContain('works');
    await page.click('a[href="/manage/crates/tokio"]');
    await page.selectOption('#profile-cloud', 'does-not-work');
    await page.fill('input[name="note.cloud"]', 'only on our patched kernel');
    await page.selectOption('#maintenance', 'looking-for-maintainers');
    await page.click('form[action="/manage/crates/tokio/metadata"] button[type="submit"]');
    await page.waitForURL(/\/crates\/tokio#compatibility$/);
    expect(await page.textContent('main')).toContain('Looking for maintainers');
    const cell = page.locator('details[data-subject="profile:cloud"]');
    expect(await cell.locator('summary').textContent()).toContain('sources disagree');
    await cell.locator('summary').click();
    const text = (await cell.textContent())!;
    expect(text).toContain('Declared by maintainer ferris');
    expect(text).toContain('only on our patched kernel');
    expect(text).toMatch(/Inferred from/);
    await screenshot(page, 'crate-declared-desktop', false);
    await go('/account');
    await screenshot(page, 'account-desktop');
    await page.close();
  });

  it('has no serious or critical accessibility violations on the account pages (axe-core)', async () => {
    const ctx = await b.browser.newContext({ bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(`${b.server.url}/sign-in`);
    await page.fill('#username', 'ferris');
    await page.fill('#password', PASSWORD);
    await page.click('form.stack button[type="submit"]');
    await page.waitForURL(/\/account$/);
    for (const p of ['/account', '/manage/crates/tokio', '/sign-up']) {
      await page.goto(`${b.server.url}${p}`);
      const violations = await seriousViolations(page);
      expect(violations, p).toEqual([]);
    }
    await ctx.close();
  }, 60_000);
});
