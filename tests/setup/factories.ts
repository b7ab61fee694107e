import { randomBytes } from 'node:crypto';
import type { Database } from '../../api/db/client.js';
import { type NpmVersionInput, storeCrateRecords, storeNpmPackage, type PackageMeta } from '../../api/packages/write.js';
import type { IndexRecord } from '../../api/engine/formats/index-record.js';

/** Names unique across test files and runs, so tests never depend on each other's rows. */
export function uniqueName(prefix = 'crate'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export function indexRecord(name: string, vers: string, over: Partial<IndexRecord> = {}): IndexRecord {
  return { name, vers, deps: [], cksum: randomBytes(32).toString('hex'), features: {}, yanked: false, ...over };
}

export async function createCrate(database: Database, opts: { name?: string; versions?: string[]; meta?: PackageMeta } = {}) {
  const name = opts.name ?? uniqueName();
  const records = (opts.versions ?? ['0.1.0']).map((v) => indexRecord(name, v));
  const id = await storeCrateRecords(database.db, records, opts.meta);
  return { id, name, records };
}

export async function createNpmPackage(database: Database, opts: { name?: string; versions?: NpmVersionInput[]; meta?: PackageMeta } = {}) {
  const name = opts.name ?? uniqueName('pkg');
  const versions = opts.versions ?? [{ num: '1.0.0', publishedAt: new Date('2025-01-02T03:04:05Z'), facts: { os: ['linux'], cpu: ['x64'] } }];
  const id = await storeNpmPackage(database.db, name, opts.meta ?? {}, versions);
  return { id, name, versions };
}
