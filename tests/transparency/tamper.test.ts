import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createHub } from '../../bin/app.js';
import type { Database } from '../../api/db/client.js';
import { coverGovernanceLog, entryHash, readLog } from '../../api/governance/log.js';
import { addMember, createCouncil } from '../../api/governance/service.js';
import { createLogger } from '../../api/lib/logger.js';
import { PostgresSearchEngine } from '../../api/search/pg-engine.js';
import { generateLogKeyPem, useLogKey } from '../../api/transparency/signer.js';
import { verifyTransparencyLog } from '../../indexer/commands/verify-log.js';
import { listenOnFreePort } from '../setup/browser.js';
import { freshDatabase } from '../setup/db.js';
import { expectJson } from '../setup/app.js';
import { WebClient } from '../setup/web-client.js';

/**
 * An operator with full database access tries what a hash chain alone cannot stop: rewriting a
 * ballot and re-chaining (and rebuilding the Merkle tree to match), dropping the tail, truncating,
 * and showing two clients two different trees. Each hub signs with the same key throughout, as a
 * real operator would: only consistency with what was signed before gives them away.
 */

const KEY = generateLogKeyPem();
const LIMIT = { windowMs: 60_000, limit: 1_000_000, trustProxy: false };
const opened: Database[] = [];
afterAll(async () => {
  for (const d of opened) await d.close();
});

type Hub = Awaited<ReturnType<typeof openHub>>;

