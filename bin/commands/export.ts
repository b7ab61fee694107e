import { parseArgs } from 'node:util';
import { exportCatalog, formatExportSummary } from '../../indexer/commands/export.js';
import { usage, withCliDatabase } from './command.js';

/** `ferrite export [--out FILE.tar.gz]`: the catalog in crates.io's database-dump layout. */
export async function exportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
  if (positionals.length) return usage('Usage: ferrite export [--out FILE.tar.gz]');
  return withCliDatabase(async (database) => {
    process.stdout.write(formatExportSummary(await exportCatalog(database, values.out)) + '\n');
    return 0;
  });
}
