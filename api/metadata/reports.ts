import { z } from '@hono/zod-openapi';
import { and, desc, eq } from 'drizzle-orm';
import type { Principal } from '../accounts/principal.js';
import { requireScope } from '../accounts/principal.js';
import type { Database, DbOrTx } from '../db/client.js';
import { compatClaims, compatReports, targets, users } from '../db/schema/index.js';
import { SEARCH_TOPIC, enqueue } from '../outbox/topics.js';
import { audit } from '../lib/audit.js';
import { AppError } from '../lib/problems.js';
import { requireOwner } from '../owners/service.js';
import { requireCrateVersion } from '../packages/service.js';
import { creditFerriteActivity } from '../contributors/import.js';

export const CompatReportBody = z
  .object({
    crate: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a crate name'),
    version: z.string().min(1).max(100),
    target: z.string().regex(/^[a-z0-9_.-]{3,80}$/, 'a target triple'),
    toolchain: z.string().regex(/^(stable|beta|nightly|\d+\.\d+(\.\d+)?)(-[0-9]{4}-[0-9]{2}-[0-9]{2})?$/, 'stable, beta, nightly or a Rust version such as 1.75.0'),
    features: z.array(z.string().regex(/^[A-Za-z0-9_+./-]{1,64}$/, 'a feature name')).max(100).default([]),
    result: z.enum(['pass', 'fail']),
    logUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(),
  })
  .strict()
  .openapi('CompatReport');

type Report = typeof compatReports.$inferSelect;

const describe = (r: Pick<Report, 'id' | 'toolchain' | 'features' | 'result' | 'logUrl'> & { reporter: string }) =>
  `report ${r.id}: ${r.result === 'pass' ? 'passed' : 'failed'} on ${r.toolchain}${r.features.length ? ` with features ${r.features.join(', ')}` : ''}, by ${r.reporter}${r.logUrl ? ` (log ${r.logUrl})` : ''}`;

/**
 * Rebuilds the verified claim for one version and target from its reports: the latest result
 * wins; earlier reports that disagree stay listed in its evidence as conflicts.
 */
async function aggregate(tx: DbOrTx, versionId: number, target: string) {
  const reports = await tx
    .select({ r: compatReports, reporter: users.username })
    .from(compatReports)
    .innerJoin(users, eq(users.id, compatReports.userId))
    .where(and(eq(compatReports.versionId, versionId), eq(compatReports.target, target)))
    .orderBy(desc(compatReports.createdAt), desc(compatReports.id));
  const subject = `target:${target}`;
  await tx.delete(compatClaims).where(and(eq(compatClaims.versionId, versionId), eq(compatClaims.subject, subject), eq(compatClaims.sourceKind, 'verified')));
  const [latest, ...older] = reports;
  if (!latest) return;
  const conflicts = older.filter((o) => o.r.result !== latest.r.result).slice(0, 5);
  await tx.insert(compatClaims).values({
    versionId,
    subject,
    status: latest.r.result === 'pass' ? 'yes' : 'no',
    sourceKind: 'verified',
    source: `report:${latest.r.id}`,
    evidence: [
      { claim: subject, source: `report ${latest.r.id}`, detail: describe({ ...latest.r, reporter: latest.reporter }) },
      ...conflicts.map((o) => ({ claim: subject, source: `conflict: report ${o.r.id}`, detail: describe({ ...o.r, reporter: o.reporter }) })),
    ],
  });
}

/** Stores a CI report from an owner's `compat:report` token and re-aggregates that version and target. */
export async function postCompatReport(database: Database, principal: Principal | undefined, body: z.infer<typeof CompatReportBody>, at: Date) {
  return database.db.transaction(async (tx) => {
    const { pkg, version } = await requireCrateVersion(tx, body.crate, body.version);
    const user = requireScope(principal, 'compat:report', pkg.name);
    await requireOwner(tx, pkg, user);
    const [known] = await tx.select({ t: targets.triple }).from(targets).where(eq(targets.triple, body.target));
    if (!known) throw new AppError('invalidRequest', { detail: `'${body.target}' is not a target rustc knows.`, errors: [{ path: 'target', message: 'unknown target' }] });
    const [row] = await tx
      .insert(compatReports)
      .values({ versionId: version.id, target: body.target, toolchain: body.toolchain, features: [...body.features].sort(), result: body.result, logUrl: body.logUrl ?? null, userId: user.id, tokenId: principal!.kind === 'token' ? principal!.tokenId : null, createdAt: at })
      .returning();
    await aggregate(tx, version.id, body.target);
    await audit(tx, { principal: principal!, action: 'compat.reported', subjectType: 'version', subjectKey: String(version.id), data: { report: row!.id, target: body.target, result: body.result } });
    await enqueue(tx, SEARCH_TOPIC, [pkg.id]);
    await creditFerriteActivity(tx, user.id);
    return { id: row!.id, crate: pkg.name, version: version.num, target: body.target, result: body.result, createdAt: row!.createdAt.toISOString() };
  });
}
