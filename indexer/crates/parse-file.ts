import { createHash } from 'node:crypto';
import type { RunProblem } from '../../api/db/schema/indexing.js';
import { nameKey } from '../../api/engine/formats/names.js';
import { defaultVersion, maxVersion } from '../../api/engine/formats/versions-order.js';
import { type IndexRecord, parseIndexLine } from '../../api/engine/formats/index-record.js';
import type { IndexFile } from '../sources/crates-index-files.js';

/** A crate's index file, validated line by line, ready for the batch writer. */
export type ParsedCrateFile = {
  name: string;
  key: string;
  origin: string;
  sha256: string;
  etag: string | null;
  /** The valid lines' records. */
  lines: { record: IndexRecord }[];
  /** True when every line was valid: only then may versions missing from the file be removed. */
  complete: boolean;
  defaultVersion: string | null;
  maxVersion: string | null;
};

/**
 * Validates every line of one index file. A bad line is reported with file and line number and
 * left out; the file's other lines still load.
 */
export function parseCrateFile(file: IndexFile, sha256: string, problems: (p: RunProblem) => void): ParsedCrateFile {
  const key = nameKey('crates', file.name);
  const lines: ParsedCrateFile['lines'] = [];
  const seen = new Set<string>();
  let complete = true;
  const raw = file.text.split('\n');
  raw.forEach((text, i) => {
    if (text.trim() === '') return;
    const bad = (reason: string) => {
      complete = false;
      problems({ file: file.origin, line: i + 1, reason });
    };
    const parsed = parseIndexLine(text);
    if (!parsed.ok) return bad(parsed.reason);
    const r = parsed.record;
    if (nameKey('crates', r.name) !== key) return bad(`record for '${r.name}' in the file of '${file.name}'`);
    if (seen.has(r.vers)) return bad(`version ${r.vers} appears twice`);
    seen.add(r.vers);
    lines.push({ record: r });
  });
  const vs = lines.map((l) => ({ num: l.record.vers, yanked: l.record.yanked }));
  return {
    name: lines[0]?.record.name ?? file.name,
    key,
    origin: file.origin,
    sha256,
    etag: file.etag ?? null,
    lines,
    complete,
    defaultVersion: defaultVersion(vs),
    maxVersion: maxVersion(vs),
  };
}

/** The content hash that decides whether a file changed since it was last stored. */
export function fileHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
