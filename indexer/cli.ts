import { parseArgs } from 'node:util';
import { ConfigError, describeDatabase, parseConfig } from '../api/config.js';
import { openDatabase } from '../api/db/client.js';
import { migrate } from '../api/db/migrate.js';
import { serve } from '../api/main.js';

const HELP = `ferrite — the Rust + AI registry hub

Usage: ferrite <command> [options]

Commands:
  serve      Start the hub (migrates the database first)
  migrate    Apply database migrations and exit
  help       Show this help

Environment:
  DATABASE_URL      PostgreSQL server URL; unset → embedded PGlite in $FERRITE_DATA_DIR/db
  FERRITE_DATA_DIR  Data folder for the embedded database (default .ferrite)
  MEILI_HOST        Meilisearch URL; unset → embedded PostgreSQL full-text search
  MEILI_API_KEY     Meilisearch API key
  PORT, HOST        Where to listen (default 3000 on 127.0.0.1)
  LOG_LEVEL         fatal | error | warn | info | debug | trace | silent (default info)
`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  async serve() {
    const server = await serve();
    await new Promise<void>((resolve) => {
      for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve());
    });
    process.stdout.write('Stopping…\n');
    await server.stop();
    return 0;
  },
  async migrate() {
    const config = parseConfig(process.env);
    const database = await openDatabase(config.database, { max: 1 });
    try {
      await migrate(database);
      process.stdout.write(`Migrated ${describeDatabase(config.database)}\n`);
    } finally {
      await database.close();
    }
    return 0;
  },
  async help() {
    process.stdout.write(HELP);
    return 0;
  },
};

async function main(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: false });
  const [name = 'help', ...rest] = positionals;
  const command = commands[name];
  if (!command) {
    process.stderr.write(`Unknown command '${name}'.\n\n${HELP}`);
    return 2;
  }
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
    else process.stderr.write(`ferrite: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
