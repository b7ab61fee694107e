import { describe, expect, it } from 'vitest';
import { loadTargets } from '../../api/engine/targets/data.js';
import { seedTargets } from '../../api/targets/seed.js';
import { expectJson, useTestApp } from '../setup/app.js';

describe('seeding the rustc target data', () => {
  const t = useTestApp();

  it('loads every committed target once, and a second seed changes nothing', async () => {
    const { targets } = loadTargets();
    expect(await seedTargets(t.database)).toBe(targets.length);
    expect(await seedTargets(t.database)).toBe(0);
    const page = await expectJson(await t.app.request('/api/v1/targets?limit=500'), 200);
    expect(page.items).toHaveLength(targets.length);
    const riscv = await expectJson(await t.app.request('/api/v1/targets/riscv32imac-unknown-none-elf'), 200);
    expect(riscv.cfg.target_os).toEqual(['none']);
    expect(riscv.std).toBe('no');
  });
});
