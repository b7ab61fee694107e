import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { type Database, fromPglite, fromPostgres, PGLITE_EXTENSIONS } from '../../api/db/client.js';
import { migrate } from '../../api/db/migrate.js';
import { councils, governanceLog, proposals, users } from '../../api/db/schema/index.js';
import { appendChainEntry, appendEvent, coverGovernanceLog, entryHash, GENESIS, leafData, type LogEntry } from '../../api/governance/log.js';
import { leafHash, MemoryTree, verifyConsistency, verifyInclusion } from '../../api/transparency/merkle.js';
import { currentCheckpoint } from '../../api/transparency/service.js';
import { consistencyProof, inclusionProof, rootAt, treeSize } from '../../api/transparency/store.js';
import { scratchServerDb, serverAvailable } from './databases.js';
import { f, random } from './governance.js';

/**
 * The transparency log beside the hash chain it extends: 100,000 entries appended in memory
 * (pure code) and in the database (the start-up backfill path, and one vote at a time as the
 * hub appends), then inclusion and consistency proofs per second.
 */
const ENTRIES = 100_000;
const PROOFS = 20_000;
const ONE_BY_ONE = 1_000;
const DB_PROOFS = 2_000;
const AT = '2026-11-25T12:00:00.000Z';

const ballot = (i: number, round = 'bulk') => ({ type: 'ballot', round, voter: `member-${i % 50}`, version: 1 + Math.floor(i / 50), choice: { choice: i % 3 ? 'yes' : 'no', weight: 1 } });
const perSecond = (n: number, ms: number) => `${f(n / (ms / 1000))}/s`;
function timed<T>(run: () => T): [T, number] {
  const t = performance.now();
  const out = run();
  return [out, performance.now() - t];
}
async function timedAsync<T>(run: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const out = await run();
  return [out, performance.now() - t];
}

function chainOf(n: number): LogEntry[] {
  const out: LogEntry[] = [];
  let prev = GENESIS;
  for (let i = 0; i < n; i++) {
    const e = { seq: i + 1, at: AT, event: ballot(i), prevHash: prev };
    prev = entryHash(e);
    out.push({ ...e, hash: prev });
  }
  return out;
}

function inMemory() {
  console.log(`\nIn memory, pure code (as \`ferrite verify\` rebuilds the tree), ${f(ENTRIES)} ballot entries:`);
  const [entries, chainMs] = timed(() => chainOf(ENTRIES));
  console.log(`  hash chain (canonical JSON + SHA-256 per entry, today's log): ${f(chainMs)} ms = ${perSecond(ENTRIES, chainMs)}`);
  const [tree, treeMs] = timed(() => {
    const t = new MemoryTree();
    for (const e of entries) t.append(leafHash(Buffer.from(leafData(1, e), 'utf8')));
    return t;
  });
  console.log(`  Merkle append (leaf data + leaf hash + completed subtrees, ~2 SHA-256 per leaf): ${f(treeMs)} ms = ${perSecond(ENTRIES, treeMs)} (${f(treeMs / chainMs, 2)}× the chain)`);
  const r = random(22);
  const idx = Array.from({ length: PROOFS }, () => Math.floor(r() * ENTRIES));
  const root = tree.root();
  const [incl, inclMs] = timed(() => idx.map((i) => tree.inclusionProof(i)));
  const [, inclVerifyMs] = timed(() => idx.forEach((i, k) => verifyInclusion(i, ENTRIES, tree.leaf(i), incl[k]!, root) || fail('inclusion')));
  console.log(`  inclusion proofs at size ${f(ENTRIES)}: ${perSecond(PROOFS, inclMs)} produced, ${perSecond(PROOFS, inclVerifyMs)} verified (${incl[0]!.length} hashes each)`);
  const sizes = idx.map((i) => Math.max(1, i));
  const [cons, consMs] = timed(() => sizes.map((m) => tree.consistencyProof(m)));
  const oldRoots = sizes.slice(0, 200).map((m) => tree.root(m));
  const [, consVerifyMs] = timed(() => oldRoots.forEach((old, k) => verifyConsistency(sizes[k]!, ENTRIES, old, root, cons[k]!) || fail('consistency')));
  console.log(`  consistency proofs to size ${f(ENTRIES)}: ${perSecond(PROOFS, consMs)} produced, ${perSecond(oldRoots.length, consVerifyMs)} verified`);
}

const fail = (what: string): never => {
  throw new Error(`a ${what} proof did not verify`);
};

