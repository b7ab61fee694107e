import { Writable } from 'node:stream';
import type { Database } from '../../api/db/client.js';
import { indexCrates, type IndexCratesOptions } from '../../indexer/commands/index-crates.js';
import type { Progress } from '../../indexer/progress.js';

const silentProgress: Progress = { start() {}, update() {}, stop() {} };

/** Runs `ferrite index crates` in-process, capturing what it would print on stderr. */
export async function runIndexCrates(database: Database, inputs: string[], opts: IndexCratesOptions = {}) {
  const lines: string[] = [];
  const out = new Writable({
    write(chunk, _e, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const result = await indexCrates(database, inputs, { progress: silentProgress, out, ...opts });
  return { ...result, output: lines };
}
