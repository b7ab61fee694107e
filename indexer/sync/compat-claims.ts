import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../../api/db/client.js';
import { CrateEngine } from '../../api/engine/compat/infer-crate.js';
import { inferManifest } from '../../api/engine/compat/infer-manifest.js';
import { PlatformTable } from '../../api/engine/compat/profiles.js';
import { loadTargets } from '../../api/engine/targets/data.js';
import type { Claim } from '../../api/engine/compat/votes.js';
import type { ManifestFacts } from '../../api/engine/formats/manifest.js';
import type { Progress } from '../progress.js';
import { type StoredCrate, StoredCrates } from './crate-source.js';
import { recomputeNpmBindings } from './npm-bindings.js';
import { COMPAT_TOPIC, SEARCH_TOPIC } from '../../api/outbox/topics.js';

/** The producers whose claims this pass owns; declared and verified claims are never touched. */
const INFERRED_SOURCES = ['index', 'manifest', 'archive'];
const CHUNK = 200;

export type CompatPassResult = { crates: number; versions: number; claims: number; changed: number; npm: number; rounds: number };

type ClaimRow = { vid: number; subject: string; status: string; source: string; evidence: { claim: string; source: string; detail: string }[] };

/**
 * Drains the `compat.package` outbox: re-infers every version of each queued crate from the
 * stored index records (and manifest facts), replaces its inferred claims, and queues the search
 * document of each package whose claims changed. A changed crate queues the crates that depend
 * on it, unless this pass already analysed them against the same records. Each chunk commits
 * with the outbox rows it consumed, so an interrupted pass resumes where it stopped.
 */
export async function runCompatPass(database: Database, opts: { progress?: Progress } = {}): Promise<CompatPassResult> {
  const result: CompatPassResult = { crates: 0, versions: 0, claims: 0, changed: 0, npm: 0, rounds: 0 };
  const targets = loadTargets().targets;
  const knownTriples = new Set(targets.map((t) => t.triple));
  const platforms = new PlatformTable(targets);
  const done = new Set<number>();
  for (;;) {
    const pending = await database.rows<{ id: number; ecosystem: 'crates' | 'npm'; upto: number }>(sql`
      select p.id::int as id, p.ecosystem, max(o.id)::text as upto
      from outbox o join packages p on p.id = o.key::bigint
      where o.topic = ${COMPAT_TOPIC} and o.processed_at is null
      group by p.id, p.ecosystem order by p.id`);
    // Rows for packages deleted since they were queued have nothing left to analyse.
    await database.rows(sql`update outbox set processed_at = now() where topic = ${COMPAT_TOPIC} and processed_at is null
      and not exists (select 1 from packages p where p.id = outbox.key::bigint)`);
    if (!pending.length) break;
    result.rounds++;
    const crates = pending.filter((p) => p.ecosystem === 'crates');
    const npm = pending.filter((p) => p.ecosystem === 'npm');

    const source = new StoredCrates(database);
    const loaded = await source.load(crates.map((c) => c.id));
    const engine = new CrateEngine(source.universe, platforms, source.facts);
    const manifests = await manifestFactsOf(database, loaded.map((c) => c.id));
    const upto = new Map(pending.map((p) => [Number(p.id), Number(p.upto)]));
    const changedNames: string[] = [];
    opts.progress?.start('compatibility', 'crates', loaded.length);
    for (let i = 0; i < loaded.length; i += CHUNK) {
      const chunk = loaded.slice(i, i + CHUNK);
      const perPackage = chunk.map((c) => ({ c, rows: claimRows(c, engine, manifests.get(c.id) ?? [], knownTriples) }));
      const changed = await database.db.transaction(async (tx) => {
        const changed = await writeClaims(database, tx, perPackage);
        await markDone(database, tx, chunk.map((c) => ({ id: c.id, upto: upto.get(c.id)! })));
        return changed;
      });
      for (const { c, rows } of perPackage) {
        done.add(c.id);
        result.versions += c.versions.length;
        result.claims += rows.length;
      }
      changedNames.push(...changed);
      result.crates += chunk.length;
      opts.progress?.update(result.crates, { changed: result.changed + changedNames.length });
    }
    opts.progress?.stop();
    result.changed += changedNames.length;

    if (npm.length) {
      result.npm += await recomputeNpmBindings(database, npm.map((p) => Number(p.id)));
      await database.db.transaction((tx) => markDone(database, tx, npm.map((p) => ({ id: Number(p.id), upto: Number(p.upto) }))));
    }
    await database.rows(sql`
      update bindings b set crate_package_id = p.id
      from packages p
      where b.crate_package_id is null and b.crate_name is not null
        and p.ecosystem = 'crates' and p.name_key = lower(replace(b.crate_name, '-', '_'))`);
    if (changedNames.length) await queueDependents(database, changedNames, done);
  }
  return result;
}

function claimRows(c: StoredCrate, engine: CrateEngine, manifests: { versionNum: string | null; source: string; facts: ManifestFacts }[], knownTriples: Set<string>): ClaimRow[] {
  const rows: ClaimRow[] = [];
  const push = (vid: number, source: string, claims: Claim[]) => {
    for (const cl of claims) rows.push({ vid, subject: cl.subject, status: cl.status, source, evidence: cl.evidence.map((e) => ({ claim: cl.subject, ...e })) });
  };
  for (const v of c.versions) push(v.id, 'index', engine.verdict(v).claims);
  for (const m of manifests) {
    // A manifest from a repository HEAD describes the version it names, else none in particular.
    const v = c.versions.find((x) => x.num === m.versionNum);
    if (v) push(v.id, m.source, inferManifest(m.facts, knownTriples));
  }
  return rows;
}

