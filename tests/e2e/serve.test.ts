import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../api/config.js';
import { openDatabase } from '../../api/db/client.js';
import { DataDirLockedError } from '../../api/db/data-dir-lock.js';
import { serve } from '../../bin/main.js';
import { storeCrateRecords } from '../../api/packages/write.js';
import { indexRecord, uniqueName } from '../setup/factories.js';

describe('the hub on its embedded database', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-serve-'));
  // No DATABASE_URL on purpose: this is the newcomer's zero-setup path.
  const env = { FERRITE_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' };
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts on a real port, answers /healthz, and keeps its data across restarts', async () => {
    const first = await serve(env);
    const health = await fetch(`http://127.0.0.1:${first.port}/healthz`);
    expect(health.status).toBe(200);
    // The embedded database is one process's: while the hub holds its folder, nothing else opens it.
    await expect(openDatabase(parseConfig(env).database)).rejects.toThrow(DataDirLockedError);
    await first.stop();

    const name = uniqueName('persisted');
    const database = await openDatabase(parseConfig(env).database);
    await storeCrateRecords(database.db, [indexRecord(name, '1.2.3')]);
    await database.close();

    const second = await serve(env);
    try {
      const res = await fetch(`http://127.0.0.1:${second.port}/api/v1/crates/${name}`);
      expect(res.status).toBe(200);
      expect((await res.json()).crate.default_version).toBe('1.2.3');
    } finally {
      await second.stop();
    }
  });
});
