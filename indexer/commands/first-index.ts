import readline from 'node:readline/promises';
import { sql } from 'drizzle-orm';
import type { Database } from '../../api/db/client.js';
import { STARTER_CRATES, STARTER_NPM } from '../starter-list.js';
import { formatSummary, indexCrates } from './index-crates.js';
import { formatNpmSummary, indexNpm } from './index-npm.js';
import { formatCompatSummary, runCompatPass } from '../sync/compat-claims.js';

export type FirstIndexEnv = {
  /** A local crates.io index (directory or .tar.gz) to read the starter crates from. */
  FERRITE_CRATES_INDEX?: string;
  /** A sparse index URL to fetch the starter crates from. */
  FERRITE_CRATES_SPARSE_URL?: string;
  /** `0` turns the first indexing off. */
  FERRITE_FIRST_INDEX?: string;
};

/**
 * On an empty catalog, offers to index the starter list. On a terminal it asks first; anywhere
 * else it goes ahead without waiting for input. A source that cannot be reached is reported in
 * one line and skipped. Runs while the hub already serves requests.
 */
export async function offerFirstIndex(database: Database, env: FirstIndexEnv, io: { input: NodeJS.ReadableStream & { isTTY?: boolean }; out: NodeJS.WritableStream }) {
  if (env.FERRITE_FIRST_INDEX === '0') return;
  const [row] = await database.rows<{ n: number }>(sql`select count(*)::int as n from packages`);
  if ((row?.n ?? 0) > 0) return;
  if (io.input.isTTY) {
    const rl = readline.createInterface({ input: io.input, output: io.out });
    const answer = await rl.question(`The catalog is empty. Index the starter list (${STARTER_CRATES.length} crates, ${STARTER_NPM.length} npm packages) now? [Y/n] `);
    rl.close();
    if (/^n/i.test(answer.trim())) return;
  } else {
    io.out.write(`The catalog is empty: indexing the starter list (set FERRITE_FIRST_INDEX=0 to skip).\n`);
  }
  const crateSource = env.FERRITE_CRATES_INDEX ?? env.FERRITE_CRATES_SPARSE_URL;
  if (!crateSource) {
    io.out.write('skipped crates: no crates index configured (set FERRITE_CRATES_INDEX to an index directory or .tar.gz, or FERRITE_CRATES_SPARSE_URL)\n');
  } else {
    // A local index is read whole: it is fast, and the starter crates' dependencies come along.
    const result = await indexCrates(database, [crateSource], { crates: STARTER_CRATES, out: io.out });
    io.out.write(formatSummary(result) + '\n');
  }
  const npm = await indexNpm(database, STARTER_NPM, { out: io.out });
  io.out.write(formatNpmSummary(npm) + '\n');
  io.out.write(formatCompatSummary(await runCompatPass(database)) + '\n');
}
