import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { appendChainEntry, coverGovernanceLog } from '../../api/governance/log.js';
import { addMember, createCouncil } from '../../api/governance/service.js';
import { ConfigError } from '../../api/config.js';
import { parseLogKey } from '../../api/transparency/signer.js';
import { startTransparencyLog } from '../../api/transparency/start.js';
import { expectJson, expectProblem, useTestApp } from '../setup/app.js';
import { WebClient } from '../setup/web-client.js';
import { openCheckpointNote, rfc } from './rfc9162-reference.js';

const t = useTestApp();
const tokens: Record<string, string> = {};
const MEMBERS = ['tl-alice', 'tl-bob', 'tl-carol'];
const unhex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const get = async (url: string, status = 200) => expectJson(await t.app.request(url), status);
const api = (who: string, url: string, body: unknown) =>
  t.app.request(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[who]}` }, body: JSON.stringify(body) });
let key: { name: string; raw: Uint8Array };

async function proposal(title: string, opts: { open?: boolean } = {}) {
  const { id } = await expectJson(await api('tl-alice', '/api/v1/councils/tl-council/proposals', { kind: 'policy', title, rules: { method: 'majority', earlyClose: false } }), 201);
  if (opts.open !== false) await expectJson(await api('tl-alice', `/api/v1/proposals/${id}/open`, {}), 200);
  return id as number;
}
const checkpoint = async () => {
  const c = await get('/api/v1/log/checkpoint');
  return { ...c, ...openCheckpointNote(c.note, key.name, key.raw) };
};
const count = async (table: string) => (await t.database.rows<{ n: number }>(sql.raw(`select count(*)::int n from ${table}`)))[0]!.n;

beforeAll(async () => {
  await createCouncil(t.database, { slug: 'tl-council', name: 'Transparency council' });
  for (const m of MEMBERS) {
    const web = new WebClient(t.app);
    await web.signUp(m, 'correct horse battery staple');
    tokens[m] = await web.createToken({ name: 'votes', scopes: ['governance:vote'] });
    await addMember(t.database, 'tl-council', m, { from: new Date('2026-01-01') });
  }
  const pk = await get('/api/v1/log/public-key');
  key = { name: pk.origin, raw: new Uint8Array(Buffer.from(pk.publicKey, 'base64')) };
}, 60_000);

describe('the transparency log', () => {
  it('makes every governance log entry a leaf in the same transaction, with the data it hashes', async () => {
    const id = await proposal('Leaves for every entry');
    await expectJson(await api('tl-bob', `/api/v1/proposals/${id}/ballots`, { choice: { choice: 'yes' } }), 200);
    expect(await count('transparency_log_leaves')).toBe(await count('governance_log'));
    const { items, treeSize, nextCursor } = await get('/api/v1/log/entries');
    expect(treeSize).toBe(items.length);
    expect(nextCursor).toBeNull();
    const chain = (await get(`/api/v1/proposals/${id}/log`)).entries;
    const mine = items.map((i: { data: string }) => JSON.parse(i.data)).filter((d: { proposal: number }) => d.proposal === id);
    expect(mine.map((d: { hash: string; seq: number; log: string }) => [d.log, d.seq, d.hash])).toEqual(chain.map((e: { hash: string; seq: number }) => ['governance', e.seq, e.hash]));
    for (const it of items) expect(it.leafHash).toBe(Buffer.from(rfc.leaf(Buffer.from(it.data, 'utf8'))).toString('hex'));
    // The signed root is the RFC's MTH of those leaves.
    const c = await checkpoint();
    expect(c.size).toBe(treeSize);
    expect(Buffer.from(c.root).toString('hex')).toBe(Buffer.from(rfc.MTH(items.map((i: { leafHash: string }) => unhex(i.leafHash)))).toString('hex'));
  });

  it('answers a ballot with its receipt: the entry, its inclusion proof and the signed checkpoint that holds it', async () => {
    const id = await proposal('Receipts that prove themselves');
    const r = await expectJson(await api('tl-carol', `/api/v1/proposals/${id}/ballots`, { choice: { choice: 'no' } }), 200);
    expect(r).toMatchObject({ version: 1, receipt: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const entry = JSON.parse(r.entry);
    expect(entry).toMatchObject({ proposal: id, hash: r.receipt, event: { type: 'ballot', voter: 'tl-carol' } });
    const c = openCheckpointNote(r.checkpoint, key.name, key.raw);
    expect(c.size).toBe(r.treeSize);
    expect(rfc.verifyInclusion(r.leafIndex, r.treeSize, rfc.leaf(Buffer.from(r.entry, 'utf8')), r.inclusionProof.map(unhex), c.root)).toBe(true);
    // The same receipt, later, by its hash (what "My votes" offers for download), in a bigger tree.
    await expectJson(await api('tl-alice', `/api/v1/proposals/${id}/ballots`, { choice: { choice: 'yes' } }), 200);
    const later = await get(`/api/v1/log/proof/inclusion?hash=${r.receipt}`);
    expect(later.treeSize).toBeGreaterThan(r.treeSize);
    const c2 = openCheckpointNote(later.checkpoint, key.name, key.raw);
    expect(rfc.verifyInclusion(later.leafIndex, later.treeSize, rfc.leaf(Buffer.from(later.entry, 'utf8')), later.inclusionProof.map(unhex), c2.root)).toBe(true);
    // An older size: the proof without a checkpoint, checked against that size's root.
    const old = await get(`/api/v1/log/proof/inclusion?index=${r.leafIndex}&size=${r.treeSize}`);
    expect(old).toMatchObject({ checkpoint: null, inclusionProof: r.inclusionProof });
  });

  it('proves every earlier checkpoint consistent with the current tree', async () => {
    const seen = [await checkpoint()];
    for (const title of ['Grow one', 'Grow two', 'Grow three']) {
      const id = await proposal(title);
      await expectJson(await api('tl-bob', `/api/v1/proposals/${id}/ballots`, { choice: { choice: 'yes' } }), 200);
      seen.push(await checkpoint());
    }
    const now = seen.at(-1)!;
    for (const c of seen.slice(0, -1)) {
      const p = await get(`/api/v1/log/proof/consistency?from=${c.size}`);
      expect(p.to).toBe(now.size);
      expect(openCheckpointNote(p.checkpoint, key.name, key.raw).root).toEqual(now.root);
      expect(rfc.verifyConsistency(c.size, now.size, c.root, now.root, p.proof.map(unhex))).toBe(true);
      if (c.size < seen[2]!.size) {
        const between = await get(`/api/v1/log/proof/consistency?from=${c.size}&to=${seen[2]!.size}`);
        expect(between.checkpoint).toBeNull();
        expect(rfc.verifyConsistency(c.size, seen[2]!.size, c.root, seen[2]!.root, between.proof.map(unhex))).toBe(true);
      }
    }
  });

  it('gives entries of ballots cast at once on different proposals one leaf each, in commit order', async () => {
    const ids = await Promise.all(['Parallel one', 'Parallel two', 'Parallel three'].map((title) => proposal(title)));
    const results = await Promise.all(ids.flatMap((id) => MEMBERS.map((m) => api(m, `/api/v1/proposals/${id}/ballots`, { choice: { choice: 'yes' } }))));
    for (const r of results) expect([200, 409]).toContain(r.status); // a third ballot may find its proposal already decided
    const [check] = await t.database.rows<{ leaves: number; entries: number; dense: boolean; ordered: boolean }>(sql`
      select (select count(*)::int from transparency_log_leaves) leaves, (select count(*)::int from governance_log) entries,
             (select max(idx) + 1 = count(*) from transparency_log_leaves) dense,
             (select bool_and(ordered) from (select governance_log_id > lag(governance_log_id, 1, 0::bigint) over (order by idx) ordered from transparency_log_leaves) o) ordered`);
    expect(check).toEqual({ leaves: check!.entries, entries: check!.entries, dense: true, ordered: true });
    const { items } = await get(`/api/v1/log/entries?start=0&end=${check!.leaves}`);
    expect(Buffer.from((await checkpoint()).root).toString('hex')).toBe(Buffer.from(rfc.MTH(items.map((i: { leafHash: string }) => unhex(i.leafHash)))).toString('hex'));
  });

  it('answers bad ranges with a 400 problem naming the field, never a 5xx', async () => {
    const { treeSize } = await get('/api/v1/log/checkpoint');
    const bad: [string, string][] = [
      [`/api/v1/log/entries?start=${treeSize + 1}`, 'start'],
      ['/api/v1/log/entries?start=2&end=2', 'end'],
      [`/api/v1/log/entries?start=0&end=${treeSize + 1}`, 'end'],
      ['/api/v1/log/entries?start=0&end=1001', 'end'],
      ['/api/v1/log/entries?start=-1', 'start'],
      ['/api/v1/log/entries?start=abc', 'start'],
      ['/api/v1/log/entries?start=1e300', 'start'],
      [`/api/v1/log/proof/inclusion?index=${treeSize}`, 'index'],
      [`/api/v1/log/proof/inclusion?index=0&size=${treeSize + 1}`, 'size'],
      ['/api/v1/log/proof/inclusion?index=3&size=3', 'size'],
      ['/api/v1/log/proof/inclusion?index=0&size=0', 'size'],
      ['/api/v1/log/proof/inclusion', 'index'],
      ['/api/v1/log/proof/inclusion?hash=xyz', 'hash'],
      ['/api/v1/log/proof/inclusion?index=1.5', 'index'],
      ['/api/v1/log/proof/consistency', 'from'],
      ['/api/v1/log/proof/consistency?from=3&to=2', 'from'],
      [`/api/v1/log/proof/consistency?from=${treeSize + 1}`, 'from'],
      [`/api/v1/log/proof/consistency?from=1&to=${treeSize + 1}`, 'to'],
      ['/api/v1/log/proof/consistency?from=99999999999999999999', 'from'],
    ];
    for (const [url, field] of bad) {
      const p = await expectProblem(await t.app.request(url), 400, 'invalidRequest');
      expect(p.errors?.map((e) => e.path), url).toContain(field);
    }
    await expectProblem(await t.app.request(`/api/v1/log/proof/inclusion?hash=${'0'.repeat(64)}`), 404, 'notFound');
    // The edges that are fine: an empty last page, a proof between equal sizes.
    expect((await get(`/api/v1/log/entries?start=${treeSize}`)).items).toEqual([]);
    expect((await get(`/api/v1/log/proof/consistency?from=${treeSize}&to=${treeSize}`)).proof).toEqual([]);
    const page = await get('/api/v1/log/entries?start=0&end=2');
    expect(page).toMatchObject({ nextCursor: '2' });
  });

  it('documents its routes as public reads with real answer schemas', async () => {
    const doc = await get('/api/openapi.json');
    for (const path of ['/api/v1/log/checkpoint', '/api/v1/log/public-key', '/api/v1/log/entries', '/api/v1/log/proof/inclusion', '/api/v1/log/proof/consistency']) {
      const op = doc.paths[path].get;
      expect(op['x-ferrite-access'], path).toEqual({ credential: 'anyone' });
      const schema = op.responses['200'].content['application/json'].schema;
      expect(schema.$ref, path).toMatch(/^#\/components\/schemas\/Log/);
    }
    expect(doc.paths['/api/v1/proposals/{id}/ballots'].post.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/BallotReceipt');
  });

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused on every log table', async () => {
    const refused = async (statement: string) => {
      const err = await t.database.rows(sql.raw(statement)).then(() => null, (e: Error & { cause?: Error }) => e.cause ?? e);
      expect(err?.message, statement).toMatch(/is append-only \((TRUNCATE|DELETE|UPDATE) refused\)|permission denied/);
    };
    const noop: Record<string, string> = { transparency_log_leaves: 'data = data', transparency_log_nodes: 'hash = hash', transparency_log_keys: 'private_key = private_key', governance_log: 'at = at', audit_log: 'action = action' };
    for (const [table, set] of Object.entries(noop)) {
      await refused(`truncate ${table} cascade`);
      await refused(`delete from ${table}`);
      await refused(`update ${table} set ${set}`);
    }
    expect(await count('transparency_log_leaves')).toBeGreaterThan(0);
  });

  it('covers entries logged before the tree existed at start, once, and signs with one stored key', async () => {
    const id = await proposal('Logged by an older version', { open: false });
    await t.database.db.transaction(async (tx) => {
      for (const n of [1, 2, 3]) await appendChainEntry(tx, id, new Date(Date.UTC(2026, 0, n)), { type: 'note', n });
    });
    const before = await checkpoint();
    expect(await count('governance_log')).toBe(before.size + 3);
    const line = await startTransparencyLog(t.database, { logKey: null, publicUrl: 'http://ferrite.test' });
    expect(line).toMatch(/^ferrite\.test\/log\+[0-9a-f]{8}\+\S+ \(generated, kept in .*database.*\); 3 earlier log entries added to the tree$/);
    expect(await coverGovernanceLog(t.database)).toBe(0);
    const after = await checkpoint();
    expect(after.size).toBe(before.size + 3);
    const p = await get(`/api/v1/log/proof/consistency?from=${before.size}`);
    expect(rfc.verifyConsistency(before.size, after.size, before.root, after.root, p.proof.map(unhex))).toBe(true);
    const { items } = await get(`/api/v1/log/entries?start=${before.size}`);
    expect(items.map((i: { data: string }) => JSON.parse(i.data).event)).toEqual([1, 2, 3].map((n) => ({ type: 'note', n })));
    expect(await count('transparency_log_keys')).toBe(1);
  });

  it('takes FERRITE_LOG_KEY as PKCS#8 PEM or base64 DER, Ed25519 only', () => {
    expect(() => parseLogKey('not a key')).toThrow(ConfigError);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    expect(() => parseLogKey(rsa)).toThrow(/Ed25519/);
    const ed = generateKeyPairSync('ed25519').privateKey;
    const der = (ed.export({ format: 'der', type: 'pkcs8' }) as Buffer).toString('base64');
    expect(parseLogKey(der).asymmetricKeyType).toBe('ed25519');
    expect(parseLogKey(ed.export({ format: 'pem', type: 'pkcs8' }) as string).asymmetricKeyType).toBe('ed25519');
  });
});
