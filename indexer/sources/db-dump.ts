import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import tar from 'tar-stream';
import type { RunProblem } from '../../api/db/schema/index.js';
import { storableText } from '../../api/engine/formats/untrusted-json.js';
import { DUMP_TABLES, type DumpTable, isDumpTable } from '../dump/tables.js';

export type DumpRows = { table: DumpTable; rows: Record<string, string>[] };

/**
 * Streams the CSV tables Ferrite uses out of a crates.io `db-dump.tar.gz`
 * (`<date>/data/<table>.csv`, with a header row), in batches, without unpacking it.
 * A row that does not parse is reported with its table and line and skipped. Every value is free
 * text to the staging tables, so a NUL or a lone surrogate becomes U+FFFD.
 */
export async function* readDbDump(
  file: string, problem: (p: RunProblem) => void, batchSize = 5000, onBytes?: (n: number) => void,
  tables: readonly DumpTable[] = Object.keys(DUMP_TABLES) as DumpTable[],
): AsyncIterable<DumpRows> {
  const input = fs.createReadStream(file);
  let read = 0;
  input.on('data', (c) => onBytes?.((read += c.length)));
  const extract = tar.extract();
  const piping = pipeline(input, createGunzip(), extract);
  const seen = new Set<string>();
  for await (const entry of extract) {
    const m = /(?:^|\/)data\/([a-z_]+)\.csv$/.exec(entry.header.name);
    const table = m?.[1];
    if (!table || !isDumpTable(table) || !tables.includes(table)) {
      entry.resume();
      continue;
    }
    seen.add(table);
    const wanted = DUMP_TABLES[table] as readonly string[];
    const origin = `${path.basename(file)}:${entry.header.name}`;
    const parser = entry.pipe(parse({ columns: true, skip_records_with_error: true, info: true }));
    parser.on('skip', (err: Error & { lines?: number }) => problem({ file: origin, line: err.lines, reason: storableText(err.message) }));
    let batch: Record<string, string>[] = [];
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      const missing = wanted.find((c) => !(c in record));
      if (missing) {
        problem({ file: origin, line: info.lines, reason: `no '${missing}' column` });
        continue;
      }
      batch.push(Object.fromEntries(wanted.map((c) => [c, storableText(record[c]!)])));
      if (batch.length >= batchSize) {
        yield { table, rows: batch };
        batch = [];
      }
    }
    if (batch.length) yield { table, rows: batch };
  }
  await piping;
  for (const t of tables) if (!seen.has(t)) problem({ file: path.basename(file), reason: `table ${t} is not in the dump` });
}
