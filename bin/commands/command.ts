import type { Database } from '../../api/db/client.js';
import { AppError } from '../../api/lib/problems.js';
import { openCliDatabase } from '../../indexer/commands/open.js';

/** A CLI command: its arguments in, the process exit code out. */
export type Command = (args: string[]) => Promise<number>;

/** Wrong arguments: the message is printed as it is, without a stack. */
export class UsageError extends Error {}

/** Prints a usage text and answers exit code 2, the shell's "wrong usage". */
export function usage(text: string): number {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  return 2;
}

/** Runs work on the CLI's database connection and always closes it. */
export async function withCliDatabase<T>(run: (database: Database) => Promise<T>): Promise<T> {
  const database = await openCliDatabase();
  try {
    return await run(database);
  } finally {
    await database.close();
  }
}

/** An operator's change: prints what it did, or the refusal's reason with exit code 1. */
export async function operatorCommand(run: (database: Database) => Promise<string>): Promise<number> {
  return withCliDatabase(async (database) => {
    try {
      process.stdout.write(`${await run(database)}\n`);
      return 0;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      process.stderr.write(`${err.detail ?? err.message}\n`);
      return 1;
    }
  });
}
