import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** crates.io refuses uploads above 10 MiB unless raised per crate; a few are larger. Anything past this is refused. */
export const MAX_ARCHIVE_BYTES = 64 * 1024 * 1024;

const SHA256 = /^[0-9a-f]{64}$/;

/** An archive that may not be stored: its checksum is not the index's, or it is too large. */
export class ArchiveRefused extends Error {}

/**
 * The content-addressed `.crate` store: `<root>/sha256/<ab>/<sha256>.crate`. A file is written to
 * a temporary name while its sha256 is computed and renamed into place only when it matches the
 * index `cksum`, so the store never holds a partial or unverified archive, and a crash leaves
 * only a temporary file behind (removed on the next write of the same archive or by the operator).
 */
export class ArchiveStore {
  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new ArchiveRefused(`'${sha256.slice(0, 80)}' is not a sha256`);
    return path.join(this.root, 'sha256', sha256.slice(0, 2), `${sha256}.crate`);
  }

  has(sha256: string): boolean {
    return SHA256.test(sha256) && fs.existsSync(this.pathOf(sha256));
  }

  open(sha256: string): fs.ReadStream {
    return fs.createReadStream(this.pathOf(sha256));
  }

  size(sha256: string): number {
    return fs.statSync(this.pathOf(sha256)).size;
  }

  /** Streams `source` in, verifying it against `expectedSha256` and the size cap; returns the stored size. */
  async put(source: Readable | AsyncIterable<Uint8Array>, expectedSha256: string, maxBytes = MAX_ARCHIVE_BYTES): Promise<{ sha256: string; size: number }> {
    const target = this.pathOf(expectedSha256);
    if (fs.existsSync(target)) return { sha256: expectedSha256, size: fs.statSync(target).size };
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = path.join(path.dirname(target), `.${expectedSha256}.${randomUUID()}.tmp`);
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new ArchiveRefused(`larger than ${maxBytes} bytes`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, fs.createWriteStream(tmp, { flags: 'wx' }));
      const actual = hash.digest('hex');
      if (actual !== expectedSha256) throw new ArchiveRefused(`sha256 ${actual} does not match the index cksum ${expectedSha256}`);
      fs.renameSync(tmp, target);
      return { sha256: actual, size };
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
}
