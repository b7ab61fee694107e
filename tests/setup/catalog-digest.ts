import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../api/db/client.js';

/**
 * A digest of every stored crate row, for "same rows" comparisons between runs. Ids are left
 * out (they depend on insertion order); everything a user can observe is in.
 */
export async function catalogDigest(database: Database) {
  const rows = await database.rows<{ line: string }>(sql`
    select concat_ws('|', p.name, p.default_version, p.max_version, p.version_count, v.num, v.yanked, v.cksum,
      v.deps::text, v.features::text, v.features2::text, v.links, v.rust_version, v.index_v, v.index_extra::text) as line
    from packages p join versions v on v.package_id = p.id
    where p.ecosystem = 'crates'
    order by p.name_key, v.num`);
  const [counts] = await database.rows<{ packages: number; versions: number }>(sql`
    select (select count(*) from packages where ecosystem = 'crates')::int as packages,
           (select count(*) from versions v join packages p on p.id = v.package_id where p.ecosystem = 'crates')::int as versions`);
  const hash = createHash('sha256');
  for (const r of rows) hash.update(r.line).update('\n');
  return { ...counts!, sha256: hash.digest('hex') };
}
