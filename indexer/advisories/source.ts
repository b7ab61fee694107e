import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';

/** One advisory file: `rel` is its path in the database layout (`crates/h2/RUSTSEC-2024-0003.md`). */
export type AdvisoryFile = { rel: string; dir: string; origin: string; text: string } | { rel: string; origin: string; problem: string };

/** Advisory files sit at `crates/<crate>/RUSTSEC-….md`; an archive may add a top folder (`advisory-db-main/`). */
const LAYOUT = /(?:^|\/)(crates\/([^/]+)\/[^/]+\.md)$/;
/** The largest advisory in the database is about 20 KB; anything far larger is not one. */
const MAX_BYTES = 1 << 20;

/**
 * The advisory files of a RustSec advisory-db checkout (or its `crates/` folder) or of a
 * `.tar.gz` of one, in path order for a directory, archive order for an archive. The `rust/`
 * folder (advisories against the toolchain, not crates) is not read.
 */
export async function* advisoryFiles(input: string): AsyncIterable<AdvisoryFile> {
  const stat = fs.statSync(input);
  if (stat.isDirectory()) yield* fromDirectory(input);
  else if (/\.(tar\.gz|tgz)$/.test(input)) yield* fromArchive(input);
  else {
    const m = LAYOUT.exec(path.resolve(input).split(path.sep).join('/'));
    if (!m) yield { rel: input, origin: input, problem: 'not an advisory file (crates/<crate>/RUSTSEC-….md)' };
    else yield read(m[1]!, m[2]!, input, stat.size);
  }
}

function read(rel: string, dir: string, file: string, size: number): AdvisoryFile {
  if (size > MAX_BYTES) return { rel, origin: file, problem: `larger than ${MAX_BYTES} bytes` };
  return { rel, dir, origin: file, text: fs.readFileSync(file, 'utf8') };
}

function* fromDirectory(root: string): Iterable<AdvisoryFile> {
  const crates = path.basename(root) === 'crates' ? root : path.join(root, 'crates');
  if (!fs.existsSync(crates)) throw new Error(`${root} has no crates/ folder: not a RustSec advisory database`);
  for (const dir of fs.readdirSync(crates).sort()) {
    if (dir.startsWith('.') || !fs.statSync(path.join(crates, dir)).isDirectory()) continue;
    for (const name of fs.readdirSync(path.join(crates, dir)).sort()) {
      if (!name.endsWith('.md')) continue;
      const file = path.join(crates, dir, name);
      yield read(`crates/${dir}/${name}`, dir, file, fs.statSync(file).size);
    }
  }
}

async function* fromArchive(file: string): AsyncIterable<AdvisoryFile> {
  const extract = tar.extract();
  const piping = pipeline(fs.createReadStream(file), createGunzip(), extract);
  for await (const entry of extract) {
    const m = entry.header.type === 'file' ? LAYOUT.exec(entry.header.name) : null;
    if (!m) {
      entry.resume();
      continue;
    }
    const origin = `${file}:${entry.header.name.replace(/^\.\//, '')}`;
    if ((entry.header.size ?? 0) > MAX_BYTES) {
      entry.resume();
      yield { rel: m[1]!, origin, problem: `larger than ${MAX_BYTES} bytes` };
      continue;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    yield { rel: m[1]!, dir: m[2]!, origin, text: Buffer.concat(chunks).toString('utf8') };
  }
  await piping;
}

/** How many advisory files a directory input holds (for progress); 0 when unknown (an archive, a single file). */
export function advisoryFileCount(input: string): number {
  try {
    if (!fs.statSync(input).isDirectory()) return 0;
    const crates = path.basename(input) === 'crates' ? input : path.join(input, 'crates');
    return fs.readdirSync(crates).reduce((n, dir) => {
      const full = path.join(crates, dir);
      return n + (fs.statSync(full).isDirectory() ? fs.readdirSync(full).filter((f) => f.endsWith('.md')).length : 0);
    }, 0);
  } catch {
    return 0;
  }
}
