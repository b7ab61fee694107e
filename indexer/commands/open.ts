import { describeDatabase, parseConfig } from '../../api/config.js';
import { type Database, openDatabase } from '../../api/db/client.js';
import { migrate } from '../../api/db/migrate.js';

/** The database a CLI command works on, migrated, announced on stderr. */
export async function openCliDatabase(env: Record<string, string | undefined> = process.env): Promise<Database> {
  const config = parseConfig(env);
  const database = await openDatabase(config.database, { max: 4 });
  await migrate(database);
  process.stderr.write(`database: ${describeDatabase(config.database)}\n`);
  return database;
}
