import path from 'node:path';
import { storableText } from '../engine/formats/untrusted-json.js';
import type { ArchiveManifest, NoStdEvidence } from './facts-types.js';
import { readArchiveManifest } from './manifest.js';
import { noStdEvidence } from './no-std.js';
import { ArchiveUnreadable, scanArchive } from './read-archive.js';
import { renderReadme } from './readme.js';

export type ExtractedFacts = {
  manifest: ArchiveManifest;
  readmePath: string | null;
  readmeHtml: string | null;
  noStd: NoStdEvidence;
  problems: string[];
  newestMtime: Date | null;
};

const FIRST_PASS = (rel: string) =>
  rel === 'Cargo.toml' || rel === '.cargo_vcs_info.json' || rel === 'src/lib.rs' || /^readme(\.[a-z]+)?$/i.test(rel);

/** Inside the package, normalised; null for a path that leaves it (`../x`, absolute). */
function packagePath(p: string): string | null {
  const n = path.posix.normalize(p.replace(/\\/g, '/'));
  return n.startsWith('../') || n === '..' || n.startsWith('/') ? null : n;
}

/**
 * Reads a stored `.crate`: its Cargo.toml (must name this crate and version), README rendered to
 * sanitized HTML, and the library root's no_std attribute. At most two streaming passes: the
 * second only when Cargo.toml names a README or `[lib] path` the first pass did not keep.
 */
export async function extractArchiveFacts(file: string, name: string, version: string): Promise<ExtractedFacts> {
  const prefix = `${name}-${version}`;
  const first = await scanArchive(file, prefix, FIRST_PASS);
  const problems: string[] = [];
  if (first.strayEntries) problems.push(`${first.strayEntries} entries outside ${prefix}/ ignored`);
  const toml = first.files.get('Cargo.toml');
  if (toml === undefined) throw new ArchiveUnreadable(first.tooLarge.includes('Cargo.toml') ? 'Cargo.toml is too large' : `no ${prefix}/Cargo.toml`);
  const read = readArchiveManifest(toml);
  if (!read.ok) throw new ArchiveUnreadable(read.reason);
  const manifest = read.manifest;
  if (manifest.name !== name || manifest.version !== version) throw new ArchiveUnreadable(`Cargo.toml says ${manifest.name} ${manifest.version}, not ${name} ${version}`);

  const libPath = packagePath(manifest.libPath ?? 'src/lib.rs');
  const readmeWanted = manifest.readme === false ? null : manifest.readme !== undefined ? packagePath(manifest.readme) : null;
  const files = new Map(first.files);
  const missing = [libPath, readmeWanted].filter((p): p is string => p !== null && !files.has(p) && !first.tooLarge.includes(p));
  if (missing.length) {
    const second = await scanArchive(file, prefix, (rel) => missing.includes(rel));
    for (const [k, v] of second.files) files.set(k, v);
    first.tooLarge.push(...second.tooLarge);
  }
  for (const p of first.tooLarge) problems.push(`${p} is larger than the text limit; not read`);

  const readmePath = manifest.readme === false ? null : readmeWanted && files.has(readmeWanted) ? readmeWanted : ['README.md', 'README'].find((p) => files.has(p)) ?? null;
  let readmeHtml: string | null = null;
  if (readmePath) {
    const vcs = vcsInfo(files.get('.cargo_vcs_info.json'));
    const format = /\.(md|markdown)$/i.test(readmePath) || readmePath === 'README' ? 'markdown' : 'text';
    readmeHtml = storableText(renderReadme(files.get(readmePath)!, { repository: manifest.repository, commit: vcs.commit, pathInVcs: vcs.pathInVcs, readmePath }, format));
  }
  const libRs = libPath ? files.get(libPath) : undefined;
  const noStd: NoStdEvidence = libRs !== undefined ? noStdEvidence(libRs, libPath!) : { kind: 'unknown' };
  return { manifest, readmePath, readmeHtml, noStd, problems, newestMtime: first.newestMtime };
}

/** `.cargo_vcs_info.json`: the commit and folder the package was made from, when cargo knew them. */
function vcsInfo(text: string | undefined): { commit?: string; pathInVcs?: string } {
  if (!text) return {};
  try {
    const j = JSON.parse(text) as { git?: { sha1?: unknown }; path_in_vcs?: unknown };
    const commit = typeof j.git?.sha1 === 'string' && /^[0-9a-f]{7,64}$/.test(j.git.sha1) ? j.git.sha1 : undefined;
    const p = typeof j.path_in_vcs === 'string' ? packagePath(j.path_in_vcs) : null;
    return { commit, pathInVcs: p && p !== '.' ? p : undefined };
  } catch {
    return {};
  }
}
