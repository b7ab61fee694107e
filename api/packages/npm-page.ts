import type { DbOrTx } from '../db/client.js';
import { getNpmCompat } from '../compat/service.js';
import { getNpmPackage, requirePackage } from './service.js';
import { currentMetadata } from '../metadata/service.js';
import { decisionsFor } from '../governance/queries.js';
import { ownersOf } from '../owners/service.js';
import { allTargets } from '../targets/listing.js';

/** Everything the npm package page shows: the package, its versions, whether and how it wraps Rust. */
export async function loadNpmPage(db: DbOrTx, name: string) {
  const pkg = await requirePackage(db, 'npm', name);
  const [info, compat, targets] = await Promise.all([getNpmPackage(db, pkg.name), getNpmCompat(db, pkg.name), allTargets(db)]);
  return { pkg, info, compat, targets, notRust: notRust(compat.summary), metadata: await currentMetadata(db, pkg.id), ferriteOwners: await ownersOf(db, pkg.id), decisions: await decisionsFor(db, pkg.id) };
}

/** Reads the JavaScript-only verdict's evidence, so the page can say "JavaScript" rather than only "not Rust". */
const JAVASCRIPT_ONLY = /^the published files are JavaScript only\b/;

/**
 * When the strongest answer to "is it Rust?" is no, the page shows no Rust sections, only why:
 * the evidence of that answer, and the language when the evidence names it.
 */
function notRust(summary: Awaited<ReturnType<typeof getNpmCompat>>['summary']): { language: 'JavaScript' | null; reasons: string[] } | null {
  const rust = summary.find((c) => c.subject === 'rust');
  if (rust?.status !== 'no') return null;
  const reasons = rust.evidence.map((e) => e.detail);
  return { language: reasons.some((r) => JAVASCRIPT_ONLY.test(r)) ? 'JavaScript' : null, reasons };
}

export type NpmPage = Awaited<ReturnType<typeof loadNpmPage>>;
