import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { fromPglite, fromPostgres, PGLITE_EXTENSIONS } from '../../api/db/client.js';
import { migrate } from '../../api/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** With DATABASE_URL: the migrated template database each test file clones. */
    templateDatabase: string | null;
    /** Without it: a PGlite data dir dump of the migrated state each test file loads. */
    pgliteDump: string | null;
  }
}

/** Migrates once per run; every test file then starts from a copy of that state (see tests/setup/db.ts). */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `ferrite_tmpl_${randomBytes(4).toString('hex')}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${template}`);
    const client = postgres(withDatabase(url, template), { max: 1, onnotice: () => {} });
    await migrate(fromPostgres(client));
    await client.end();
    project.provide('templateDatabase', template);
    project.provide('pgliteDump', null);
    return async () => {
      await admin.unsafe(`drop database if exists ${template} with (force)`);
      await admin.end();
    };
  }
  const pg = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
  await migrate(fromPglite(pg));
  const dump = (await pg.dumpDataDir('none')) as Blob;
  await pg.close();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-test-')), 'migrated.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('templateDatabase', null);
  project.provide('pgliteDump', file);
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
