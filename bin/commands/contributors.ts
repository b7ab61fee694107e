import { importContributions, type ImportResult } from '../../api/contributors/import.js';
import { operatorCommand, usage } from './command.js';

export const formatImport = (r: ImportResult) => `contributors: ${r.people} new people, ${r.contributions} new contributions, ${r.suggestions} new merge suggestions`;

/** `ferrite contributors import`: credit people from owners, publishers, maintainers and Ferrite activity. */
export async function contributorsCommand(args: string[]): Promise<number> {
  if (args[0] !== 'import') return usage('Usage: ferrite contributors import');
  return operatorCommand(async (database) => formatImport(await importContributions(database)));
}
