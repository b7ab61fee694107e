import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type { Database } from './client.js';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** A migration the database refused (no CREATE right, a server too old…): the server's reason, no query text or parameters. */
export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** Applies the committed drizzle-kit migrations; safe to run on every start. */
export async function migrate(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_DIR };
  try {
    if (database.kind === 'pglite') await migratePglite(database.db as unknown as PgliteDatabase, config);
    else await migratePostgres(database.db as unknown as PostgresJsDatabase, config);
  } catch (err) {
    // Drizzle's own message is the failed query with its parameters; the driver's error is the reason.
    const reason = (err as { cause?: { message?: string; code?: string } }).cause;
    if (!reason?.message) throw err;
    throw new MigrationError(`cannot migrate the database: ${reason.message}${reason.code ? ` (${reason.code})` : ''}`, { cause: err });
  }
}
