import { describeDatabase, parseConfig } from '../../api/config.js';
import { openDatabase } from '../../api/db/client.js';
import { migrate } from '../../api/db/migrate.js';
import { seedTargets } from '../../api/targets/seed.js';

/** `ferrite migrate`: apply the migrations and refresh the target table, then exit. */
export async function migrateCommand(): Promise<number> {
  const config = parseConfig(process.env);
  const database = await openDatabase(config.database, { max: 1 });
  try {
    await migrate(database);
    const targets = await seedTargets(database);
    process.stdout.write(`Migrated ${describeDatabase(config.database)}; ${targets} target rows updated\n`);
  } finally {
    await database.close();
  }
  return 0;
}
