import { and, asc, eq, gt } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db/client.js';
import { targets } from '../db/schema/index.js';
import { decodeCursor, pageOf } from '../lib/pagination.js';
import { AppError } from '../lib/problems.js';

type TargetRow = typeof targets.$inferSelect;

function toDto(t: TargetRow) {
  return { triple: t.triple, tier: t.tier, hostTools: t.hostTools, std: t.std as 'yes' | 'partial' | 'no' | 'unknown', notes: t.notes, cfg: t.cfg };
}

export async function listTargets(db: DbOrTx, q: { tier?: string; std?: string; cursor?: string; limit: number }) {
  const after = q.cursor ? decodeCursor(q.cursor, z.string()) : null;
  const rows = await db
    .select()
    .from(targets)
    .where(and(q.tier ? eq(targets.tier, q.tier) : undefined, q.std ? eq(targets.std, q.std) : undefined, after ? gt(targets.triple, after) : undefined))
    .orderBy(asc(targets.triple))
    .limit(q.limit + 1);
  return pageOf(rows, q.limit, toDto, (r) => r.triple);
}

export async function getTarget(db: DbOrTx, triple: string) {
  const [row] = await db.select().from(targets).where(eq(targets.triple, triple));
  if (!row) throw new AppError('targetNotFound', { detail: `'${triple}' is not a target rustc knows.` });
  return toDto(row);
}
