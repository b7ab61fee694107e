import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import semver from 'semver';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestCrateFiles } from '../../indexer/crates/ingest.js';
import { openLocalIndex, type IndexFile } from '../../indexer/sources/crates-index-files.js';
import { expectJson, useTestApp } from '../setup/app.js';
import { catalogDigest } from '../setup/catalog-digest.js';
import { itWithFullData } from '../setup/full-data.js';
import { INDEX_FULL, packIndex, realIndexFile, realLines, scratchIndex } from '../setup/index-fixtures.js';
import { runIndexCrates } from '../setup/indexer.js';
import { FULL_DATA } from '../setup/shared-data.js';

/** The real files whose traps the issue lists; web-sys's 3 MB file is too big for the committed fixtures. */
const TRAPS = ['hyper', 'heapless', 'ort', 'ash', 'serde', 'tokio', ...(FULL_DATA ? ['web-sys'] : []), 'candle-core', 'getrandom'];

describe('indexing real crates.io index files', () => {
  const t = useTestApp();
  let first: Awaited<ReturnType<typeof runIndexCrates>>;
  beforeAll(async () => {
    first = await runIndexCrates(t.database, TRAPS.map((n) => realIndexFile(n)));
  });

  it('stores every line of the trap files and serves each back verbatim', async () => {
    const total = TRAPS.reduce((n, c) => n + realLines(c).length, 0);
    expect(first).toMatchObject({ files: TRAPS.length, versionsRead: total, versionsWritten: total, linesSkipped: 0 });
    for (const name of TRAPS) {
      for (const line of realLines(name)) {
        const { vers } = JSON.parse(line);
        const res = await t.app.request(`/api/v1/crates/${name}/${encodeURIComponent(vers)}/index-record`);
        expect(res.status, `${name} ${vers}`).toBe(200);
        expect(await res.text()).toBe(line);
      }
    }
  });

  it('orders by semver, not line order: hyper\'s newest is its highest version', async () => {
    const body = await expectJson(await t.app.request('/api/v1/crates/hyper'), 200);
    const all = realLines('hyper').map((l) => JSON.parse(l).vers as string);
    expect(body.crate.max_version).toBe(semver.rsort([...all])[0]);
    expect(all).not.toEqual(semver.sort([...all])); // 0.14.x backports come after 1.x lines
  });

  it('never picks a yanked newest (heapless 0.9.0) or a pre-release (ort 2.0.0-rc) as the default version', async () => {
    const heapless = await expectJson(await t.app.request('/api/v1/crates/heapless'), 200);
    expect(heapless.crate.max_version).toBe('0.9.0');
    expect(heapless.crate.default_version).toBe('0.8.0');
    const ort = await expectJson(await t.app.request('/api/v1/crates/ort'), 200);
    expect(ort.crate.max_version).toMatch(/^2\.0\.0-rc\./);
    expect(ort.crate.default_version).toMatch(/^1\./);
  });

  it('keeps build metadata in version numbers (ash 0.38.0+1.3.281)', async () => {
    const body = await expectJson(await t.app.request(`/api/v1/crates/ash/${encodeURIComponent('0.38.0+1.3.281')}`), 200);
    expect(body.version.num).toBe('0.38.0+1.3.281');
  });

  it('merges features2 into the feature map the crates.io API shows, while the index record keeps them apart', async () => {
    const line = realLines('candle-core').find((l) => l.includes('"features2"'))!;
    const rec = JSON.parse(line);
    const api = await expectJson(await t.app.request(`/api/v1/crates/candle-core/${rec.vers}`), 200);
    expect(Object.keys(api.version.features).sort()).toEqual(Object.keys({ ...rec.features, ...rec.features2 }).sort());
  });

  it('keeps custom cfgs and cfg(any()) pins in dependency targets as written (tokio, serde)', async () => {
    const tokio = realLines('tokio').map((l) => JSON.parse(l)).find((r) => JSON.stringify(r.deps).includes('tokio_unstable'))!;
    const rec = await expectJson(await t.app.request(`/api/v1/crates/tokio/${tokio.vers}/index-record`), 200);
    expect(rec.deps.map((d: { target: string | null }) => d.target)).toEqual(tokio.deps.map((d: { target: string | null }) => d.target));
  });

  itWithFullData('loads web-sys\'s 3 MB file with its 1,657 features intact', async () => {
    const newest = JSON.parse(realLines('web-sys').at(-1)!);
    const rec = await expectJson(await t.app.request(`/api/v1/crates/web-sys/${newest.vers}/index-record`), 200);
    const count = Object.keys(rec.features).length + Object.keys(rec.features2 ?? {}).length;
    expect(count).toBeGreaterThanOrEqual(1657);
  });

  it('changes nothing when the same files are indexed again', async () => {
    const before = await catalogDigest(t.database);
    const again = await runIndexCrates(t.database, TRAPS.map((n) => realIndexFile(n)));
    expect(again).toMatchObject({ filesUnchanged: TRAPS.length, versionsWritten: 0, packagesChanged: 0, versionsRemoved: 0 });
    expect(await catalogDigest(t.database)).toEqual(before);
  });
});

