/**
 * The reverse-dependency benchmark in its own process: index the input into the configured
 * database, then time `refreshDependents` (edges rebuilt from every default version's
 * dependencies, counts over the whole closure, written in one transaction) cold and again with
 * nothing changed, and the naive way to the same counts measured on the same edges: one
 * recursive query per crate. Prints one JSON line.
 */
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { parseConfig } from '../../api/config.js';
import { openDatabase } from '../../api/db/client.js';
import { migrate } from '../../api/db/migrate.js';
import { countDependents } from '../../api/dependents/graph.js';
import { refreshDependents } from '../../api/dependents/refresh.js';
import { indexCrates } from '../../indexer/commands/index-crates.js';
import type { Progress } from '../../indexer/progress.js';

const [input] = process.argv.slice(2) as [string];
const silent: Progress = { start() {}, update() {}, stop() {} };
const rss = () => Math.round(process.resourceUsage().maxRSS / 1024);
const time = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const r = await f();
  return [r, (performance.now() - t0) / 1000];
};

const database = await openDatabase(parseConfig(process.env).database, { max: 4 });
await migrate(database);
await indexCrates(database, [input], { out: new Writable({ write: (_c, _e, d) => d() }), progress: silent });

const [cold, coldSeconds] = await time(() => refreshDependents(database));
const [warm, warmSeconds] = await time(() => refreshDependents(database));

// The graph step alone, in memory, over the edges just stored.
const crates = await database.rows<{ id: number }>(sql`select id::int as id from packages where ecosystem = 'crates' order by id`);
const edges = await database.rows<{ p: number; d: number }>(sql`select package_id::int as p, dependent_id::int as d from dependency_edges`);
const index = new Map(crates.map((c, i) => [c.id, i]));
const t0 = performance.now();
countDependents(crates.length, edges.map((e) => ({ crate: index.get(e.p)!, dependent: index.get(e.d)! })));
const graphSeconds = (performance.now() - t0) / 1000;

// Baseline: the per-crate query a first version would run, over the same edges.
const stored = new Map((await database.rows<{ id: number; direct: number; transitive: number }>(sql`
  select package_id::int as id, direct, transitive from dependent_counts`)).map((r) => [r.id, r]));
let mismatches = 0;
const [, naiveSeconds] = await time(async () => {
  for (const { id } of crates) {
    const [r] = await database.rows<{ direct: number; transitive: number }>(sql`
      with recursive up(id) as (
        select dependent_id from dependency_edges where package_id = ${id}
        union
        select e.dependent_id from dependency_edges e join up on e.package_id = up.id
      )
      select (select count(*) from dependency_edges where package_id = ${id})::int as direct, (select count(*) from up where id <> ${id})::int as transitive`);
    const s = stored.get(id);
    if (!s || s.direct !== r!.direct || s.transitive !== r!.transitive) mismatches++;
  }
});

process.stdout.write(JSON.stringify({
  crates: cold.crates, edges: cold.edges, coldSeconds, warmSeconds, warmChanged: warm.changed, graphSeconds, naiveSeconds, mismatches, maxRssMb: rss(),
}) + '\n');
await database.close();
