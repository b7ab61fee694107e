import { sql } from 'drizzle-orm';
import type { Files, Read } from './catalog-tables.js';

const BATCH = 5000;
const ts = (expr: string) => sql.raw(`to_char((${expr}) at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')`);
const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

/**
 * Ferrite's own tables: compatibility claims with their evidence, bindings, published metadata,
 * npm packages and reverse-dependency counts. Packages are named, not numbered.
 */
export async function writeFerriteTables(read: Read, files: Files): Promise<void> {
  for (let after = 0; ;) {
    const rows = await read<{ id: number; ecosystem: string; name: string; num: string; subject: string; status: string; source_kind: string; source: string; evidence: unknown; created: string }>(sql`
      select c.id::float8 as id, p.ecosystem, p.name, v.num, c.subject, c.status, c.source_kind, c.source, c.evidence, ${ts('c.created_at')} as created
      from compat_claims c join versions v on v.id = c.version_id join packages p on p.id = v.package_id
      where c.id > ${after} order by c.id limit ${BATCH}`);
    if (!rows.length) break;
    for (const r of rows) await files.get('ferrite_compat_claims').write([r.ecosystem, r.name, r.num, r.subject, r.status, r.source_kind, r.source, json(r.evidence), r.created]);
    after = rows.at(-1)!.id;
  }
  for (const r of await read<{ npm: string; crate: string | null; kind: string; triples: string[]; source_kind: string; evidence: unknown; updated: string }>(sql`
    select np.name as npm, coalesce(cp.name, b.crate_name) as crate, b.kind, b.triples, b.source_kind, b.evidence, ${ts('b.updated_at')} as updated
    from bindings b join packages np on np.id = b.npm_package_id left join packages cp on cp.id = b.crate_package_id order by np.name, b.source_kind`)) {
    await files.get('ferrite_bindings').write([r.npm, r.crate, r.kind, json(r.triples), r.source_kind, json(r.evidence), r.updated]);
  }
  for (const r of await read<{ ecosystem: string; name: string; id: number; username: string; format: string; manifest: unknown; created: string }>(sql`
    select p.ecosystem, p.name, m.id::float8 as id, u.username, m.format, m.manifest, ${ts('m.created_at')} as created
    from metadata_revisions m join packages p on p.id = m.package_id join users u on u.id = m.user_id order by m.id`)) {
    await files.get('ferrite_declared_metadata').write([r.ecosystem, r.name, r.id, r.username, r.format, json(r.manifest), r.created]);
  }
  for (const r of await read<{ name: string; description: string | null; license: string | null; repository: string | null; homepage: string | null; dv: string | null; n: number; downloads: number | null }>(sql`
    select name, description, license, repository, homepage, default_version as dv, version_count as n, downloads::float8 as downloads
    from packages where ecosystem = 'npm' order by name`)) {
    await files.get('ferrite_npm_packages').write([r.name, r.description, r.license, r.repository, r.homepage, r.dv, r.n, r.downloads]);
  }
  for (const r of await read<{ name: string; direct: number; transitive: number; computed: string }>(sql`
    select p.name, c.direct, c.transitive, ${ts('c.computed_at')} as computed
    from dependent_counts c join packages p on p.id = c.package_id order by p.name_key`)) {
    await files.get('ferrite_dependents').write([r.name, r.direct, r.transitive, r.computed]);
  }
}
