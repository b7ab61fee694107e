import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../api/db/client.js';
import type { NpmVersionFacts } from '../../api/db/schema/catalog.js';
import { nameKey } from '../../api/engine/formats/names.js';
import { inferNpm, type NpmVerdict, type ParentBinding, platformChildren, } from '../../api/engine/compat/infer-npm.js';
import { withCrate } from '../../api/engine/compat/analyze.js';
import { SEARCH_TOPIC } from '../../api/outbox/topics.js';

type Row = { package_id: number; name: string; repository: string | null; default_version: string | null; version_id: number; num: string; npm: NpmVersionFacts | null };

const normRepo = (u: string | null) => u?.toLowerCase().replace(/\.git$/, '').replace(/\/+$/, '') ?? null;

/**
 * Re-infers the queued npm packages: claims for every version (source `packument`) and the
 * binding of the current version, linked to its crate when that crate is indexed and, where both
 * name a repository, the repositories agree. Every npm package is read, because a per-platform
 * package learns its kind from the binding that lists it. Returns how many packages were analysed.
 */
export async function recomputeNpmBindings(database: Database, ids: number[]): Promise<number> {
  const rows = await database.rows<Row>(sql`
    select p.id::int as package_id, p.name, p.repository, p.default_version, v.id::int as version_id, v.num, v.npm
    from packages p join versions v on v.package_id = p.id
    where p.ecosystem = 'npm' order by p.id, v.id`);
  const byPackage = new Map<number, Row[]>();
  for (const r of rows) byPackage.set(r.package_id, [...(byPackage.get(r.package_id) ?? []), r]);
  const facts = (r: Row) => ({ ...(r.npm ?? {}), name: r.name, version: r.num });
  const current = (vs: Row[]) => vs.find((v) => v.num === vs[0]!.default_version) ?? vs.at(-1)!;
  const currentNum = (id: number) => current(byPackage.get(id)!).num;

  const parents = new Map<string, ParentBinding>();
  for (const vs of byPackage.values()) {
    const cur = current(vs);
    for (const [child, parent] of platformChildren(facts(cur), inferNpm(facts(cur)))) parents.set(child, parent);
  }

  const queued = ids.filter((id) => byPackage.has(id));
  const verdicts = new Map<number, { row: Row; verdict: NpmVerdict }[]>();
  for (const id of queued) verdicts.set(id, byPackage.get(id)!.map((row) => ({ row, verdict: inferNpm(facts(row), parents.get(row.name)) })));

  // Crates the bindings may name, with their repositories, in one query.
  const candidates = [...verdicts.values()].flat().map((x) => x.verdict.crateCandidate?.name).filter((n): n is string => !!n);
  const crates = new Map<string, { id: number; name: string; repository: string | null }>();
  if (candidates.length) {
    const found = await database.rows<{ id: number; name: string; key: string; repository: string | null }>(sql`
      select id::int as id, name, name_key as key, repository from packages
      where ecosystem = 'crates' and name_key in (select value from json_array_elements_text(${JSON.stringify(candidates.map((n) => nameKey('crates', n)))}::json))`);
    for (const c of found) crates.set(c.key, c);
  }

  const claimRows: unknown[] = [];
  const bindingRows: unknown[] = [];
  const digests: { id: number; d: string }[] = [];
  for (const [id, list] of verdicts) {
    const repo = normRepo(list[0]!.row.repository);
    const lines: string[] = [];
    for (const { row, verdict: raw } of list) {
      const verdict = withCrate(raw, (n) => {
        const c = crates.get(nameKey('crates', n));
        if (!c) return null;
        return c.repository && repo && normRepo(c.repository) !== repo ? null : c.name;
      });
      for (const cl of verdict.claims) {
        const evidence = cl.evidence.map((e) => ({ claim: cl.subject, ...e }));
        claimRows.push({ vid: row.version_id, subject: cl.subject, status: cl.status, evidence });
        lines.push(`${row.num}\t${cl.subject}\t${cl.status}\t${JSON.stringify(evidence)}`);
      }
      if (row.num === currentNum(id) && verdict.binding) {
        const crate = verdict.binding.crate ? crates.get(nameKey('crates', verdict.binding.crate)) : undefined;
        bindingRows.push({
          npm: id, crate_name: verdict.binding.crate, crate_id: crate?.id ?? null, kind: verdict.binding.kind, triples: verdict.binding.triples,
          evidence: verdict.claims.flatMap((c) => c.evidence.map((e) => ({ claim: c.subject, ...e }))),
        });
        lines.push(JSON.stringify(bindingRows.at(-1)));
      }
    }
    digests.push({ id, d: createHash('sha256').update(lines.sort().join('\n')).digest('hex') });
  }

  const idsJson = JSON.stringify(queued);
  await database.db.transaction(async (tx) => {
    await database.rows(sql`
      delete from compat_claims cc using versions v
      where cc.version_id = v.id and cc.source_kind = 'inferred' and cc.source = 'packument'
        and v.package_id in (select value::bigint from json_array_elements_text(${idsJson}::json))`, tx);
    await database.rows(sql`
      insert into compat_claims (version_id, subject, status, source_kind, source, evidence)
      select r.vid, r.subject, r.status, 'inferred', 'packument', r.evidence
      from json_to_recordset(${JSON.stringify(claimRows)}::json) as r(vid bigint, subject text, status text, evidence jsonb)`, tx);
    await database.rows(sql`
      delete from bindings where source_kind = 'inferred'
        and npm_package_id in (select value::bigint from json_array_elements_text(${idsJson}::json))`, tx);
    await database.rows(sql`
      insert into bindings (npm_package_id, crate_name, crate_package_id, kind, triples, source_kind, evidence)
      select b.npm, b.crate_name, b.crate_id, b.kind, array(select json_array_elements_text(b.triples)), 'inferred', b.evidence
      from json_to_recordset(${JSON.stringify(bindingRows)}::json) as b(npm bigint, crate_name text, crate_id bigint, kind text, triples json, evidence jsonb)`, tx);
    const changed = await database.rows<{ id: number }>(sql`
      update packages p set compat_digest = d.d
      from json_to_recordset(${JSON.stringify(digests)}::json) as d(id bigint, d text)
      where p.id = d.id and p.compat_digest is distinct from d.d
      returning p.id::int as id`, tx);
    if (changed.length)
      await database.rows(sql`insert into outbox (topic, key)
        select ${SEARCH_TOPIC}::text, value from json_array_elements_text(${JSON.stringify(changed.map((c) => String(c.id)))}::json)`, tx);
  });
  return queued.length;
}