async function manifestFactsOf(database: Database, packageIds: number[]) {
  const rows = await database.rows<{ package_id: number; version_num: string | null; source: string; facts: ManifestFacts }>(sql`
    select package_id, version_num, source, facts from manifest_facts
    where package_id in (select value::bigint from json_array_elements_text(${JSON.stringify(packageIds)}::json))
    order by id`);
  const out = new Map<number, { versionNum: string | null; source: string; facts: ManifestFacts }[]>();
  for (const r of rows) out.set(Number(r.package_id), [...(out.get(Number(r.package_id)) ?? []), { versionNum: r.version_num, source: r.source, facts: r.facts }]);
  return out;
}

/**
 * Replaces the inferred claims of the packages whose digest changed (the others are left as they
 * are, so a re-run writes nothing); returns their names.
 */
async function writeClaims(database: Database, tx: Tx, all: { c: StoredCrate; rows: ClaimRow[] }[]): Promise<string[]> {
  const withDigest = all.map((p) => ({ ...p, d: digest(p.c, p.rows) }));
  const stored = await database.rows<{ id: number; d: string | null }>(sql`
    select id::int as id, compat_digest as d from packages
    where id in (select value::bigint from json_array_elements_text(${JSON.stringify(all.map((p) => p.c.id))}::json))`, tx);
  const before = new Map(stored.map((r) => [r.id, r.d]));
  const perPackage = withDigest.filter((p) => before.get(p.c.id) !== p.d);
  if (!perPackage.length) return [];
  const vids = JSON.stringify(perPackage.flatMap((p) => p.c.versions.map((v) => v.id)));
  const sources = JSON.stringify(INFERRED_SOURCES);
  await database.rows(sql`
    delete from compat_claims
    where version_id in (select value::bigint from json_array_elements_text(${vids}::json))
      and source_kind = 'inferred' and source in (select value from json_array_elements_text(${sources}::json))`, tx);
  const rows = perPackage.flatMap((p) => p.rows);
  for (let i = 0; i < rows.length; i += 5000) {
    await database.rows(sql`
      insert into compat_claims (version_id, subject, status, source_kind, source, evidence)
      select r.vid, r.subject, r.status, 'inferred', r.source, r.evidence
      from json_to_recordset(${JSON.stringify(rows.slice(i, i + 5000))}::json) as r(vid bigint, subject text, status text, source text, evidence jsonb)`, tx);
  }
  const digests = JSON.stringify(perPackage.map(({ c, d }) => ({ id: c.id, d })));
  const changed = await database.rows<{ name: string; id: number }>(sql`
    update packages p set compat_digest = d.d
    from json_to_recordset(${digests}::json) as d(id bigint, d text)
    where p.id = d.id and p.compat_digest is distinct from d.d
    returning p.name, p.id::int as id`, tx);
  if (changed.length)
    await database.rows(sql`insert into outbox (topic, key)
      select ${SEARCH_TOPIC}::text, value from json_array_elements_text(${JSON.stringify(changed.map((c) => String(c.id)))}::json)`, tx);
  return changed.map((c) => c.name);
}

function digest(c: StoredCrate, rows: ClaimRow[]): string {
  const num = new Map(c.versions.map((v) => [v.id, v.num]));
  const lines = rows.map((r) => `${num.get(r.vid)}\t${r.source}\t${r.subject}\t${r.status}\t${JSON.stringify(r.evidence)}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

async function markDone(database: Database, tx: Tx, items: { id: number; upto: number }[]) {
  await database.rows(sql`
    update outbox o set processed_at = now()
    from json_to_recordset(${JSON.stringify(items)}::json) as d(id bigint, upto bigint)
    where o.topic = ${COMPAT_TOPIC} and o.processed_at is null and o.key = d.id::text and o.id <= d.upto`, tx);
}

/** Queues the crates with a version that depends on a changed crate and that this pass has not analysed yet. */
async function queueDependents(database: Database, names: string[], done: Set<number>) {
  const [{ total }] = await database.rows<{ total: number }>(sql`select count(*)::int as total from packages where ecosystem = 'crates'`);
  if (done.size >= total) return;
  const keys = JSON.stringify([...new Set(names.map((n) => n.toLowerCase().replace(/-/g, '_')))]);
  const dependents = await database.rows<{ id: number }>(sql`
    select distinct v.package_id::int as id
    from versions v cross join lateral json_array_elements(v.deps) d
    where lower(replace(coalesce(d->>'package', d->>'name'), '-', '_')) in (select value from json_array_elements_text(${keys}::json))`);
  const fresh = dependents.map((d) => Number(d.id)).filter((id) => !done.has(id));
  if (fresh.length)
    await database.rows(sql`insert into outbox (topic, key) select ${COMPAT_TOPIC}, value from json_array_elements_text(${JSON.stringify(fresh.map(String))}::json)`);
}

export function formatCompatSummary(r: CompatPassResult): string {
  return `compatibility: ${r.crates} crates (${r.versions} versions, ${r.claims} claims) and ${r.npm} npm packages analysed; ${r.changed} crates changed`;
}
