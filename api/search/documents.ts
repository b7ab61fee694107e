import { inArray, sql } from 'drizzle-orm';
import { statusOf } from '../advisories/status.js';
import { advisories } from '../db/schema/index.js';
import { nameKey } from '../engine/formats/names.js';
import type { Database } from '../db/client.js';
import { summarize } from '../compat/summary.js';
import { answersOnTargets } from '../engine/compat/target-answer.js';
import type { DepInput } from '../engine/compat/crate-input.js';
import { platformTable, targetInfos } from '../targets/listing.js';
import type { SearchDocument } from './engine.js';
import { msrvBucket, msrvNumber } from './query.js';

type Claim = { subject: string; status: string; sourceKind: 'inferred' | 'declared' | 'verified'; source: string; evidence: never[] };

export type DocumentInput = {
  pkg: { id: number; ecosystem: 'crates' | 'npm'; name: string; description: string | null; keywords: string[] | null; categories: string[] | null; license: string | null; downloads: number | null; dependents?: number | null; updatedAt: Date | string };
  version: { num: string; yanked: boolean; license: string | null; publishedAt: Date | string | null };
  claims: Claim[];
  bindings: { other: string; kind: string; triples: string[] }[];
  councils?: string[];
  /** The version's dependencies, for the per-target rule (dependencies declared for an OS). */
  deps?: Pick<DepInput, 'crate' | 'kind' | 'optional' | 'target'>[];
  /** The crate's RustSec advisories; absent when the hub has imported none (then no claim is made). */
  advisories?: Parameters<typeof statusOf>[0];
};

/** Subjects whose evidence ranks a query word naming them (`cuda`, `wasm`, `no_std`). */
const STRENGTH_SUBJECT = /^(accel:|profile:|nostd$)/;

/** Where each main profile's representative targets sit, for the tier facet. */
const PROFILE_TIER: Record<string, string> = { cloud: '1', wasm: '2', embedded: '2', wasi: '2', mobile: '2' };

/**
 * The search document of one package: its current version, the strongest answer per
 * compatibility subject, and its bindings. Null when there is nothing to find: a package whose
 * versions are all yanked drops out of search, as on crates.io.
 */
export function toSearchDocument(d: DocumentInput, tierOf: (triple: string) => string | null): SearchDocument | null {
  if (d.version.yanked) return null;
  const summary = summarize(d.claims);
  const best = new Map(summary.map((c) => [c.subject, c.status]));
  const status = (p: string) => best.get(`profile:${p}`) ?? 'unknown';
  const supports = ['cloud', 'wasm', 'embedded', 'wasi', 'mobile'].filter((p) => ['yes', 'partial'].includes(status(p)));
  // Every triple the per-target rule answers yes or partial for: a target page lists only these
  // (esp-hal on Espressif triples, never on thumbv7em through the embedded profile).
  const answered = d.pkg.ecosystem === 'crates'
    ? answersOnTargets({ summary, deps: d.deps ?? [], platforms: platformTable() }, targetInfos()).filter((a) => a.status === 'yes' || a.status === 'partial').map((a) => a.triple)
    : [];
  const targets = [...new Set([
    ...answered,
    ...[...best].filter(([s, v]) => s.startsWith('target:') && v === 'yes').map(([s]) => s.slice('target:'.length)),
    ...(d.pkg.ecosystem === 'npm' ? d.bindings.flatMap((b) => b.triples) : []),
  ])].sort();
  const tiers = [...new Set([...targets.map(tierOf), ...supports.map((p) => PROFILE_TIER[p]!)].filter((t): t is string => !!t))].sort();
  const msrv = best.get('msrv') ?? null;
  return {
    id: d.pkg.id,
    ecosystem: d.pkg.ecosystem,
    name: d.pkg.name,
    nameWords: d.pkg.name.replace(/^@/, '').split(/[-_/.]+/).join(' '),
    version: d.version.num,
    description: d.pkg.description,
    keywords: d.pkg.keywords ?? [],
    categories: d.pkg.categories ?? [],
    license: d.pkg.license ?? d.version.license,
    downloads: d.pkg.downloads ?? 0,
    dependents: d.pkg.dependents ?? undefined,
    updatedAt: new Date(d.version.publishedAt ?? d.pkg.updatedAt).toISOString(),
    profiles: { cloud: status('cloud'), wasm: status('wasm'), embedded: status('embedded') },
    supports,
    targets,
    tiers,
    nostd: best.get('nostd') ?? 'unknown',
    accelerators: [...best].filter(([s, v]) => s.startsWith('accel:') && v === 'yes').map(([s]) => s.slice('accel:'.length)).sort(),
    bindingKinds: [...new Set(d.bindings.map((b) => b.kind))].sort(),
    bindings: d.bindings.map((b) => b.other).filter(Boolean).sort(),
    msrv,
    msrvNum: msrvNumber(msrv),
    msrvBucket: msrvBucket(msrv),
    councils: [...new Set(d.councils ?? [])].sort(),
    strengths: Object.fromEntries(summary.filter((c) => STRENGTH_SUBJECT.test(c.subject) && ['yes', 'partial', 'always', 'optional'].includes(c.status)).map((c) => [c.subject, c.sourceKind])),
    advisory: d.pkg.ecosystem === 'crates' && d.advisories ? statusOf(d.advisories, d.version.num) : undefined,
  };
}

