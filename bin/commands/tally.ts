import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { formatTally } from '../../api/governance/format.js';
import { tally, TallyInputError, type TallyInput } from '../../api/governance/tally.js';
import { usage } from './command.js';

/** `ferrite tally <ballots.json> [--json]`: counts a ballots file with the server's own code, no database. */
export async function tallyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (positionals.length !== 1) return usage('Usage: ferrite tally <ballots.json> [--json]');
  let input: unknown;
  try {
    input = JSON.parse(fs.readFileSync(positionals[0]!, 'utf8'));
  } catch (err) {
    process.stderr.write(`${positionals[0]}: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    const r = tally(input as TallyInput);
    const { winner, ranking, rounds, passed } = r;
    process.stdout.write(values.json ? `${JSON.stringify({ winner, ranking, rounds, passed, quorumMet: r.quorumMet, tied: r.tied }, null, 2)}\n` : formatTally(r));
    return 0;
  } catch (err) {
    if (!(err instanceof TallyInputError)) throw err;
    process.stderr.write(`${positionals[0]} cannot be counted:\n${err.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}\n`);
    return 1;
  }
}
