import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { advisories, type IndexDep } from '../db/schema/index.js';
import { isAffected } from '../engine/advisories/affected.js';
import { dependencyFindings, walkDependencies } from '../engine/advisories/reach.js';
import { type CrateVersionInput, toCrateInput } from '../engine/compat/crate-input.js';
import { CrateUniverse } from '../engine/compat/universe.js';
import { nameKey } from '../engine/formats/names.js';
import { requireCrateVersion } from '../packages/service.js';
import { type AdvisoryRow, toAdvisoryBrief } from './service.js';

type Row = { name: string; key: string; num: string; yanked: boolean; deps: IndexDep[] | null; features: Record<string, string[]> | null; features2: Record<string, string[]> | null };

/**
 * Rounds of loading: one per level of the dependency tree; real trees are 10–20 deep. Past this,
 * the crates not yet loaded resolve to nothing: a partial answer rather than a failed request.
 */
const MAX_ROUNDS = 64;

/**
 * The stored crates a version's default build reaches, as a universe for the engine. The walk is
 * synchronous, so it runs once per level: each run names the crates it met and had not loaded,
 * and those are fetched (every version, so requirements resolve as the compatibility engine
 * resolves them) before the next. Crates Ferrite has not indexed resolve to nothing.
 */
export async function reachableUniverse(db: DbOrTx, root: CrateVersionInput): Promise<CrateUniverse> {
  const loaded = new Map<string, CrateVersionInput[]>();
  const universe = () => new CrateUniverse((name) => loaded.get(nameKey('crates', name)));
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const missing = new Set<string>();
    const probe = new CrateUniverse((name) => {
      const found = loaded.get(nameKey('crates', name));
      if (!found) missing.add(nameKey('crates', name));
      return found;
    });
    walkDependencies(root, probe);
    if (!missing.size) break;
    for (const k of missing) loaded.set(k, []);
    const rows = await db.execute(sql`
      select p.name, p.name_key as key, v.num, v.yanked, v.deps, v.features, v.features2
      from packages p join versions v on v.package_id = p.id
      where p.ecosystem = 'crates' and p.name_key in (select value from json_array_elements_text(${JSON.stringify([...missing])}::json))`);
    for (const r of rowsOf<Row>(rows)) {
      loaded.get(r.key)!.push(toCrateInput(r.name, { num: r.num, yanked: r.yanked, deps: r.deps ?? [], features: r.features ?? {}, features2: r.features2 }));
    }
  }
  return universe();
}

/** `execute` gives an array on postgres.js and `{ rows }` on PGlite. */
const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? (r as T[]) : (r as { rows: T[] }).rows);

async function advisoriesByCrate(db: DbOrTx, keys: string[]): Promise<Map<string, AdvisoryRow[]>> {
  const rows = keys.length
    ? await db.select().from(advisories).where(sql`${advisories.packageKey} in (select value from json_array_elements_text(${JSON.stringify(keys)}::json))`)
    : [];
  const out = new Map<string, AdvisoryRow[]>();
  for (const r of rows.sort((a, b) => a.id.localeCompare(b.id))) out.set(r.packageKey, [...(out.get(r.packageKey) ?? []), r]);
  return out;
}

/**
 * The advisories that affect a crate version itself (`direct`) and those that reach it through
 * the dependencies its default build pulls in, each with the path and whether an update the
 * requirement on that path allows avoids it.
 */
export async function crateVersionAdvisories(db: DbOrTx, name: string, num: string) {
  const { pkg, version } = await requireCrateVersion(db, name, num);
  const root = toCrateInput(pkg.name, { num: version.num, yanked: version.yanked, deps: version.deps ?? [], features: version.features ?? {}, features2: version.features2 });
  const universe = await reachableUniverse(db, root);
  const reached = walkDependencies(root, universe);
  const byCrate = await advisoriesByCrate(db, [...new Set(reached.map((r) => nameKey('crates', r.version.name)))]);
  const direct = (byCrate.get(pkg.nameKey) ?? []).filter((a) => isAffected(a, version.num));
  const through = dependencyFindings(root, universe, (crate) => byCrate.get(nameKey('crates', crate)) ?? []);
  return {
    name: pkg.name,
    version: version.num,
    direct: direct.map(toAdvisoryBrief),
    throughDependencies: through.map((f) => ({
      advisory: toAdvisoryBrief(f.advisory),
      path: f.path,
      requirement: f.req,
      semverCompatibleFix: f.semverCompatibleFix,
      fixVersion: f.fixVersion,
    })),
    dependenciesWalked: reached.length - 1,
  };
}