describe('bad input never aborts a run or leaves partial rows', () => {
  const t = useTestApp();

  it('reports each malformed line with file and line, skips it, and stores the rest', async () => {
    const good = realLines('embedded-hal');
    const lines = [
      good[0]!,
      '{"name":"embedded-hal","vers":"9.9.9"', // truncated JSON
      good[1]!,
      '{"name":"embedded-hal","vers":"9.9.8","deps":[],"features":{},"yanked":false}', // no cksum
      good[2]!.replace('"name":"embedded-hal"', '"name":"not-this-crate"'), // wrong file
      good[1]!, // same version twice
      good[3]!,
    ];
    const root = scratchIndex({ 'embedded-hal': lines.join('\n') + '\n', 'defmt': realLines('defmt').join('\n') + '\n' });
    const result = await runIndexCrates(t.database, [root]);
    expect(result.linesSkipped).toBe(4);
    expect(result.versionsWritten).toBe(3 + realLines('defmt').length);
    const file = `${root}/em/be/embedded-hal`;
    expect(result.output).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^skipped: ${file}:2: not JSON`)),
      expect.stringMatching(new RegExp(`^skipped: ${file}:4: cksum`)),
      expect.stringMatching(new RegExp(`^skipped: ${file}:5: record for 'not-this-crate'`)),
      expect.stringMatching(new RegExp(`^skipped: ${file}:6: version .* appears twice`)),
    ]));
    const [run] = await t.database.rows<{ status: string; problems: { file: string; line: number }[]; stats: Record<string, number> }>(
      sql`select status, problems, stats from index_runs order by id desc limit 1`,
    );
    expect(run!.status).toBe('completed');
    expect(run!.stats.problems).toBe(4);
    expect(run!.problems.map((p) => p.line)).toEqual([2, 4, 5, 6]);
    const body = await expectJson(await t.app.request('/api/v1/crates/embedded-hal/versions'), 200);
    expect(body.meta.total).toBe(3);
  });

  it('reports an input that does not exist in one line and still loads the others', async () => {
    const result = await runIndexCrates(t.database, ['/no/such/index', realIndexFile('postcard')]);
    expect(result.unreachable).toEqual(['/no/such/index']);
    expect(result.output).toContain('skipped /no/such/index: no such file or directory');
    expect(result.versionsWritten).toBe(realLines('postcard').length);
  });

  it('removes a version its index file no longer lists, but never on a file with bad lines', async () => {
    const lines = realLines('riscv');
    const root = scratchIndex({ riscv: lines.join('\n') + '\n' });
    await runIndexCrates(t.database, [root]);
    fs.writeFileSync(`${root}/ri/sc/riscv`, ['not json', ...lines.slice(0, -2)].join('\n') + '\n');
    const partial = await runIndexCrates(t.database, [root]);
    expect(partial.versionsRemoved).toBe(0);
    fs.writeFileSync(`${root}/ri/sc/riscv`, lines.slice(0, -1).join('\n') + '\n');
    const complete = await runIndexCrates(t.database, [root]);
    expect(complete.versionsRemoved).toBe(1);
    const body = await expectJson(await t.app.request('/api/v1/crates/riscv/versions'), 200);
    expect(body.meta.total).toBe(lines.length - 1);
  });
});

describe('archives, resumption and outbox', () => {
  const t = useTestApp();
  const names = ['cortex-m', 'cortex-m-rt', 'embedded-hal', 'defmt', 'nb', 'critical-section', 'heapless', 'postcard'];

  it('loads a .tar.gz of an index to exactly the rows the same directory gives', async () => {
    const root = scratchIndex(Object.fromEntries(names.map((n) => [n, fs.readFileSync(realIndexFile(n), 'utf8')])));
    const archive = await packIndex(root, names);
    const viaArchive = await runIndexCrates(t.database, [archive]);
    expect(viaArchive.files).toBe(names.length);
    const digest = await catalogDigest(t.database);
    const viaDir = await runIndexCrates(t.database, [root]);
    expect(viaDir.filesUnchanged).toBe(names.length);
    expect(await catalogDigest(t.database)).toEqual(digest);
  });

  it('after a run dies halfway, running again ends with exactly the rows of one clean run', async () => {
    const root = scratchIndex(Object.fromEntries(names.map((n) => [n, fs.readFileSync(realIndexFile(n), 'utf8')])));
    await runIndexCrates(t.database, [root]);
    const expected = await catalogDigest(t.database);
    await t.database.rows(sql`delete from packages where ecosystem = 'crates'`);
    await t.database.rows(sql`delete from indexed_files`);
    // A source that dies after some files, as a killed process would, with batches of one file.
    async function* dying(): AsyncIterable<IndexFile> {
      let n = 0;
      for await (const f of openLocalIndex(INDEX_FULL).files()) {
        if (!names.includes(f.name)) continue;
        if (++n > 4) throw new Error('killed');
        yield f;
      }
    }
    await expect(ingestCrateFiles(t.database, dying(), { problem: () => {}, batchLines: 1 })).rejects.toThrow('killed');
    const partial = await catalogDigest(t.database);
    expect(partial.packages).toBeGreaterThan(0);
    expect(partial.packages).toBeLessThan(names.length);
    const resumed = await runIndexCrates(t.database, [root]);
    expect(resumed.filesUnchanged).toBe(partial.packages);
    expect(await catalogDigest(t.database)).toEqual(expected);
  });

  it('queues one search and one compatibility row per changed package in the same transaction', async () => {
    const lines = realLines('nb');
    await runIndexCrates(t.database, [realIndexFile('nb')]);
    const count = sql`select count(*)::int as n from outbox`;
    const [before] = await t.database.rows<{ n: number }>(count);
    const target = lines.findIndex((l) => l.includes('"yanked":false'));
    const root = scratchIndex({ nb: lines.map((l, i) => (i === target ? l.replace('"yanked":false', '"yanked":true') : l)).join('\n') + '\n' });
    const r = await runIndexCrates(t.database, [root]);
    expect(r.versionsWritten).toBe(1);
    const [after] = await t.database.rows<{ n: number }>(count);
    expect(after!.n - before!.n).toBe(2);
    const topics = await t.database.rows<{ topic: string }>(sql`select topic from outbox order by id desc limit 2`);
    expect(topics.map((x) => x.topic).sort()).toEqual(['compat.package', 'search.package']);
  });
});