async function openHub(opts: { bobVotes?: 'yes' | 'no' } = {}) {
  const database = await freshDatabase();
  opened.push(database);
  useLogKey(database, KEY);
  const clock = () => new Date('2026-11-25T12:00:00Z');
  const app = createHub({ database, logger: createLogger('silent'), search: new PostgresSearchEngine(database), publicUrl: 'http://ferrite.test', clock, rateLimit: LIMIT, formRateLimit: LIMIT, pageRateLimit: LIMIT });
  const tokens: Record<string, string> = {};
  await createCouncil(database, { slug: 'c', name: 'Council' });
  for (const m of ['alice', 'bob', 'carol']) {
    const web = new WebClient(app);
    await web.signUp(m, 'correct horse battery staple');
    tokens[m] = await web.createToken({ name: 'votes', scopes: ['governance:vote'] });
    await addMember(database, 'c', m, { from: new Date('2026-01-01') });
  }
  const post = async (who: string, url: string, body: unknown) =>
    expectJson(await app.request(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[who]}` }, body: JSON.stringify(body) }), url.endsWith('/proposals') ? 201 : 200);
  const propose = async (title: string) => {
    const { id } = await post('alice', '/api/v1/councils/c/proposals', { kind: 'policy', title, rules: { method: 'majority' } });
    await post('alice', `/api/v1/proposals/${id}/open`, {});
    return id as number;
  };
  const vote = (who: string, id: number, choice: string) => post(who, `/api/v1/proposals/${id}/ballots`, { choice: { choice } });
  const files: Record<string, string> = {};
  const checkpoint = async () => (await expectJson(await app.request('/api/v1/log/checkpoint'), 200)).note as string;
  const verify = (o: { checkpoints?: string[]; receipt?: string }) =>
    verifyTransparencyLog({ checkpoints: o.checkpoints ?? [], receipt: o.receipt, hub: 'http://ferrite.test', fetch: async (url) => app.request(url), readFile: (p) => files[p] ?? '' });

  // A history: one proposal that Bob's ballot decides (it closes at once), a second one under way.
  const p1 = await propose('Adopt the release policy');
  const early = { alice: await vote('alice', p1, 'yes'), carol: await vote('carol', p1, 'no') };
  const beforeBob = await checkpoint();
  const receipts = { ...early, bob: await vote('bob', p1, opts.bobVotes ?? 'no') };
  const p2 = await propose('Publish minutes');
  const later = await vote('alice', p2, 'yes');
  return { database, app, propose, vote, files, checkpoint, verify, p1, p2, receipts: { ...receipts, later }, beforeBob };
}

const rows = (hub: Hub, q: string) => hub.database.rows<Record<string, number | string>>(sql.raw(q));
const LOG_TABLES = ['governance_log', 'transparency_log_leaves', 'transparency_log_nodes'];
/** What the attacker does first: switch off the append-only triggers (as the table owner may). */
async function asAttacker(hub: Hub, change: () => Promise<unknown>) {
  for (const t of LOG_TABLES) await rows(hub, `alter table ${t} disable trigger user`);
  await change();
  for (const t of LOG_TABLES) await rows(hub, `alter table ${t} enable trigger user`);
}
/** Drops leaves from `from` on, and every stored subtree that covers one of them. */
const dropLeavesFrom = async (hub: Hub, from: number) => {
  await rows(hub, `delete from transparency_log_leaves where idx >= ${from}`);
  await rows(hub, `delete from transparency_log_nodes where (idx + 1) * (1::bigint << level) > ${from}`);
};
const leafOf = async (hub: Hub, entry: string) => Number((await rows(hub, `select idx from transparency_log_leaves where entry_hash = '${entry}'`))[0]!.idx);
const last = (r: { lines: string[] }) => r.lines.at(-1)!;

describe('ferrite verify with a saved checkpoint or receipt', () => {
  it('passes while the log only grows, and recounts the closed proposals from the leaves', async () => {
    const hub = await openHub();
    hub.files['early.txt'] = await hub.checkpoint();
    hub.files['bob.json'] = JSON.stringify(hub.receipts.bob);
    await hub.vote('bob', hub.p2, 'yes');
    const r = await hub.verify({ checkpoints: ['early.txt'], receipt: 'bob.json' });
    expect(r.code, r.lines.join('\n')).toBe(0);
    expect(r.lines.join('\n')).toMatch(/Consistent: checkpoint early\.txt .* only grew/);
    expect(r.lines.join('\n')).toMatch(/Receipt: +entry \d+ .*still in the log, unchanged/);
    expect(last(r)).toMatch(/2 hash chains intact; 2 closed, every recount matches/);
  });

  it('detects a ballot rewritten and re-chained, with the Merkle tree rebuilt to match: the receipt names the entry', async () => {
    const hub = await openHub();
    hub.files['before.txt'] = await hub.checkpoint();
    hub.files['bob.json'] = JSON.stringify(hub.receipts.bob);
    hub.files['later.json'] = JSON.stringify(hub.receipts.later);
    const bobLeaf = await leafOf(hub, hub.receipts.bob.receipt);
    await asAttacker(hub, async () => {
      // Bob's "no" becomes "yes"; every later hash of the proposal is recomputed, so its chain is intact…
      const entries = await readLog(hub.database.db, hub.p1);
      let prev = '0'.repeat(64);
      for (const e of entries) {
        if (e.event.type === 'ballot' && e.event.voter === 'bob') (e.event.choice as { choice: string }).choice = 'yes';
        e.prevHash = prev;
        e.hash = entryHash(e);
        prev = e.hash;
        await hub.database.rows(sql`update governance_log set event = ${JSON.stringify(e.event)}::jsonb, prev_hash = ${e.prevHash}, hash = ${e.hash} where proposal_id = ${hub.p1} and seq = ${e.seq}`);
      }
      // …and the tree is rebuilt from that ballot on, so the hub signs a self-consistent new tree.
      await dropLeavesFrom(hub, bobLeaf);
    });
    await coverGovernanceLog(hub.database);

    const byCheckpoint = await hub.verify({ checkpoints: ['before.txt'] });
    expect(byCheckpoint.code, byCheckpoint.lines.join('\n')).toBe(1);
    expect(last(byCheckpoint)).toMatch(/^INCONSISTENT at entries 0–\d+: the current log .* does not extend checkpoint before\.txt .*: the first change lies in entries 0–\d+/);
    const byBob = await hub.verify({ receipt: 'bob.json' });
    expect(byBob.code).toBe(1);
    expect(last(byBob)).toMatch(new RegExp(`^INCONSISTENT at entry ${bobLeaf}: `));
    // Two checkpoints, one from before Bob's ballot that still holds, pin it down as well.
    hub.files['early.txt'] = hub.beforeBob;
    const byTwo = await hub.verify({ checkpoints: ['early.txt', 'before.txt'] });
    expect(byTwo.lines).toContainEqual(expect.stringMatching(/^Consistent: checkpoint early\.txt/));
    expect(last(byTwo)).toMatch(new RegExp(`^INCONSISTENT at entries ${bobLeaf}–\\d+: `));
    // A later voter's receipt covers Bob's ballot too: it names the smallest run of entries its proof pins that holds it.
    const byLater = await hub.verify({ receipt: 'later.json' });
    expect(byLater.code).toBe(1);
    const [, lo, hi] = /^INCONSISTENT at entries (\d+)–(\d+): /.exec(last(byLater)) ?? [];
    expect(Number(lo)).toBeLessThanOrEqual(bobLeaf);
    expect(Number(hi)).toBeGreaterThanOrEqual(bobLeaf);
  });

  it('detects the tail dropped, and still after new entries fill the gap', async () => {
    const hub = await openHub();
    hub.files['latest.txt'] = await hub.checkpoint();
    hub.files['carol.json'] = JSON.stringify(hub.receipts.carol);
    const [{ n }] = (await rows(hub, 'select count(*)::int n from transparency_log_leaves')) as [{ n: number }];
    const carolLeaf = await leafOf(hub, hub.receipts.carol.receipt);
    await asAttacker(hub, async () => {
      await rows(hub, `delete from transparency_log_leaves where idx >= ${carolLeaf}`);
      await rows(hub, `delete from governance_log where id >= (select id from governance_log where hash = '${hub.receipts.carol.receipt}')`);
      await dropLeavesFrom(hub, carolLeaf);
    });
    const dropped = await hub.verify({ checkpoints: ['latest.txt'] });
    expect(dropped.code).toBe(1);
    expect(last(dropped)).toBe(`INCONSISTENT at entry ${carolLeaf}: the log now has ${carolLeaf} entries; checkpoint latest.txt was signed at ${n}: entries ${carolLeaf}–${n - 1} are gone (the log was truncated or its tail dropped)`);
    // New activity grows the log past its old size: the sizes no longer give it away, the proof does.
    for (const title of ['Something else', 'And more']) {
      const p = await hub.propose(title);
      for (const m of ['alice', 'bob']) await hub.vote(m, p, 'no');
    }
    expect((await rows(hub, 'select count(*)::int n from transparency_log_leaves'))[0]!.n).toBeGreaterThan(n);
    const refilled = await hub.verify({ checkpoints: ['latest.txt'] });
    expect(refilled.code).toBe(1);
    expect(last(refilled)).toMatch(/^INCONSISTENT at entries 0–\d+: /);
    const byReceipt = await hub.verify({ receipt: 'carol.json' });
    expect(byReceipt.code).toBe(1);
    expect(last(byReceipt)).toMatch(new RegExp(`^INCONSISTENT at entry ${carolLeaf}: `));
  });

  it('detects a truncated log', async () => {
    const hub = await openHub();
    hub.files['latest.txt'] = await hub.checkpoint();
    await asAttacker(hub, () => rows(hub, 'truncate governance_log, transparency_log_leaves, transparency_log_nodes'));
    const r = await hub.verify({ checkpoints: ['latest.txt'] });
    expect(r.code).toBe(1);
    expect(last(r)).toMatch(/^INCONSISTENT at entry 0: the log now has 0 entries; checkpoint latest\.txt was signed at \d+: entries 0–\d+ are gone/);
  });

  it('detects a fork: two different trees signed with the one key and shown to two clients', async () => {
    const [a, b] = [await openHub({ bobVotes: 'no' }), await openHub({ bobVotes: 'yes' })];
    const seenByOne = await a.checkpoint();
    const seenByTwo = await b.checkpoint();
    expect(seenByOne.split('\n')[1]).toBe(seenByTwo.split('\n')[1]); // the same size, other roots
    // Each client alone is content with the hub it talks to…
    a.files['one.txt'] = seenByOne;
    expect((await a.verify({ checkpoints: ['one.txt'] })).code).toBe(0);
    // …but the first client's checkpoint checked against the tree the second was shown fails,
    b.files['one.txt'] = seenByOne;
    const r = await b.verify({ checkpoints: ['one.txt'] });
    expect(r.code).toBe(1);
    expect(last(r)).toMatch(/^INCONSISTENT at entries 0–\d+: /);
    // as it does once that hub's tree has grown, and when the two clients compare notes.
    await b.vote('carol', b.p2, 'yes');
    expect(last(await b.verify({ checkpoints: ['one.txt'] }))).toMatch(/^INCONSISTENT at entries 0–\d+: the current log \(\d+ entries\) does not extend/);
    b.files['two.txt'] = seenByTwo;
    const both = await b.verify({ checkpoints: ['one.txt', 'two.txt'] });
    expect(both.code).toBe(1);
    expect(last(both)).toMatch(/^INCONSISTENT at entries 0–\d+: .* are both signed for \d+ entries with different roots: the hub showed two different trees \(a fork\)/);
  });

  it('refuses what it cannot check: another key, a damaged receipt, no hub', async () => {
    const hub = await openHub();
    hub.files['latest.txt'] = await hub.checkpoint();
    hub.files['bad.json'] = JSON.stringify({ ...hub.receipts.alice, entry: hub.receipts.alice.entry.replace('"yes"', '"no"') });
    const otherKey = 'ferrite.test/log+00000000+AQ' + 'A'.repeat(42) + '=';
    expect((await verifyTransparencyLog({ checkpoints: ['x'] })).code).toBe(2);
    expect((await hub.verify({ receipt: 'bad.json' })).lines.at(-1)).toMatch(/^cannot verify: bad\.json: its inclusion proof does not lead to its checkpoint's root/);
    const r = await verifyTransparencyLog({ checkpoints: ['latest.txt'], key: otherKey, hub: 'http://ferrite.test', fetch: async (u) => hub.app.request(u), readFile: (p) => hub.files[p]! });
    expect(r.code).toBe(2);
  });
});

describe('the ferrite verify command', () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, ['bin/ferrite.js', 'verify', ...args], { env: { ...process.env, ...env } });
      let out = '';
      let err = '';
      child.stdout.on('data', (c) => (out += c));
      child.stderr.on('data', (c) => (err += c));
      child.on('close', (code) => resolve({ code, out, err }));
    });

  it('takes a saved checkpoint or receipt and a hub URL, exits 0 while the log only grew and 1 once it was cut', async () => {
    const hub = await openHub();
    const server = await listenOnFreePort(hub.app);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-log-'));
    try {
      fs.writeFileSync(path.join(dir, 'checkpoint.txt'), await hub.checkpoint());
      fs.writeFileSync(path.join(dir, 'receipt.json'), JSON.stringify(hub.receipts.bob));
      await hub.vote('bob', hub.p2, 'yes');
      const good = await run(['--checkpoint', path.join(dir, 'checkpoint.txt'), server.url]);
      expect(good.code, good.out + good.err).toBe(0);
      expect(good.out).toMatch(/Consistent: checkpoint .* only grew/);
      const byReceipt = await run(['--receipt', path.join(dir, 'receipt.json')], { FERRITE_URL: server.url });
      expect(byReceipt.code, byReceipt.out + byReceipt.err).toBe(0);
      expect((await run(['--checkpoint'])).code).toBe(2);

      const bobLeaf = await leafOf(hub, hub.receipts.bob.receipt);
      await asAttacker(hub, async () => {
        await dropLeavesFrom(hub, bobLeaf);
        await rows(hub, `delete from governance_log where id >= (select id from governance_log where hash = '${hub.receipts.bob.receipt}')`);
      });
      const cut = await run(['--receipt', path.join(dir, 'receipt.json'), server.url]);
      expect(cut.code).toBe(1);
      expect(cut.out).toMatch(new RegExp(`INCONSISTENT at entry ${bobLeaf}: the log now has ${bobLeaf} entries`));
    } finally {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
