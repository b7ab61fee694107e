import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeCrateRecords } from '../../api/packages/write.js';
import { parseIndexLine } from '../../api/engine/formats/index-record.js';
import { expectJson, useTestApp } from '../setup/app.js';
import { SHARED_DATA } from '../setup/shared-data.js';

const INDEX = path.join(SHARED_DATA, 'crates-index', 'index-full');

/** Real index files chosen for their traps; each line must come back as it went in. */
const FILES = {
  'getrandom': 'ge/tr/getrandom', // renamed deps (`package`), cfg targets, features2
  'candle-core': 'ca/nd/candle-core', // features2 on every recent line, GPU features
  'serde': 'se/rd/serde', // `cfg(any())` pins, rust_version
  'esp-hal': 'es/p-/esp-hal', // renames and cfg targets on every line
  'ash': '3/a/ash', // build metadata in versions (0.38.0+1.3.281)
  'heapless': 'he/ap/heapless', // yanked newest, `links`
};

function linesOf(rel: string): string[] {
  return fs.readFileSync(path.join(INDEX, rel), 'utf8').split('\n').filter((l) => l.trim() !== '');
}

describe('index records round-trip through the database and the API', () => {
  const t = useTestApp();

  for (const [crate, rel] of Object.entries(FILES)) {
    it(`serves every line of ${crate}'s index file back as the same JSON object and the same text`, async () => {
      const lines = linesOf(rel);
      const records = lines.map((l) => {
        const parsed = parseIndexLine(l);
        if (!parsed.ok) throw new Error(parsed.reason);
        return parsed.record;
      });
      await storeCrateRecords(t.database.db, records);
      for (const line of lines) {
        const original = JSON.parse(line);
        const res = await t.app.request(`/api/v1/crates/${original.name}/${encodeURIComponent(original.vers)}/index-record`);
        const text = await res.clone().text();
        expect(await expectJson(res, 200)).toStrictEqual(original);
        expect(text).toBe(line);
      }
    });
  }
});
