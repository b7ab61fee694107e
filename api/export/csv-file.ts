import { once } from 'node:events';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';

export type Cell = string | number | boolean | null | undefined;

/**
 * One CSV file written row by row with its header, the way PostgreSQL's `COPY … CSV HEADER`
 * writes crates.io's dump: NULL is an empty field, booleans are `t`/`f`. Writes wait for the
 * disk when the buffer is full, so a table of any size takes constant memory.
 */
export class CsvFile {
  rows = 0;
  private readonly out;
  private readonly finished: Promise<void>;

  constructor(readonly path: string, columns: readonly string[]) {
    this.out = stringify({ header: true, columns: [...columns] });
    this.finished = pipeline(this.out, fs.createWriteStream(path));
  }

  async write(row: Cell[]): Promise<void> {
    this.rows++;
    if (!this.out.write(row.map((v) => (typeof v === 'boolean' ? (v ? 't' : 'f') : v)))) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    this.out.end();
    await this.finished;
  }

  /** Stops writing after a failure elsewhere; the file is left to be removed. */
  async abort(): Promise<void> {
    this.out.destroy();
    await this.finished.catch(() => {});
  }
}

/**
 * A PostgreSQL array literal (`{"a","b/c"}`), as the dump writes `text[]` columns; every element
 * quoted, so commas, braces and spaces in feature names survive.
 */
export function pgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
