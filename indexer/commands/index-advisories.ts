import { createHash } from 'node:crypto';
import type { Database } from '../../api/db/client.js';
import { type AdvisoryInput, storeAdvisories } from '../../api/advisories/service.js';
import { parseAdvisory } from '../../api/engine/formats/advisory.js';
import type { Progress } from '../progress.js';
import { RunLog } from '../run-log.js';
import { advisoryFileCount, advisoryFiles } from '../advisories/source.js';

export type IndexAdvisoriesResult = { files: number; added: number; changed: number; unchanged: number; skipped: number; seconds: number };

/**
 * `ferrite index advisories <dir|file.tar.gz>…`: RustSec advisories from an advisory-db checkout
 * or archive. A file that does not parse is reported with its path and reason and skipped; the
 * rest are stored together in one transaction, and unchanged files are not rewritten.
 */
export async function indexAdvisories(database: Database, inputs: string[], opts: { out?: NodeJS.WritableStream; progress?: Progress } = {}): Promise<IndexAdvisoriesResult> {
  const log = new RunLog(database, opts.out ?? process.stderr);
  await log.begin('index advisories', inputs);
  const started = performance.now();
  const r: IndexAdvisoriesResult = { files: 0, added: 0, changed: 0, unchanged: 0, skipped: 0, seconds: 0 };
  const parsed = new Map<string, AdvisoryInput>();
  opts.progress?.start('advisories', 'files', inputs.reduce((n, i) => n + advisoryFileCount(i), 0));
  for (const input of inputs) {
    try {
      for await (const f of advisoryFiles(input)) {
        r.files++;
        opts.progress?.update(r.files, { skipped: r.skipped });
        const skip = (reason: string) => {
          r.skipped++;
          log.problem({ file: f.origin, reason });
        };
        if ('problem' in f) {
          skip(f.problem);
          continue;
        }
        const p = parseAdvisory(f.text, f.dir);
        if (!p.ok) {
          skip(p.reason);
          continue;
        }
        const seen = parsed.get(p.advisory.id);
        if (seen) {
          skip(`${p.advisory.id} is also defined by ${seen.sourcePath}`);
          continue;
        }
        parsed.set(p.advisory.id, { advisory: p.advisory, sourcePath: f.rel, sha256: createHash('sha256').update(f.text).digest('hex') });
      }
    } catch (err) {
      // An unreadable input (missing, not an advisory database, a broken archive) is one problem; the others still load.
      r.skipped++;
      log.problem({ file: input, reason: (err as Error).message });
    }
  }
  opts.progress?.stop();
  const stored = await storeAdvisories(database, [...parsed.values()]);
  Object.assign(r, stored, { seconds: (performance.now() - started) / 1000 });
  await log.finish('completed', { ...r, seconds: Math.round(r.seconds * 10) / 10 });
  return r;
}

export function formatAdvisoriesSummary(r: IndexAdvisoriesResult): string {
  return `Read ${r.files} advisory files in ${r.seconds.toFixed(1)} s: ${r.added} added, ${r.changed} changed, ${r.unchanged} unchanged, ${r.skipped} skipped`;
}
