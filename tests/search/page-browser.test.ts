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
  });
});
