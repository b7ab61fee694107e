import { makeBadge } from 'badge-maker';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { targets } from '../db/schema/index.js';
import { getNpmCompat, targetAnswers, versionSummary } from './service.js';
import { AppError } from '../lib/problems.js';
import { requirePackage, requireVersionOf } from '../packages/service.js';
import { PROFILES } from '../engine/compat/profiles.js';
import { ACCELERATORS } from '../engine/compat/knowledge.js';
import { statusWord } from './words.js';

/** Each answer its own colour, and the word beside it, so partial never passes for works. */
const COLORS: Record<string, string> = { yes: 'brightgreen', partial: 'orange', no: 'red', unknown: 'lightgrey' };
const MAIN = ['cloud', 'wasm', 'embedded'];

/** The strongest answers for a package's current version. */
async function currentSummary(db: DbOrTx, ecosystem: 'crates' | 'npm', name: string) {
  if (ecosystem === 'npm') return { summary: (await getNpmCompat(db, name)).summary, deps: [] };
  const pkg = await requirePackage(db, 'crates', name);
  if (!pkg.defaultVersion) throw new AppError('versionNotFound', { detail: `${pkg.name} has no current version.` });
  const version = await requireVersionOf(db, pkg, pkg.defaultVersion);
  return { summary: await versionSummary(db, version.id), deps: version.deps ?? [] };
}

/**
 * A shields-style badge. Without a subject it lists the main profiles the package runs on (those
 * it runs on only partly say so); with a profile, an accelerator or a target triple it gives that one answer.
 */
export async function badgeSvg(db: DbOrTx, ecosystem: 'crates' | 'npm', name: string, subject: string | null): Promise<string> {
  const { summary, deps } = await currentSummary(db, ecosystem, name);
  if (subject === null) {
    const runs = MAIN.map((p) => ({ p, status: summary.find((c) => c.subject === `profile:${p}`)?.status ?? '' })).filter((r) => r.status === 'yes' || r.status === 'partial');
    const message = runs.map((r) => (r.status === 'partial' ? `${r.p} (partial)` : r.p)).join(' | ');
    const color = !runs.length ? 'lightgrey' : runs.some((r) => r.status === 'yes') ? 'brightgreen' : COLORS.partial!;
    return makeBadge({ label: 'ferrite', message: message || 'no evidence yet', color });
  }
  let status: string;
  if ((PROFILES as readonly string[]).includes(subject)) status = summary.find((c) => c.subject === `profile:${subject}`)?.status ?? 'unknown';
  // An accelerator answers from its claim: evidence that the package can use it, or unknown.
  else if ((ACCELERATORS as readonly string[]).includes(subject)) status = summary.find((c) => c.subject === `accel:${subject}`)?.status ?? 'unknown';
  else {
    const [known] = await db.select({ triple: targets.triple }).from(targets).where(eq(targets.triple, subject));
    if (!known) throw new AppError('targetNotFound', { detail: `'${subject}' is neither a profile (${PROFILES.join(', ')}), an accelerator (${ACCELERATORS.join(', ')}) nor a target rustc knows.` });
    status = targetAnswers(summary, { deps }, [subject])[0]?.status ?? 'unknown';
  }
  return makeBadge({ label: subject, message: statusWord(status), color: COLORS[status] ?? 'lightgrey' });
}

/** What an image tag shows when the badge cannot be made: still an image, never a broken one. */
export const errorBadge = (message: string) => makeBadge({ label: 'ferrite', message, color: 'lightgrey' });
