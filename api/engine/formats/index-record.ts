import { z } from 'zod';
import { CRATE_NAME, CRATE_NAME_RULE, DEPENDENCY_NAME, FEATURE_NAME, FEATURE_VALUE } from './names.js';
import { jsonPath, parsedJsonProblem, storableText } from './untrusted-json.js';

/** The SemVer 2.0.0 grammar (semver.org), which cargo's `semver` crate parses; numbers may exceed 2^53. */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/**
 * One line of a crates.io index file (Cargo Book, "Registry index"). Unknown top-level keys are
 * accepted and kept, so a newer index format never loses data here. Names follow crates.io's own
 * rules (see names.ts): a name the registry would refuse is a forged or damaged line.
 */
const DepSchema = z.looseObject({
  name: z.string().regex(DEPENDENCY_NAME, 'not a dependency name'),
  req: z.string(),
  features: z.array(z.string()),
  optional: z.boolean(),
  default_features: z.boolean(),
  target: z.string().nullable(),
  kind: z.enum(['normal', 'build', 'dev']).nullable(),
  package: z.string().regex(CRATE_NAME, CRATE_NAME_RULE).optional(),
  registry: z.string().optional(),
});

const FeatureMap = z.record(z.string().regex(FEATURE_NAME, 'not a feature name'), z.array(z.string().regex(FEATURE_VALUE, 'not a feature, `dep:` or `crate/feature` entry')));

/** One dependency of an index record, as the index writes it. */
export type IndexDep = {
  name: string;
  req: string;
  features: string[];
  optional: boolean;
  default_features: boolean;
  target: string | null;
  kind: 'normal' | 'build' | 'dev' | null;
  package?: string;
  registry?: string;
  [extra: string]: unknown;
};

export const IndexRecordSchema = z.looseObject({
  name: z.string().regex(CRATE_NAME, CRATE_NAME_RULE),
  vers: z.string().regex(SEMVER, 'not a semantic version'),
  deps: z.array(DepSchema),
  cksum: z.string().regex(/^[0-9a-f]{64}$/, 'cksum must be 64 lower-case hex digits'),
  features: FeatureMap,
  features2: FeatureMap.optional(),
  yanked: z.boolean(),
  links: z.string().nullable().optional(),
  rust_version: z.string().nullable().optional(),
  // Stored as smallint; the format is at version 2.
  v: z.number().int().min(1).max(32767).optional(),
  pubtime: z.iso.datetime({ offset: true }).optional(),
});

export type IndexRecord = z.infer<typeof IndexRecordSchema>;

/** The order crates.io writes the keys in; unknown keys follow in their original order. */
const KNOWN_KEYS = ['name', 'vers', 'deps', 'cksum', 'features', 'features2', 'yanked', 'links', 'rust_version', 'v', 'pubtime'];

/** The stored form of an index record: what goes into the `versions` row. */
export type IndexColumns = {
  num: string;
  yanked: boolean;
  cksum: string;
  deps: IndexDep[];
  features: Record<string, string[]>;
  features2: Record<string, string[]> | null;
  links: string | null;
  rustVersion: string | null;
  indexV: number | null;
  indexExtra: Record<string, unknown> | null;
  publishedAt: Date | null;
};

export function toIndexColumns(r: IndexRecord): IndexColumns {
  const extra: Record<string, unknown> = {};
  // `links: null` and an absent `links` mean the same to cargo, but keep which one it was.
  if (r.links === null) extra.links = null;
  if (r.rust_version === null) extra.rust_version = null;
  for (const [k, v] of Object.entries(r)) if (!KNOWN_KEYS.includes(k)) extra[k] = v;
  return {
    num: r.vers,
    yanked: r.yanked,
    cksum: r.cksum,
    deps: r.deps as IndexDep[],
    features: r.features,
    features2: r.features2 ?? null,
    links: r.links ?? null,
    rustVersion: r.rust_version ?? null,
    indexV: r.v ?? null,
    indexExtra: Object.keys(extra).length ? extra : null,
    publishedAt: r.pubtime ? new Date(r.pubtime) : null,
  };
}

/** Rebuilds the index record, key for key, from a stored row. */
export function fromIndexColumns(name: string, c: Omit<IndexColumns, 'num'> & { num: string }): Record<string, unknown> {
  const extra = c.indexExtra ?? {};
  const out: Record<string, unknown> = { name, vers: c.num, deps: c.deps, cksum: c.cksum, features: c.features };
  if (c.features2 !== null) out.features2 = c.features2;
  out.yanked = c.yanked;
  if (c.links !== null) out.links = c.links;
  else if ('links' in extra) out.links = null;
  if (c.rustVersion !== null) out.rust_version = c.rustVersion;
  else if ('rust_version' in extra) out.rust_version = null;
  if (c.indexV !== null) out.v = c.indexV;
  if (c.publishedAt) out.pubtime = formatPubtime(c.publishedAt);
  for (const [k, v] of Object.entries(extra)) if (!KNOWN_KEYS.includes(k)) out[k] = v;
  return out;
}

/** crates.io writes pubtime as RFC 3339 UTC to the second (`2025-01-01T12:00:00Z`). */
function formatPubtime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export type ParsedLine = { ok: true; record: IndexRecord } | { ok: false; reason: string };

/**
 * Validates one index line. On success it returns the object exactly as `JSON.parse` built it:
 * zod's output re-creates objects with its own key order, which would lose the line's order.
 * An index line holds names and version data, no free text, so a NUL or a lone surrogate
 * anywhere in it refuses the line rather than being replaced.
 */
export function parseIndexLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    // V8 quotes the text around the error, NUL included.
    return { ok: false, reason: `not JSON: ${storableText((err as Error).message)}` };
  }
  const problem = parsedJsonProblem(line, value);
  if (problem) return { ok: false, reason: problem };
  const result = IndexRecordSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    // A refused feature name comes as "invalid key"; the rule it broke is in the nested issue.
    const message = issue.code === 'invalid_key' ? issue.issues[0]?.message ?? issue.message : issue.message;
    return { ok: false, reason: `${jsonPath(issue.path)}: ${message}` };
  }
  return { ok: true, record: value as IndexRecord };
}
