import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';

/**
 * Limits for reading an untrusted `.crate` (a .tar.gz of `<name>-<version>/…`). Nothing is ever
 * written out of an archive: wanted files are read into memory, each under its own cap, so a
 * hostile archive can neither fill the disk nor write outside the store, and a gzip bomb stops
 * at MAX_UNPACKED_BYTES.
 */
export const ARCHIVE_LIMITS = {
  maxEntries: 50_000,
  maxUnpackedBytes: 512 * 1024 * 1024,
  maxTextBytes: 1024 * 1024,
};

/** cargo packages every file with this mtime since 1.80 for reproducible archives: it says nothing about publication. */
const CARGO_FIXED_MTIME = 1153704088;
/** Older cargo wrote 0 or 1; no crate was published before Rust 1.0 (2015-05-15). */
const RUST_1_0 = 1431648000;

export class ArchiveUnreadable extends Error {}

export type ArchiveScan = {
  /** Wanted files found, by path inside the package (the `<name>-<version>/` prefix removed). */
  files: Map<string, string>;
  /** Files wanted but larger than the text cap. */
  tooLarge: string[];
  /** Entries whose path is not below `<name>-<version>/`, reported and ignored. */
  strayEntries: number;
  entries: number;
  /** Newest entry mtime, unless every entry carries cargo's fixed reproducible time. */
  newestMtime: Date | null;
};

/** One streaming pass over an archive on disk, keeping the files `wanted` selects (by path inside the package). */
export async function scanArchive(file: string, prefix: string, wanted: (rel: string) => boolean, limits = ARCHIVE_LIMITS): Promise<ArchiveScan> {
  const scan: ArchiveScan = { files: new Map(), tooLarge: [], strayEntries: 0, entries: 0, newestMtime: null };
  const extract = tar.extract();
  let unpacked = 0;
  let newest = 0;
  const reading = (async () => {
    for await (const entry of extract) {
      const h = entry.header;
      scan.entries++;
      unpacked += h.size ?? 0;
      if (scan.entries > limits.maxEntries) throw new ArchiveUnreadable(`more than ${limits.maxEntries} entries`);
      if (unpacked > limits.maxUnpackedBytes) throw new ArchiveUnreadable(`unpacks to more than ${limits.maxUnpackedBytes} bytes`);
      const mtime = h.mtime ? Math.floor(h.mtime.getTime() / 1000) : 0;
      if (mtime !== CARGO_FIXED_MTIME && mtime >= RUST_1_0 && mtime > newest) newest = mtime;
      const name = h.name.replace(/^\.\//, '');
      if (!name.startsWith(`${prefix}/`)) {
        scan.strayEntries++;
        entry.resume();
        continue;
      }
      const rel = name.slice(prefix.length + 1);
      if (h.type !== 'file' || !wanted(rel)) {
        entry.resume();
        continue;
      }
      if ((h.size ?? 0) > limits.maxTextBytes) {
        scan.tooLarge.push(rel);
        entry.resume();
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      scan.files.set(rel, Buffer.concat(chunks).toString('utf8'));
    }
  })();
  try {
    await Promise.all([pipeline(fs.createReadStream(file), createGunzip(), extract), reading]);
  } catch (err) {
    extract.destroy();
    if (err instanceof ArchiveUnreadable) throw err;
    throw new ArchiveUnreadable(`not a readable .crate (gzip'd tar): ${(err as Error).message}`);
  }
  scan.newestMtime = newest > 0 ? new Date(newest * 1000) : null;
  return scan;
}