async function seed(database: Database): Promise<number[]> {
  const [u] = await database.db.insert(users).values({ username: 'bench', usernameKey: 'bench' }).returning();
  const [c] = await database.db.insert(councils).values({ slug: 'bench', name: 'Bench' }).returning();
  const ids: number[] = [];
  for (const title of ['one by one, whole append', 'one by one, chain only', 'bulk']) {
    const [p] = await database.db.insert(proposals).values({ councilId: c!.id, authorId: u!.id, kind: 'policy', title, options: ['yes', 'no'], rules: { method: 'majority' }, status: 'open' }).returning();
    ids.push(p!.id);
  }
  return ids;
}

async function inDatabase(label: string, database: Database) {
  await migrate(database);
  const [whole, chainOnly, bulk] = await seed(database);
  console.log(`\n${label}:`);

  // One vote at a time, each its own transaction, as the hub appends.
  const at = new Date(AT);
  const [, wholeMs] = await timedAsync(async () => {
    for (let i = 0; i < ONE_BY_ONE; i++) await database.db.transaction((tx) => appendEvent(tx, whole!, at, ballot(i, 'whole')));
  });
  const [, chainMs] = await timedAsync(async () => {
    for (let i = 0; i < ONE_BY_ONE; i++) await database.db.transaction((tx) => appendChainEntry(tx, chainOnly!, at, ballot(i, 'chain')));
  });
  console.log(`  one entry per transaction, ${f(ONE_BY_ONE)} each: hash chain alone ${f(chainMs / ONE_BY_ONE, 2)} ms (${perSecond(ONE_BY_ONE, chainMs)}); chain + Merkle leaf ${f(wholeMs / ONE_BY_ONE, 2)} ms (${perSecond(ONE_BY_ONE, wholeMs)})`);

  // 100,000 entries: the chain written in batches, then the tree built over them (the start-up backfill).
  const entries = chainOf(ENTRIES);
  const [, bulkChainMs] = await timedAsync(async () => {
    for (let i = 0; i < ENTRIES; i += 1_000) {
      const batch = entries.slice(i, i + 1_000).map((e) => ({ proposalId: bulk!, seq: e.seq, at, event: e.event, prevHash: e.prevHash, hash: e.hash }));
      await database.db.transaction((tx) => tx.insert(governanceLog).values(batch));
    }
  });
  const [added, treeMs] = await timedAsync(() => coverGovernanceLog(database));
  const size = await treeSize(database.db);
  console.log(`  ${f(ENTRIES)} entries in batches of 1,000: hash chain rows ${f(bulkChainMs / 1000, 1)} s (${perSecond(ENTRIES, bulkChainMs)}); Merkle leaves and nodes over them ${f(treeMs / 1000, 1)} s (${perSecond(added, treeMs)}, ${f(added)} leaves)`);

  const r = random(9162);
  const [, rootMs] = await timedAsync(() => rootAt(database.db, size));
  const [, inclMs] = await timedAsync(async () => {
    for (let k = 0; k < DB_PROOFS; k++) await inclusionProof(database.db, Math.floor(r() * size), size);
  });
  const [, consMs] = await timedAsync(async () => {
    for (let k = 0; k < DB_PROOFS; k++) await consistencyProof(database.db, 1 + Math.floor(r() * (size - 1)), size);
  });
  const [, cpMs] = await timedAsync(async () => {
    for (let k = 0; k < DB_PROOFS; k++) await currentCheckpoint(database, 'http://bench.test');
  });
  console.log(`  at size ${f(size)}: root ${f(rootMs, 1)} ms; inclusion proofs ${perSecond(DB_PROOFS, inclMs)}, consistency proofs ${perSecond(DB_PROOFS, consMs)}, signed checkpoints ${perSecond(DB_PROOFS, cpMs)} (one reader, read from stored subtrees)`);
  const [{ bytes }] = await database.rows<{ bytes: number }>(sql`select (pg_total_relation_size('transparency_log_leaves') + pg_total_relation_size('transparency_log_nodes'))::float8 bytes`);
  const [{ chainBytes }] = await database.rows<{ chainBytes: number }>(sql`select pg_total_relation_size('governance_log')::float8 "chainBytes"`);
  console.log(`  on disk: governance_log ${f(chainBytes / 2 ** 20, 1)} MB; transparency leaves + nodes ${f(bytes / 2 ** 20, 1)} MB`);
}

export async function transparencyBench() {
  console.log('\n## Transparency log (RFC 9162 Merkle tree over the governance log)');
  inMemory();
  const pg = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
  const embedded = fromPglite(pg);
  await inDatabase('Embedded PGlite (in memory)', embedded);
  await embedded.close();
  if (await serverAvailable()) {
    const scratch = await scratchServerDb();
    const server = fromPostgres(postgres(scratch.url, { max: 2, onnotice: () => {} }));
    await inDatabase('PostgreSQL 15 server', server);
    await server.close();
    await scratch.drop();
  } else console.log('PostgreSQL server not reachable: not measured there.');
}
