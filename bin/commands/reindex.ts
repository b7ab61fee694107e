import { parseConfig } from '../../api/config.js';
import { openDatabase } from '../../api/db/client.js';
import { openSearchEngine } from '../../api/search/open.js';
import { reindexAll } from '../../indexer/sync/search-drain.js';

/** `ferrite reindex`: rebuild the whole search index from the catalog and swap it in. */
export async function reindexCommand(): Promise<number> {
  const config = parseConfig(process.env);
  const database = await openDatabase(config.database, { max: 2 });
  try {
    const engine = openSearchEngine(config, database);
    const started = performance.now();
    const n = await reindexAll(database, engine);
    process.stdout.write(`Reindexed ${n} packages into ${engine.name} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  } finally {
    await database.close();
  }
  return 0;
}
