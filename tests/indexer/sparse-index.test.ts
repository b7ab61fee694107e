import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexPath } from '../../api/engine/formats/index-path.js';
import { USER_AGENT } from '../../indexer/sources/sparse-index.js';
import { expectJson, useTestApp } from '../setup/app.js';
import { catalogDigest } from '../setup/catalog-digest.js';
import { INDEX_FULL, INDEX_RECENT, realLines } from '../setup/index-fixtures.js';
import { runIndexCrates } from '../setup/indexer.js';
import { startSparseServer } from '../setup/sparse-server.js';

const CRATES = ['candle-core', 'cudarc', 'serde', 'embassy-executor', 'libc', 'syn'];

describe('the sparse index client against a local server of real index files', () => {
  const t = useTestApp();
  let server: Awaited<ReturnType<typeof startSparseServer>>;
  beforeAll(async () => {
    server = await startSparseServer([INDEX_FULL, INDEX_RECENT]);
  });
  afterAll(() => server.close());

  it('fetches each named crate with a descriptive User-Agent and stores its records', async () => {
    const r = await runIndexCrates(t.database, [server.url], { crates: CRATES, concurrency: 3 });
    expect(r.files).toBe(CRATES.length);
    expect(r.linesSkipped).toBe(0);
    const fetched = server.requests.filter((q) => q.path !== 'config.json');
    expect(fetched.map((q) => q.path).sort()).toEqual(CRATES.map(indexPath).sort());
    expect(new Set(server.requests.map((q) => q.userAgent))).toEqual(new Set([USER_AGENT]));
    const body = await expectJson(await t.app.request('/api/v1/crates/cudarc/versions'), 200);
    expect(body.meta.total).toBe(realLines('cudarc').length);
  });

  it('revalidates with If-None-Match and writes nothing when the server answers 304', async () => {
    const before = await catalogDigest(t.database);
    server.requests.length = 0;
    const r = await runIndexCrates(t.database, [server.url], { crates: CRATES });
    expect(r.notModified).toBe(CRATES.length);
    expect(r.versionsWritten).toBe(0);
    expect(server.requests.filter((q) => q.status === 304)).toHaveLength(CRATES.length);
    expect(server.requests.every((q) => q.path === 'config.json' || q.ifNoneMatch)).toBe(true);
    expect(await catalogDigest(t.database)).toEqual(before);
  });

  it('stores only what changed when one crate is republished', async () => {
    const lines = realLines('cudarc');
    server.override(indexPath('cudarc'), lines.slice(0, -1).join('\n') + '\n');
    const r = await runIndexCrates(t.database, [server.url], { crates: CRATES });
    expect(r.notModified).toBe(CRATES.length - 1);
    expect(r.versionsRemoved).toBe(1);
  });

  it('reports a crate the index does not have, and carries on', async () => {
    const r = await runIndexCrates(t.database, [server.url], { crates: ['no-such-crate-xyz', 'serde'] });
    expect(r.output.some((l) => l.includes("'no-such-crate-xyz' is not in the index (404)"))).toBe(true);
    expect(r.notModified).toBe(1);
  });

  it('reports an unreachable index in one clear line and skips it', async () => {
    const closed = await startSparseServer([]);
    await closed.close();
    const r = await runIndexCrates(t.database, [closed.url], { crates: ['serde'] });
    expect(r.unreachable).toEqual([closed.url]);
    expect(r.output).toHaveLength(1);
    expect(r.output[0]).toMatch(/^skipped http:\/\/127\.0\.0\.1:\d+\/: cannot reach the sparse index/);
  });
});
