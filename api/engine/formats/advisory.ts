import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { requirementRange } from '../advisories/affected.js';
import { CRATE_NAME, CRATE_NAME_RULE } from './names.js';
import { storableText } from './untrusted-json.js';

/**
 * One RustSec advisory file (`crates/<crate>/RUSTSEC-YYYY-NNNN.md` in rustsec/advisory-db): TOML
 * front matter in a ```toml fence, then Markdown whose first heading is the title. The fields
 * follow the database's EXAMPLE_ADVISORY.md and the `rustsec` crate's schema.
 */
export type Advisory = {
  id: string;
  package: string;
  date: string;
  url: string | null;
  references: string[];
  categories: string[];
  keywords: string[];
  aliases: string[];
  related: string[];
  cvss: string | null;
  informational: 'unmaintained' | 'unsound' | 'notice' | null;
  withdrawn: string | null;
  license: string | null;
  affected: { arch: string[]; os: string[]; functions: Record<string, string[]> };
  patched: string[];
  unaffected: string[];
  title: string;
  description: string;
};

export type ParsedAdvisory = { ok: true; advisory: Advisory } | { ok: false; reason: string };

const ID = /^RUSTSEC-\d{4}-\d{4}$/;
/** TOML may hold a date as a string or as a bare local date; both mean a calendar day. */
const Day = z.preprocess(
  (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
  z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a calendar date'),
);
const Texts = z.array(z.string().max(2000)).max(200).default([]);
/** A Cargo version requirement that the affected rule can read. */
const Requirement = z.string().max(200).refine((r) => requirementRange(r) !== null, { message: 'not a Cargo version requirement' });

const FrontMatter = z.object({
  advisory: z.looseObject({
    id: z.string().regex(ID, 'an id is RUSTSEC-YYYY-NNNN'),
    package: z.string().regex(CRATE_NAME, CRATE_NAME_RULE),
    date: Day,
    url: z.string().url().max(2000).optional(),
    references: Texts,
    categories: Texts,
    keywords: Texts,
    aliases: Texts,
    related: Texts,
    cvss: z.string().regex(/^CVSS:[34]\.\d\/[A-Z]+:[A-Z]/, 'not a CVSS v3 or v4 vector').max(300).optional(),
    // One file in the database has trailing blanks in this value.
    informational: z.string().trim().pipe(z.enum(['unmaintained', 'unsound', 'notice'])).optional(),
    withdrawn: Day.optional(),
    license: z.string().max(100).optional(),
  }),
  affected: z
    .object({
      arch: Texts,
      os: Texts,
      functions: z.record(z.string().max(500), z.array(Requirement).max(50)).default({}),
    })
    .optional(),
  versions: z.object({ patched: z.array(Requirement).max(100), unaffected: z.array(Requirement).max(100).default([]) }),
});

const FENCE = /^\s*```toml[ \t]*\r?\n([\s\S]*?)\r?\n```[ \t]*(?:\r?\n|$)/;

/** Reads one advisory file. `dirName` is the crate folder it sits in, which must name the same crate. */
export function parseAdvisory(text: string, dirName?: string): ParsedAdvisory {
  const fence = FENCE.exec(text);
  if (!fence) return { ok: false, reason: 'no ```toml front matter at the top' };
  let raw: unknown;
  try {
    raw = parseToml(fence[1]!);
  } catch (err) {
    return { ok: false, reason: `front matter is not TOML: ${storableText((err as Error).message.split('\n')[0] ?? '')}` };
  }
  const parsed = FrontMatter.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `${issue.path.join('.')}: ${issue.message}` };
  }
  const { advisory: a, affected, versions } = parsed.data;
  if (dirName !== undefined && dirName !== a.package) return { ok: false, reason: `package '${a.package}' is filed under crates/${dirName}/` };
  const { title, description } = splitBody(text.slice(fence[0].length));
  if (!title) return { ok: false, reason: 'no Markdown title (a `# ` heading) after the front matter' };
  return {
    ok: true,
    advisory: {
      id: a.id,
      package: a.package,
      date: a.date,
      url: a.url ?? null,
      references: a.references,
      categories: a.categories,
      keywords: a.keywords,
      aliases: a.aliases,
      related: a.related,
      cvss: a.cvss ?? null,
      informational: a.informational ?? null,
      withdrawn: a.withdrawn ?? null,
      license: a.license ?? null,
      affected: { arch: affected?.arch ?? [], os: affected?.os ?? [], functions: affected?.functions ?? {} },
      patched: versions.patched,
      unaffected: versions.unaffected,
      title,
      description,
    },
  };
}

/** The first `# ` heading is the title; everything after it is the description (Markdown, kept as written). */
function splitBody(body: string): { title: string; description: string } {
  const text = storableText(body).replace(/\r\n/g, '\n');
  const m = /^[ \t]*#[ \t]+(.+?)[ \t#]*$/m.exec(text);
  if (!m) return { title: '', description: text.trim() };
  return { title: m[1]!.trim(), description: text.slice(m.index + m[0].length).trim() };
}
