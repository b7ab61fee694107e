import { parseArgs } from 'node:util';
import { analyzePaths, formatAnalysisTable } from '../../indexer/commands/analyze.js';
import { createProgress } from '../../indexer/progress.js';
import { usage } from './command.js';

/** `ferrite analyze …`: where each package runs, from files alone, with no database. */
export async function analyzeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (positionals.length === 0) return usage('Usage: ferrite analyze <dir|file|.tar.gz|packument.json>… [--json]');
  const result = await analyzePaths(positionals, createProgress());
  for (const p of result.problems) process.stderr.write(`skipped ${p}\n`);
  process.stdout.write(values.json ? `${JSON.stringify(result.analyses, null, 2)}\n` : `${formatAnalysisTable(result)}\n`);
  return result.analyses.length === 0 && result.problems.length > 0 ? 1 : 0;
}
