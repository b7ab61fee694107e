import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, useBrowser } from '../setup/browser.js';
import { describeWithFullData } from '../setup/full-data.js';
import { useWebCatalog } from '../setup/web-catalog.js';

/** The search page's facet checkboxes and typed qualifiers, as one state, in a real browser. */
describeWithFullData('search page in a real browser', () => {
  const t = useWebCatalog();
  describe.skipIf(!hasChromium && !process.env.CI)('chromium', () => {
    const b = useBrowser(t);
    let page: Page;
    beforeAll(async () => {
      page = await b.browser.newPage();
    });
    const cuda = 'input[name="accel"][value="cuda"]';

    it('ticking a facet writes its qualifier into the query box, and deleting the qualifier unticks it', async () => {
      await page.goto(`${b.server.url}/search?q=tensor`);
      await page.check(cuda);
      expect(await page.inputValue('#q')).toBe('tensor accel:cuda');
      await expect.poll(() => page.url()).toMatch(/q=tensor\+accel%3Acuda/);
      await page.fill('#q', 'tensor');
      expect(await page.isChecked(cuda)).toBe(false);
      await page.fill('#q', 'tensor ACCEL:cuda');
      expect(await page.isChecked(cuda)).toBe(true);
      await page.uncheck(cuda);
      expect(await page.inputValue('#q')).toBe('tensor');
    });

    it('keeps no_std in step as `nostd:true`, and shows a filter that came as a form field in the box', async () => {
      await page.goto(`${b.server.url}/search?q=hal&nostd=true`);
      expect(await page.inputValue('#q')).toBe('hal nostd:true');
      expect(await page.isChecked('input[name="nostd"]')).toBe(true);
      await page.fill('#q', 'hal');
      expect(await page.isChecked('input[name="nostd"]')).toBe(false);
      await page.check('input[name="nostd"]');
      expect(await page.inputValue('#q')).toBe('hal nostd:true');
      await page.fill('#q', 'hal no_std:yes');
      expect(await page.isChecked('input[name="nostd"]')).toBe(true);
    });

    it('keeps the ecosystem and MSRV menus and the target box in step with `ecosystem:`, `msrv<=` and `target:`', async () => {
      await page.goto(`${b.server.url}/search?q=hal`);
      await page.selectOption('#ecosystem', 'crates');
      expect(await page.inputValue('#q')).toBe('hal ecosystem:crates');
      await page.selectOption('#ecosystem', '');
      expect(await page.inputValue('#q')).toBe('hal');
      await page.fill('#q', 'hal msrv<=1.70 ecosystem:npm');
      expect(await page.inputValue('#msrv')).toBe('1.70');
      expect(await page.inputValue('#ecosystem')).toBe('npm');
      // A version the menu does not list becomes one of its choices.
      await page.fill('#q', 'hal msrv<=1.62');
      expect(await page.inputValue('#msrv')).toBe('1.62');
      expect(await page.inputValue('#ecosystem')).toBe('');
      await page.fill('#target', 'thumbv7em-none-eabihf');
      expect(await page.inputValue('#q')).toBe('hal msrv<=1.62 target:thumbv7em-none-eabihf');
      await expect.poll(() => page.url()).toMatch(/target=thumbv7em-none-eabihf/);
      await page.fill('#q', 'hal');
      expect(await page.inputValue('#target')).toBe('');
      expect(await page.inputValue('#msrv')).toBe('');
      // A shared link with the menus' fields shows them in the box too.
      await page.goto(`${b.server.url}/search?q=hal&ecosystem=crates&msrv=1.70`);
      expect(await page.inputValue('#q')).toBe('hal ecosystem:crates msrv<=1.70');
    });
  });
});
