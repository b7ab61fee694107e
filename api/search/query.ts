import { ADVISORY_STATUSES, type AdvisoryStatus } from '../advisories/status.js';

/**
 * Ferrite's search language: free words plus qualifiers, as a developer types it.
 *   keyword:k  category:c  target:<triple>  profile:embedded|wasm|cloud  nostd:true  accel:cuda
 *   binding:napi-rs  msrv<=1.70  ecosystem:npm  council:embedded  advisory:none|vulnerable|unsound|unmaintained
 *   -term  "exact phrase"
 * Several keywords (and categories, accelerators…) are ANDed. Unknown qualifiers stay free text,
 * so `c:\path` or `std::io` never turn into errors. A bare `no_std`, `cuda` or `wasm` is free text
 * too: it matches the words or the facet and ranks by it, but never filters (see vocabulary.ts).
 */
export type ParsedQuery = {
  terms: string[];
  phrases: string[];
  excluded: string[];
  keywords: string[];
  categories: string[];
  targets: string[];
  profiles: string[];
  nostd: boolean;
  accelerators: string[];
  bindings: string[];
  msrvMax: string | null;
  ecosystem: 'crates' | 'npm' | null;
  /** `council:embedded`: recommended by that council. */
  councils: string[];
  /** `advisory:vulnerable`: RustSec's word on the current version; several values are alternatives. */
  advisories: AdvisoryStatus[];
};

const isAdvisoryStatus = (v: string): v is AdvisoryStatus => (ADVISORY_STATUSES as readonly string[]).includes(v);

export const PROFILE_NAMES = ['cloud', 'wasm', 'embedded', 'wasi', 'mobile'] as const;

export function emptyQuery(): ParsedQuery {
  return { terms: [], phrases: [], excluded: [], keywords: [], categories: [], targets: [], profiles: [], nostd: false, accelerators: [], bindings: [], msrvMax: null, ecosystem: null, councils: [], advisories: [] };
}

const TOKEN = /(-?)"([^"]*)"|(\S+)/g;
/** The typed no_std filter, as the search form's checkbox sends it (`nostd=true`). */
const NOSTD_QUALIFIER = /^(nostd|no_std|no-std):(true|yes)$/;

export function parseQuery(q: string): ParsedQuery {
  const out = emptyQuery();
  for (const m of q.matchAll(TOKEN)) {
    if (m[2] !== undefined) {
      const phrase = m[2].trim().toLowerCase();
      if (phrase) (m[1] ? out.excluded : out.phrases).push(phrase);
      continue;
    }
    const tok = m[3]!;
    const lower = tok.toLowerCase();
    const msrv = /^msrv<=?(\d+\.\d+(?:\.\d+)?)$/.exec(lower);
    if (msrv) out.msrvMax = assertRustVersion(msrv[1]!);
    else if (NOSTD_QUALIFIER.test(lower)) out.nostd = true;
    else if (lower.startsWith('-') && lower.length > 1) out.excluded.push(lower.slice(1));
    else {
      const q = /^([a-z]+):(.+)$/.exec(lower);
      const [key, value] = q ? [q[1]!, q[2]!] : ['', ''];
      if (key === 'keyword') out.keywords.push(value);
      else if (key === 'category') out.categories.push(value);
      else if (key === 'target') out.targets.push(value);
      else if (key === 'profile' && (PROFILE_NAMES as readonly string[]).includes(value)) out.profiles.push(value);
      else if (key === 'accel') out.accelerators.push(value);
      else if (key === 'binding') out.bindings.push(value);
      else if (key === 'council') out.councils.push(value);
      else if (key === 'ecosystem' && (value === 'crates' || value === 'npm')) out.ecosystem = value;
      else if (key === 'advisory' && isAdvisoryStatus(value)) out.advisories.push(value);
      else out.terms.push(lower);
    }
  }
  return out;
}

/** Words of free text as both engines index them: letters and digits, `-`/`_`/`::` split. */
export function words(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/**
 * A Rust version a person could mean by an MSRV: 1.x (or a future major below 10), minor and
 * patch below 1000, so its sortable number fits the integer column it is compared with.
 */
export const RUST_VERSION = /^[1-9]\.\d{1,3}(\.\d{1,3})?$/;

export class QueryError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

function assertRustVersion(v: string): string {
  if (!RUST_VERSION.test(v)) throw new QueryError('msrv', `'${v}' is not a Rust version such as 1.70`);
  return v;
}

/** An MSRV as a sortable number: 1.70 → 1070, 1.56.1 → 1056. */
export function msrvNumber(v: string | null): number | null {
  const m = v ? /^(\d+)\.(\d+)/.exec(v) : null;
  return m ? Number(m[1]) * 1000 + Number(m[2]) : null;
}

/** MSRV buckets shown as a facet. */
export function msrvBucket(v: string | null): string {
  const n = msrvNumber(v);
  if (n === null) return 'unknown';
  if (n <= 1056) return '≤1.56';
  if (n < 1070) return '1.57–1.69';
  if (n < 1080) return '1.70–1.79';
  return '≥1.80';
}
