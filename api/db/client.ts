import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Config } from '../config.js';
import { toDatabaseConnectError } from './connect-error.js';
import { acquireDataDirLock, type LockRole } from './data-dir-lock.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; services accept either so callers can compose writes into one transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export type Database = {
  kind: 'postgres' | 'pglite';
  db: Db;
  /** Raw SQL returning rows; hides that postgres.js returns an array and PGlite `{ rows }`. */
  rows<T = Record<string, unknown>>(query: SQL, on?: DbOrTx): Promise<T[]>;
  /** The underlying postgres.js client (server only): used for COPY and LISTEN. */
  sql?: postgres.Sql;
  /** The underlying PGlite instance (embedded only). */
  pglite?: PGlite;
  close(): Promise<void>;
};

export const PGLITE_EXTENSIONS = { pg_trgm };

export type OpenOptions = {
  /** Pool size on a PostgreSQL server. */
  max?: number;
  /** Who holds the embedded database's folder, named to a process refused it. */
  role?: LockRole;
};

/**
 * Planner costs for the hub's sessions. PostgreSQL's default random_page_cost (4) models a spinning
 * disk; the hub's working set is in memory or on SSD, and with the default the planner read the whole
 * search table for `wasm` (170 ms at 190k documents) instead of the 15,000 rows its indexes name (40 ms).
 */
const PLANNER = { random_page_cost: 1.1 };

/**
 * Opens the configured database. A server is tried at once, so a wrong DATABASE_URL fails here in
 * one plain sentence (DatabaseConnectError). The embedded database is held by one process at a
 * time: its folder is locked until close(), and a folder another process holds throws
 * DataDirLockedError naming that process. Many processes on one server are normal: no lock there.
 */
export async function openDatabase(cfg: Config['database'], opts: OpenOptions = {}): Promise<Database> {
  if (cfg.kind === 'postgres') {
    const client = postgres(cfg.url, { max: opts.max ?? 10, onnotice: () => {}, connection: PLANNER });
    try {
      await client`select 1`;
    } catch (err) {
      await client.end({ timeout: 0 }).catch(() => {});
      throw toDatabaseConnectError(err, cfg.url);
    }
    return fromPostgres(client);
  }
  fs.mkdirSync(cfg.dataDir, { recursive: true });
  const lock = acquireDataDirLock(cfg.dataDir, opts.role);
  let pg: PGlite;
  try {
    pg = await PGlite.create({ dataDir: cfg.dataDir, extensions: PGLITE_EXTENSIONS });
    await pg.exec(`set random_page_cost = ${PLANNER.random_page_cost}`);
  } catch (err) {
    lock.release();
    throw err;
  }
  const database = fromPglite(pg);
  return {
    ...database,
    async close() {
      try {
        await database.close();
      } finally {
        lock.release();
      }
    },
  };
}

export function fromPostgres(client: postgres.Sql): Database {
  const db = drizzlePostgres(client, { schema, casing: 'snake_case' }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    sql: client,
    async rows<T>(query: SQL, on: DbOrTx = db) {
      return (await on.execute(query)) as unknown as T[];
    },
    close: () => client.end({ timeout: 5 }),
  };
}

export function fromPglite(pg: PGlite): Database {
  const db = drizzlePglite(pg, { schema, casing: 'snake_case' }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    pglite: pg,
    async rows<T>(query: SQL, on: DbOrTx = db) {
      return ((await on.execute(query)) as unknown as { rows: T[] }).rows;
    },
    close: () => pg.close(),
  };
}
