import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { inject } from 'vitest';
import { type Database, fromPglite, fromPostgres, PGLITE_EXTENSIONS } from '../../api/db/client.js';
import { withDatabase } from './global-db.js';

/**
 * A fresh, migrated database for one test file: a clone of the template database on the
 * PostgreSQL server when DATABASE_URL is set, else an in-memory PGlite loaded from the dump.
 * `close()` drops the server database again.
 */
export async function freshDatabase(): Promise<Database> {
  const template = inject('templateDatabase');
  const url = process.env.DATABASE_URL;
  if (template && url) {
    const name = `ferrite_test_${randomBytes(5).toString('hex')}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name} template ${template}`);
    const database = fromPostgres(postgres(withDatabase(url, name), { max: 5, onnotice: () => {} }));
    return {
      ...database,
      async close() {
        await database.close();
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      },
    };
  }
  const dump = inject('pgliteDump');
  if (!dump) throw new Error('global setup provided no database');
  const pg = await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(dump)]), extensions: PGLITE_EXTENSIONS });
  return fromPglite(pg);
}
