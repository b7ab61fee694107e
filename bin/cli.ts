import { ConfigError } from '../api/config.js';
import { DatabaseConnectError } from '../api/db/connect-error.js';
import { DataDirLockedError } from '../api/db/data-dir-lock.js';
import { MigrationError } from '../api/db/migrate.js';
import { analyzeCommand } from './commands/analyze.js';
import { type Command, UsageError } from './commands/command.js';
import { contributorsCommand } from './commands/contributors.js';
import { councilCommand } from './commands/council.js';
import { exportCommand } from './commands/export.js';
import { HELP, helpCommand } from './commands/help.js';
import { indexCommand } from './commands/index.js';
import { migrateCommand } from './commands/migrate.js';
import { ownersCommand } from './commands/owners.js';
import { reindexCommand } from './commands/reindex.js';
import { serveCommand } from './commands/serve.js';
import { tallyCommand } from './commands/tally.js';
import { verifyCommand } from './commands/verify.js';
import { workerCommand } from './commands/worker.js';

/** The `ferrite` entry: one file per command under bin/commands/; this file only dispatches and reports start-up errors. */
const commands: Record<string, Command> = {
  serve: () => serveCommand(),
  migrate: () => migrateCommand(),
  index: indexCommand,
  export: exportCommand,
  worker: () => workerCommand(),
  reindex: () => reindexCommand(),
  analyze: analyzeCommand,
  owners: ownersCommand,
  tally: tallyCommand,
  council: councilCommand,
  verify: verifyCommand,
  contributors: contributorsCommand,
  help: () => helpCommand(),
};

async function main(argv: string[]): Promise<number> {
  const [name = 'help', ...rest] = argv;
  const command = commands[name];
  if (name === '--help' || name === '-h') return helpCommand();
  if (!command) {
    process.stderr.write(`Unknown command '${name}'.\n\n${HELP}`);
    return 2;
  }
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof ConfigError || err instanceof UsageError) process.stderr.write(`${err.message}\n`);
    // Start-up problems an operator fixes (a busy data folder, a wrong DATABASE_URL): one line, no stack.
    else if (err instanceof DataDirLockedError || err instanceof DatabaseConnectError || err instanceof MigrationError) process.stderr.write(`ferrite: ${err.message}\n`);
    else process.stderr.write(`ferrite: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
