import { sql } from 'drizzle-orm';
import type { Database } from '../../api/db/client.js';
import type { IndexDep } from '../../api/db/schema/catalog.js';
import { nameKey } from '../../api/engine/formats/names.js';
import { type CrateVersionInput, type PackageFacts, toCrateInput } from '../../api/engine/compat/crate-input.js';
import { CrateUniverse } from '../../api/engine/compat/universe.js';

export type StoredCrate = { id: number; name: string; facts: PackageFacts; versions: (CrateVersionInput & { id: number })[] };

type Row = {
  package_id: number; name: string; key: string; categories: string[] | null; keywords: string[] | null;
  id: number; num: string; yanked: boolean; deps: IndexDep[]; features: Record<string, string[]>;
  features2: Record<string, string[]> | null; links: string | null; rust_version: string | null;
  archive_no_std: CrateVersionInput['archiveNoStd'];
};

/**
 * The stored crates as the engine's universe. The engine is synchronous, so `load` fetches the
 * crates asked for and their whole dependency closure first, in a few set-based queries.
 */
export class StoredCrates {
  private readonly crates = new Map<string, StoredCrate | null>();
  readonly universe = new CrateUniverse((name) => this.crates.get(nameKey('crates', name))?.versions);

  constructor(private readonly database: Database) {}

  get(name: string): StoredCrate | null {
    return this.crates.get(nameKey('crates', name)) ?? null;
  }

  facts = (name: string): PackageFacts | undefined => this.get(name)?.facts;

  /** Loads the crates with these package ids, then every crate their normal dependencies name, until closed. */
  async load(packageIds: number[]): Promise<StoredCrate[]> {
    const asked = await this.fetchAll(packageIds, (ids) => sql`p.id in (select value::bigint from json_array_elements_text(${JSON.stringify(ids)}::json))`);
    let frontier = asked;
    while (frontier.length) {
      const wanted = new Set<string>();
      for (const c of frontier)
        for (const v of c.versions) for (const d of v.deps) if (d.kind === 'normal' && !this.crates.has(nameKey('crates', d.crate))) wanted.add(nameKey('crates', d.crate));
      if (!wanted.size) break;
      const keys = [...wanted];
      frontier = await this.fetchAll(keys, (ks) => sql`p.name_key in (select value from json_array_elements_text(${JSON.stringify(ks)}::json))`);
      for (const k of keys) if (!this.crates.has(k)) this.crates.set(k, null); // not indexed: its dependents read unknown
    }
    return asked;
  }

  /** In slices, so the raw rows of a whole index never sit in memory at once. */
  private async fetchAll<K>(keys: K[], where: (slice: K[]) => ReturnType<typeof sql>): Promise<StoredCrate[]> {
    const out: StoredCrate[] = [];
    for (let i = 0; i < keys.length; i += 500) out.push(...(await this.fetch(where(keys.slice(i, i + 500)))));
    return out;
  }

  private async fetch(where: ReturnType<typeof sql>): Promise<StoredCrate[]> {
    const rows = await this.database.rows<Row>(sql`
      select p.id::int as package_id, p.name, p.name_key as key, p.categories, p.keywords,
             v.id::int as id, v.num, v.yanked, v.deps, v.features, v.features2, v.links, v.rust_version,
             (select f.no_std from crate_archive_facts f where f.package_id = p.id and f.version_num = v.num) as archive_no_std
      from packages p join versions v on v.package_id = p.id
      where p.ecosystem = 'crates' and ${where}
      order by p.id`);
    const out: StoredCrate[] = [];
    for (const r of rows) {
      let c = out.at(-1);
      if (!c || c.id !== r.package_id) {
        c = { id: r.package_id, name: r.name, facts: { categories: r.categories ?? [], keywords: r.keywords ?? [] }, versions: [] };
        out.push(c);
        this.crates.set(r.key, c);
      }
      c.versions.push({ ...toCrateInput(r.name, { ...r, rustVersion: r.rust_version }), archiveNoStd: r.archive_no_std, id: r.id });
    }
    return out;
  }
}
