import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { loadTargets } from '../engine/targets/data.js';

/** Upserts the committed rustc target data into `targets`; rows already equal are left alone. */
export async function seedTargets(database: Database): Promise<number> {
  const { targets } = loadTargets();
  const [row] = await database.rows<{ n: number }>(sql`
    with up as (
      insert into targets (triple, tier, host_tools, std, notes, cfg)
      select t.triple, t.tier, t."hostTools", t.std, t.notes, t.cfg
      from json_to_recordset(${JSON.stringify(targets)}::json) as t(triple text, tier text, "hostTools" boolean, std text, notes text, cfg jsonb)
      on conflict (triple) do update set tier = excluded.tier, host_tools = excluded.host_tools, std = excluded.std,
        notes = excluded.notes, cfg = excluded.cfg
        where (targets.tier, targets.host_tools, targets.std, targets.notes, targets.cfg)
          is distinct from (excluded.tier, excluded.host_tools, excluded.std, excluded.notes, excluded.cfg)
      returning 1)
    select count(*)::int as n from up`);
  return row?.n ?? 0;
}
