import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { parse as parseToml } from 'smol-toml';
import tar from 'tar-stream';

/** A manifest to read: its text, where it came from, and what else the source knows. */
export type ManifestInput = {
  origin: string;
  source: 'manifest' | 'archive';
  text: string;
  /** `[workspace.package]` of the enclosing workspace, for inherited fields. */
  workspace: Record<string, unknown>;
  /** `src/lib.rs` from a `.crate` archive. */
  libRs?: string;
};

const SKIP_DIRS = new Set(['target', 'node_modules', '.git']);

/** Cargo.toml files, directories of them (searched recursively) and `.crate` archives. */
export async function* manifestInputs(inputs: string[], missing: (input: string) => void): AsyncIterable<ManifestInput> {
  for (const input of inputs) {
    if (!fs.existsSync(input)) {
      missing(input);
      continue;
    }
    if (fs.statSync(input).isDirectory()) {
      for (const file of findManifests(input)) yield fromFile(file, input);
    } else if (input.endsWith('.crate')) {
      yield await fromArchive(input);
    } else {
      yield fromFile(input, path.dirname(input));
    }
  }
}

function findManifests(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory() && !SKIP_DIRS.has(e.name)) visit(path.join(dir, e.name));
      else if (e.isFile() && e.name === 'Cargo.toml') out.push(path.join(dir, e.name));
    }
  };
  visit(root);
  return out.sort();
}

function fromFile(file: string, root: string): ManifestInput {
  return { origin: file, source: 'manifest', text: fs.readFileSync(file, 'utf8'), workspace: workspaceOf(path.dirname(file), path.resolve(root)) };
}

/** The nearest `[workspace.package]` from the manifest's folder up to (and including) the input root's parent. */
function workspaceOf(dir: string, root: string): Record<string, unknown> {
  const stop = path.dirname(root);
  for (let d = path.resolve(dir); d !== stop && d !== path.dirname(d); d = path.dirname(d)) {
    const f = path.join(d, 'Cargo.toml');
    if (!fs.existsSync(f)) continue;
    try {
      const ws = (parseToml(fs.readFileSync(f, 'utf8')) as { workspace?: { package?: Record<string, unknown> } }).workspace;
      if (ws) return ws.package ?? {};
    } catch {
      return {};
    }
  }
  return {};
}

/** A published `.crate` (a .tar.gz of `<name>-<version>/…`): its normalised Cargo.toml and src/lib.rs. */
async function fromArchive(file: string): Promise<ManifestInput> {
  const extract = tar.extract();
  const piping = pipeline(fs.createReadStream(file), createGunzip(), extract);
  let text = '';
  let libRs: string | undefined;
  for await (const entry of extract) {
    const rel = entry.header.name.split('/').slice(1).join('/');
    if (rel === 'Cargo.toml' || rel === 'src/lib.rs') {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      if (rel === 'Cargo.toml') text = Buffer.concat(chunks).toString('utf8');
      else libRs = Buffer.concat(chunks).toString('utf8');
    } else entry.resume();
  }
  await piping;
  return { origin: file, source: 'archive', text, workspace: {}, libRs };
}
