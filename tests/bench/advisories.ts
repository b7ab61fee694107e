/**
 * Advisories: importing the whole RustSec database, and the dependency-reached advisories of the
 * newest version of every crate in the closure, each beside a baseline measured in the same run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { openDatabase } from '../../api/db/client.js';
import { migrate } from '../../api/db/migrate.js';
import { dependencyFindings, walkDependencies } from '../../api/engine/advisories/reach.js';
import { type CrateVersionInput, toCrateInput } from '../../api/engine/compat/crate-input.js';
import { CrateUniverse } from '../../api/engine/compat/universe.js';
import { type Advisory, parseAdvisory } from '../../api/engine/formats/advisory.js';
import { parseIndexLine } from '../../api/engine/formats/index-record.js';
import { nameKey } from '../../api/engine/formats/names.js';
import { defaultVersion } from '../../api/engine/formats/versions-order.js';
import { indexAdvisories } from '../../indexer/commands/index-advisories.js';
import { advisoryFiles } from '../../indexer/advisories/source.js';
import { openLocalIndex } from '../../indexer/sources/crates-index-files.js';
import { SHARED_DATA } from '../setup/shared-data.js';
import { scratchDataDir, scratchServerDb, serverAvailable } from './databases.js';

const ADVISORY_DB = path.join(SHARED_DATA, 'rustsec-advisory-db');
const CLOSURE = path.join(SHARED_DATA, 'crates-index', 'crates-io-index-closure.tar.gz');
const f = (n: number, d = 0) => n.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });
const quiet = new Writable({ write: (_c, _e, d) => d() });
const seconds = async <T>(run: () => Promise<T> | T): Promise<[T, number]> => {
  const t = performance.now();
  const r = await run();
  return [r, (performance.now() - t) / 1000];
};

/** Baseline: reading and parsing every advisory file, with nothing stored. */
async function parseAll(): Promise<Advisory[]> {
  const out: Advisory[] = [];
  for await (const file of advisoryFiles(ADVISORY_DB)) {
    if ('problem' in file) continue;
    const p = parseAdvisory(file.text, file.dir);
    if (p.ok) out.push(p.advisory);
  }
  return out;
}

async function importInto(kind: string, config: Parameters<typeof openDatabase>[0], parseSeconds: number) {
  const database = await openDatabase(config, { max: 4 });
  try {
    await migrate(database);
    const [cold, coldS] = await seconds(() => indexAdvisories(database, [ADVISORY_DB], { out: quiet }));
    const [, warmS] = await seconds(() => indexAdvisories(database, [ADVISORY_DB], { out: quiet }));
    console.log(`import into ${kind}: ${f(cold.added)} advisories in ${f(coldS, 2)} s (${f(coldS / parseSeconds, 1)}× parsing alone); re-run ${f(warmS, 2)} s, nothing written`);
  } finally {
    await database.close();
  }
}

export async function advisoriesBench() {
  console.log('\n## Advisories\n');
  const [parsed, parseS] = await seconds(parseAll);
  console.log(`baseline: reading and parsing ${f(parsed.length)} advisory files, nothing stored: ${f(parseS, 2)} s`);
  const dir = scratchDataDir();
  await importInto('embedded PGlite', { kind: 'pglite', dataDir: dir.dir }, parseS);
  dir.drop();
  if (await serverAvailable()) {
    const db = await scratchServerDb();
    await importInto('PostgreSQL', { kind: 'postgres', url: db.url }, parseS);
    await db.drop();
  } else console.log('PostgreSQL server not reachable: import into the server not measured.');

  const crates = new Map<string, CrateVersionInput[]>();
  for await (const file of openLocalIndex(CLOSURE).files()) {
    const vs: CrateVersionInput[] = [];
    for (const line of file.text.split('\n')) {
      if (!line) continue;
      const p = parseIndexLine(line);
      if (p.ok) vs.push(toCrateInput(p.record.name, p.record));
    }
    crates.set(nameKey('crates', file.name), vs);
  }
  const byCrate = new Map<string, Advisory[]>();
  for (const a of parsed) byCrate.set(nameKey('crates', a.package), [...(byCrate.get(nameKey('crates', a.package)) ?? []), a]);
  const roots = [...crates.values()].map((vs) => vs.find((v) => v.num === defaultVersion(vs))).filter((v): v is CrateVersionInput => !!v);
  const universe = () => new CrateUniverse((n) => crates.get(nameKey('crates', n)));
  // Baseline: the same walks (resolution and feature unification) with no advisory looked at.
  const [walked, walkS] = await seconds(() => {
    const u = universe();
    return roots.reduce((n, r) => n + walkDependencies(r, u).length - 1, 0);
  });
  const [reached, findS] = await seconds(() => {
    const u = universe();
    return roots.map((r) => dependencyFindings(r, u, (c) => byCrate.get(nameKey('crates', c)) ?? []));
  });
  const withAny = reached.filter((x) => x.length).length;
  const findings = reached.reduce((n, x) => n + x.length, 0);
  console.log(`dependency-reached advisories, newest version of each of ${f(roots.length)} closure crates (${f(walked)} dependency versions reached in all): ${f(findS, 2)} s, ${f(roots.length / findS)} crates/s; ${f(withAny)} reach at least one advisory (${f(findings)} findings, ${f(reached.flat().filter((x) => x.semverCompatibleFix).length)} with a semver-compatible fix)`);
  console.log(`  baseline, the same dependency walks without advisories: ${f(walkS, 2)} s → ${f(findS / walkS, 2)}× the walk; heap ${f(process.memoryUsage().heapUsed / 2 ** 20)} MB`);
  if (!fs.existsSync(CLOSURE)) console.log('(closure archive missing)');
}