type Row = {
  id: number; ecosystem: 'crates' | 'npm'; name: string; description: string | null; keywords: string[] | null; categories: string[] | null;
  license: string | null; downloads: number | null; dependents: number | null; updated_at: string; num: string | null; yanked: boolean | null; v_license: string | null;
  published_at: string | null; claims: Claim[] | null; bindings: { other: string; kind: string; triples: string[] }[] | null; councils: string[] | null;
  deps: { name: string; package?: string | null; kind?: 'normal' | 'build' | 'dev' | null; optional: boolean; target: string | null }[] | null;
};

/** Builds the documents of these packages from the catalog; `gone` lists those with none (deleted, or yanked only). */
export async function loadSearchDocuments(database: Database, ids: number[]): Promise<{ docs: SearchDocument[]; gone: number[] }> {
  if (!ids.length) return { docs: [], gone: [] };
  const rows = await database.rows<Row>(sql`
    select p.id::int as id, p.ecosystem, p.name, p.description, p.keywords, p.categories, p.license, p.downloads::float8 as downloads,
           (select dc.direct from dependent_counts dc where dc.package_id = p.id) as dependents,
           p.updated_at::text, v.num, v.yanked, v.deps, v.license as v_license, v.published_at::text,
           (select json_agg(json_build_object('subject', c.subject, 'status', c.status, 'sourceKind', c.source_kind, 'source', c.source, 'evidence', '[]'::json))
              from compat_claims c where c.version_id = v.id) as claims,
           case when p.ecosystem = 'npm' then
             (select json_agg(json_build_object('other', coalesce(cp.name, b.crate_name, ''), 'kind', b.kind, 'triples', b.triples))
                from bindings b left join packages cp on cp.id = b.crate_package_id where b.npm_package_id = p.id)
           else
             (select json_agg(json_build_object('other', np.name, 'kind', b.kind, 'triples', b.triples))
                from bindings b join packages np on np.id = b.npm_package_id where b.crate_package_id = p.id)
           end as bindings,
           (select json_agg(c.slug) from council_decisions cd join councils c on c.id = cd.council_id
              where cd.package_id = p.id and cd.kind = 'recommended') as councils
    from packages p
    left join versions v on v.package_id = p.id and v.num = p.default_version
    where p.id in (select value::bigint from json_array_elements_text(${JSON.stringify(ids)}::json))`);
  const tiers = new Map((await database.rows<{ triple: string; tier: string | null }>(sql`select triple, tier from targets`)).map((t) => [t.triple, t.tier]));
  const advisoriesOf = await crateAdvisories(database, rows.filter((r) => r.ecosystem === 'crates').map((r) => r.name));
  const docs: SearchDocument[] = [];
  for (const r of rows) {
    if (!r.num) continue;
    const doc = toSearchDocument(
      {
        pkg: { id: r.id, ecosystem: r.ecosystem, name: r.name, description: r.description, keywords: r.keywords, categories: r.categories, license: r.license, downloads: r.downloads, dependents: r.dependents, updatedAt: r.updated_at },
        version: { num: r.num, yanked: Boolean(r.yanked), license: r.v_license, publishedAt: r.published_at },
        claims: r.claims ?? [],
        bindings: r.bindings ?? [],
        councils: r.councils ?? [],
        deps: (r.deps ?? []).map((x) => ({ crate: x.package ?? x.name, kind: x.kind ?? 'normal', optional: x.optional, target: x.target })),
        advisories: advisoriesOf ? (advisoriesOf.get(nameKey('crates', r.name)) ?? []) : undefined,
      },
      (t) => tiers.get(t) ?? null,
    );
    if (doc) docs.push(doc);
  }
  const found = new Set(docs.map((d) => d.id));
  return { docs, gone: ids.filter((id) => !found.has(id)) };
}

/**
 * The advisories of these crates by name key, or null when the hub has imported no advisory
 * database: "no advisory" is a claim only once RustSec has been read.
 */
async function crateAdvisories(database: Database, names: string[]) {
  const [any] = await database.db.select({ id: advisories.id }).from(advisories).limit(1);
  if (!any) return null;
  const keys = [...new Set(names.map((n) => nameKey('crates', n)))];
  const out = new Map<string, (typeof advisories.$inferSelect)[]>();
  for (let i = 0; i < keys.length; i += 1000) {
    for (const a of await database.db.select().from(advisories).where(inArray(advisories.packageKey, keys.slice(i, i + 1000)))) {
      (out.get(a.packageKey) ?? out.set(a.packageKey, []).get(a.packageKey)!).push(a);
    }
  }
  return out;
}
