import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { crateNameFromPath } from '../../api/engine/formats/index-path.js';

/** One crate's index file, as read from a local source. */
export type IndexFile = { name: string; origin: string; text: string; /** HTTP sources: the response's ETag. */ etag?: string };

/** Progress in the source's own unit (files, or compressed bytes for archives). */
export type IndexFileSource = {
  describe: string;
  files(progress?: (p: { unit: 'files' | 'bytes'; total: number }) => (done: number) => void): AsyncIterable<IndexFile>;
};

/**
 * Opens a local crates.io index in any of its shapes: a directory in the index layout (a git
 * checkout or an unpacked archive), a `.tar.gz` of one, or a single index file.
 */
export function openLocalIndex(input: string): IndexFileSource {
  const stat = fs.statSync(input);
  if (stat.isDirectory()) return directorySource(input);
  if (/\.(tar\.gz|tgz)$/.test(input)) return tarGzSource(input, stat.size);
  return singleFileSource(input);
}

function directorySource(root: string): IndexFileSource {
  return {
    describe: `index directory ${root}`,
    async *files(progress) {
      const rels = walk(root);
      const advance = progress?.({ unit: 'files', total: rels.length });
      let done = 0;
      for (const rel of rels) {
        const name = crateNameFromPath(rel);
        if (name) yield { name, origin: path.join(root, rel), text: fs.readFileSync(path.join(root, rel), 'utf8') };
        advance?.(++done);
      }
    },
  };
}

/** Index-layout files below root, in a stable order; `.git`, `config.json` and dotfiles are not crates. */
function walk(root: string): string[] {
  const out: string[] = [];
  const visit = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) visit(child);
      else if (entry.isFile() && crateNameFromPath(child)) out.push(child);
    }
  };
  visit('');
  return out.sort();
}

function tarGzSource(file: string, size: number): IndexFileSource {
  return {
    describe: `index archive ${file}`,
    async *files(progress) {
      const advance = progress?.({ unit: 'bytes', total: size });
      const input = fs.createReadStream(file);
      let read = 0;
      input.on('data', (chunk) => advance?.((read += chunk.length)));
      const extract = tar.extract();
      const piping = pipeline(input, createGunzip(), extract);
      for await (const entry of extract) {
        const rel = entry.header.name;
        const name = entry.header.type === 'file' ? crateNameFromPath(rel) : null;
        if (!name) {
          entry.resume();
          continue;
        }
        const chunks: Buffer[] = [];
        for await (const chunk of entry) chunks.push(chunk as Buffer);
        yield { name, origin: `${file}:${rel.replace(/^\.\//, '')}`, text: Buffer.concat(chunks).toString('utf8') };
      }
      await piping;
    },
  };
}

function singleFileSource(file: string): IndexFileSource {
  return {
    describe: `index file ${file}`,
    async *files(progress) {
      const advance = progress?.({ unit: 'files', total: 1 });
      const text = fs.readFileSync(file, 'utf8');
      // A lone file's name is its crate's; fall back to the first record's name if renamed.
      const base = path.basename(file);
      const firstName = /"name":"([^"]+)"/.exec(text)?.[1];
      yield { name: /^[A-Za-z0-9_-]+$/.test(base) ? base : firstName ?? base, origin: file, text };
      advance?.(1);
    },
  };
}
