import { describeDatabase, parseConfig } from '../../api/config.js';
import { type Database, openDatabase } from '../../api/db/client.js';
import { migrate } from '../../api/db/migrate.js';

/**
 * The database a CLI command works on, migrated, announced on stderr. On the embedded database
 * the command holds its folder until close(); while a hub holds it, this throws
 * DataDirLockedError naming the hub, before anything is written.
 */
export async function openCliDatabase(env: Record<string, string | undefined> = process.env): Promise<Database> {
  const config = parseConfig(env);
  const database = await openDatabase(config.database, { max: 4 });
  try {
    await migrate(database);
  } catch (err) {
    await database.close().catch(() => {});
    throw err;
  }
  process.stderr.write(`database: ${describeDatabase(config.database)}\n`);
  return database;
}
