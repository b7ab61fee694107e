import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../api/db/client.js';
import { manifestFacts, packages, versions } from '../../api/db/schema/index.js';
import { queuePackageChanged } from '../../api/outbox/topics.js';
import { nameKey } from '../../api/engine/formats/names.js';
import { storableJson } from '../../api/engine/formats/untrusted-json.js';
import { type ManifestFacts, noStdAttribute, readManifest } from '../../api/engine/formats/manifest.js';
import { RunLog } from '../run-log.js';
import { manifestInputs } from '../sources/manifest-files.js';

export type IndexManifestsResult = { manifests: number; stored: number; unchanged: number; skipped: number; seconds: number };

/**
 * `ferrite index manifests <dir|Cargo.toml|.crate>…`: stores what manifests say about crates
 * already indexed, as evidence kept apart from the index records, and fills package fields the
 * index leaves empty (description, links, licence…) without overwriting what another source set.
 */
export async function indexManifests(database: Database, inputs: string[], opts: { out?: NodeJS.WritableStream } = {}): Promise<IndexManifestsResult> {
  const out = opts.out ?? process.stderr;
  const log = new RunLog(database, out);
  await log.begin('index manifests', inputs);
  const started = performance.now();
  const r: IndexManifestsResult = { manifests: 0, stored: 0, unchanged: 0, skipped: 0, seconds: 0 };
  const missing = (input: string) => out.write(`skipped ${input}: no such file or directory\n`);
  for await (const input of manifestInputs(inputs, missing)) {
    r.manifests++;
    const parsed = readManifest(input.text, input.workspace);
    if (!parsed.ok) {
      r.skipped++;
      log.problem({ file: input.origin, reason: parsed.reason });
      continue;
    }
    const read: ManifestFacts = { ...parsed.facts };
    if (input.libRs !== undefined) {
      const attr = noStdAttribute(input.libRs);
      if (attr) read.noStdAttribute = attr;
    }
    // Manifests are free text: NUL and lone surrogates become U+FFFD (the name was checked by readManifest).
    const facts = storableJson(read) as ManifestFacts;
    const [pkg] = await database.db.select().from(packages).where(and(eq(packages.ecosystem, 'crates'), eq(packages.nameKey, nameKey('crates', facts.name))));
    if (!pkg) {
      r.skipped++;
      log.problem({ file: input.origin, reason: `crate '${facts.name}' is not indexed; index its records first` });
      continue;
    }
    const sha256 = createHash('sha256').update(input.text).update(input.libRs ?? '').digest('hex');
    const [prior] = await database.db.select({ sha256: manifestFacts.sha256 }).from(manifestFacts)
      .where(and(eq(manifestFacts.packageId, pkg.id), eq(manifestFacts.source, input.source), eq(manifestFacts.origin, input.origin)));
    if (prior?.sha256 === sha256) {
      r.unchanged++;
      continue;
    }
    const [version] = facts.version
      ? await database.db.select({ num: versions.num }).from(versions).where(and(eq(versions.packageId, pkg.id), eq(versions.num, facts.version)))
      : [];
    await database.db.transaction(async (tx) => {
      const values = { packageId: pkg.id, versionNum: version?.num ?? null, source: input.source, origin: input.origin, facts, sha256 };
      await tx.insert(manifestFacts).values(values).onConflictDoUpdate({
        target: [manifestFacts.packageId, manifestFacts.source, manifestFacts.origin],
        set: { ...values, updatedAt: sql`now()` },
      });
      await tx.update(packages).set({
        description: pkg.description ?? facts.description ?? null,
        repository: pkg.repository ?? facts.repository ?? null,
        homepage: pkg.homepage ?? facts.homepage ?? null,
        documentation: pkg.documentation ?? facts.documentation ?? null,
        license: pkg.license ?? facts.license ?? null,
        keywords: pkg.keywords.length ? pkg.keywords : facts.keywords ?? [],
        categories: pkg.categories.length ? pkg.categories : facts.categories ?? [],
        updatedAt: sql`now()`,
      }).where(eq(packages.id, pkg.id));
      await queuePackageChanged(tx, pkg.id);
    });
    r.stored++;
  }
  r.seconds = (performance.now() - started) / 1000;
  await log.finish('completed', { ...r, seconds: Math.round(r.seconds * 10) / 10 });
  return r;
}

export function formatManifestSummary(r: IndexManifestsResult): string {
  return `Read ${r.manifests} manifests in ${r.seconds.toFixed(1)} s: ${r.stored} stored, ${r.unchanged} unchanged, ${r.skipped} skipped`;
}
