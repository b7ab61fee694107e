import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { indexPath } from '../../api/engine/formats/index-path.js';
import { SHARED_DATA } from './shared-data.js';

export const INDEX_FULL = path.join(SHARED_DATA, 'crates-index', 'index-full');
export const INDEX_RECENT = path.join(SHARED_DATA, 'crates-index', 'index-recent');

export function realIndexFile(name: string, root = INDEX_FULL): string {
  return path.join(root, indexPath(name));
}

export function realLines(name: string, root = INDEX_FULL): string[] {
  return fs.readFileSync(realIndexFile(name, root), 'utf8').split('\n').filter(Boolean);
}

/** A scratch index directory (in the OS temp dir, never the repo) holding the given files. */
export function scratchIndex(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-index-'));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, indexPath(name));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return root;
}

/** Packs a directory in the index layout as a .tar.gz, as the shared archives are made. */
export async function packIndex(root: string, names: string[]): Promise<string> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-tgz-')), 'index.tar.gz');
  const pack = tar.pack();
  const done = new Promise<void>((resolve, reject) => {
    const ws = fs.createWriteStream(out);
    pack.pipe(createGzip()).pipe(ws);
    ws.on('finish', resolve);
    ws.on('error', reject);
  });
  pack.entry({ name: './config.json' }, '{"dl":"https://dl.invalid/api/v1/crates"}');
  for (const n of names) pack.entry({ name: `./${indexPath(n)}` }, fs.readFileSync(path.join(root, indexPath(n))));
  pack.finalize();
  await done;
  return out;
}
