import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { indexNpm } from '../../indexer/commands/index-npm.js';
import type { Progress } from '../../indexer/progress.js';
import { runCompatPass } from '../../indexer/sync/compat-claims.js';
import { expectJson, useTestApp } from '../setup/app.js';
import { runIndexCrates } from '../setup/indexer.js';
import { INDEX_FULL, realIndexFile, realLines } from '../setup/index-fixtures.js';
import { SHARED_DATA } from '../setup/shared-data.js';

const silent: Progress = { start() {}, update() {}, stop() {} };
const quiet = () => new Writable({ write(_c, _e, done) { done(); } });
type Claim = { subject: string; status: string; sourceKind: string; source: string; evidence: { claim: string; source: string; detail: string }[] };
const newest = (name: string) => JSON.parse(realLines(name).at(-1)!).vers as string;

describe('the compatibility pass over stored index records', () => {
  const t = useTestApp();
  const compat = async (name: string, version: string) =>
    expectJson<{ summary: Claim[]; claims: Claim[]; bindings: { npm: string; kind: string }[] }>(await t.app.request(`/api/v1/crates/${name}/${version}/compat`), 200);

  it('stores inferred claims with evidence for every version, and a summary that names its source', async () => {
    await runIndexCrates(t.database, [realIndexFile('tokio')]);
    const r = await runCompatPass(t.database);
    expect(r).toMatchObject({ crates: 1, changed: 1 });
    expect(r.versions).toBe(realLines('tokio').length);
    const body = await compat('tokio', newest('tokio'));
    const nostd = body.claims.find((c) => c.subject === 'nostd')!;
    expect(nostd).toMatchObject({ status: 'no', sourceKind: 'inferred', source: 'index' });
    expect(nostd.evidence[0]!.detail).toMatch(/tokio needs std/);
    expect(body.summary.find((c) => c.subject === 'profile:cloud')).toMatchObject({ status: 'yes', sourceKind: 'inferred', source: 'index' });
    const [{ n }] = await t.database.rows<{ n: number }>(sql`select count(distinct version_id)::int as n from compat_claims`);
    expect(n).toBe(realLines('tokio').length);
  });

  it('a re-run with nothing queued writes nothing', async () => {
    const again = await runCompatPass(t.database);
    expect(again).toMatchObject({ crates: 0, changed: 0, rounds: 0 });
  });

  it('re-analyses a crate when one of its dependencies is indexed later', async () => {
    // linfa-kernel depends on ndarray with default features; ndarray's defaults enable std.
    await runIndexCrates(t.database, [realIndexFile('linfa-kernel')]);
    await runCompatPass(t.database);
    const version = newest('linfa-kernel');
    const before = await compat('linfa-kernel', version);
    expect(before.summary.find((c) => c.subject === 'nostd')).toBeUndefined();

    await runIndexCrates(t.database, [realIndexFile('ndarray')]);
    const r = await runCompatPass(t.database);
    expect(r.rounds).toBe(2); // ndarray, then the crates that depend on it
    const after = await compat('linfa-kernel', version);
    const nostd = after.summary.find((c) => c.subject === 'nostd')!;
    expect(nostd.status).toBe('no');
    expect(nostd.evidence.map((e) => e.detail).join('\n')).toMatch(/ndarray .*default features, which enable std/);
    const queued = await t.database.rows<{ n: number }>(sql`
      select count(*)::int as n from outbox o join packages p on p.id = o.key::bigint
      where o.topic = 'search.package' and p.name = 'linfa-kernel' and o.processed_at is null`);
    expect(queued[0]!.n).toBeGreaterThan(1); // indexed, then its claims changed
  });

  it('keeps manifest evidence apart from the index and prefers it in the summary', async () => {
    const name = 'embedded-hal';
    await runIndexCrates(t.database, [realIndexFile(name)]);
    const facts = { name, categories: ['no-std', 'embedded'], docsRs: { targets: ['thumbv7em-none-eabihf'] } };
    await t.database.rows(sql`
      insert into manifest_facts (package_id, version_num, source, origin, facts, sha256)
      select id, ${newest(name)}, 'manifest', 'test', ${JSON.stringify(facts)}::jsonb, 'x' from packages where name = ${name}`);
    await t.database.rows(sql`insert into outbox (topic, key) select 'compat.package', id::text from packages where name = ${name}`);
    await runCompatPass(t.database);
    const body = await compat(name, newest(name));
    expect(body.claims.filter((c) => c.source === 'manifest').map((c) => c.subject)).toEqual(expect.arrayContaining(['nostd', 'target:thumbv7em-none-eabihf', 'profile:embedded']));
    expect(body.summary.find((c) => c.subject === 'nostd')).toMatchObject({ status: 'always', source: 'manifest' });
  });
});

describe('npm bindings in the compatibility pass', () => {
  const t = useTestApp();

  it('stores bindings with rustc triples, inherits the kind on platform packages, and links crates both ways', async () => {
    const packuments = path.join(SHARED_DATA, 'npm-packuments', 'packuments');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-npm-'));
    for (const f of ['tokenizers.json', 'vectordb.json', '@lancedb__vectordb-linux-x64-gnu.json', 'usearch.json']) fs.copyFileSync(path.join(packuments, f), path.join(dir, f));
    await indexNpm(t.database, [dir], { progress: silent, out: quiet() });
    await runIndexCrates(t.database, [path.join(INDEX_FULL, 'to', 'ke', 'tokenizers')]);
    await runCompatPass(t.database);

    const tok = await expectJson(await t.app.request('/api/v1/npm/tokenizers/compat'), 200);
    expect(tok.binding).toMatchObject({ kind: 'napi-rs', crate: 'tokenizers' });
    expect(tok.binding.triples).toContain('x86_64-unknown-linux-gnu');
    expect(tok.summary.find((c: Claim) => c.subject === 'rust')).toMatchObject({ status: 'yes', source: 'packument' });
    const crate = await expectJson(await t.app.request(`/api/v1/crates/tokenizers/${JSON.parse(realLines('tokenizers').at(-1)!).vers}/compat`), 200);
    expect(crate.bindings).toEqual([{ npm: 'tokenizers', kind: 'napi-rs', triples: tok.binding.triples }]);

    const platform = await expectJson(await t.app.request(`/api/v1/npm/${encodeURIComponent('@lancedb/vectordb-linux-x64-gnu')}/compat`), 200);
    expect(platform.binding).toMatchObject({ kind: 'neon', triples: ['x86_64-unknown-linux-gnu'] });
    const usearch = await expectJson(await t.app.request('/api/v1/npm/usearch/compat'), 200);
    expect(usearch.binding).toBeNull();
    expect(usearch.summary.find((c: Claim) => c.subject === 'rust')).toMatchObject({ status: 'no' });
  });
});
