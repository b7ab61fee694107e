import type { Database } from '../../api/db/client.js';
import { type ExportResult, writeExport } from '../../api/export/write.js';

/** The file `ferrite export` writes without `--out`: dated, in the working directory. */
export const defaultExportFile = (now: Date) => `ferrite-db-dump-${now.toISOString().slice(0, 10)}.tar.gz`;

/** `ferrite export [--out file.tar.gz]`: the whole catalog in crates.io's db-dump layout plus Ferrite's tables. */
export async function exportCatalog(database: Database, out?: string, now = new Date()): Promise<ExportResult> {
  return writeExport(database, out ?? defaultExportFile(now), { now });
}

export function formatExportSummary(r: ExportResult): string {
  const n = (t: string) => (r.rows[t] ?? 0).toLocaleString('en');
  return [
    `Exported ${r.file} (${(r.bytes / 1024 / 1024).toFixed(1)} MB) in ${r.seconds.toFixed(1)} s:`,
    `  crates ${n('crates')} (of which ${r.referencedOnly.toLocaleString('en')} only named by dependencies), versions ${n('versions')}, dependencies ${n('dependencies')}`,
    `  categories ${n('categories')}, keywords ${n('keywords')}, owners ${n('crate_owners')}; compatibility claims ${n('ferrite_compat_claims')}, bindings ${n('ferrite_bindings')}`,
    ...(r.otherRegistryDeps ? [`  left out: ${r.otherRegistryDeps} dependencies on other registries (the dump layout cannot point at them)`] : []),
  ].join('\n');
}
