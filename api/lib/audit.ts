import type { DbOrTx } from '../db/client.js';
import { auditLog } from '../db/schema/index.js';
import type { Principal } from '../accounts/principal.js';

/** The actor an audit entry names: the account, and the token when one was used. */
export function actorOf(p: Principal): { actor: string; via?: string } {
  return p.kind === 'token' ? { actor: `user:${p.user.id}`, via: `token:${p.tokenId}` } : { actor: `user:${p.user.id}` };
}

/** Appends one entry to the audit log, in the caller's transaction so it exists exactly when the change does. */
export async function audit(tx: DbOrTx, e: { principal?: Principal; actor?: string; action: string; subjectType: string; subjectKey: string; data?: Record<string, unknown> }) {
  const who = e.principal ? actorOf(e.principal) : { actor: e.actor ?? 'system' };
  await tx.insert(auditLog).values({
    actor: who.actor,
    action: e.action,
    subjectType: e.subjectType,
    subjectKey: e.subjectKey,
    data: { ...(who.via ? { via: who.via } : {}), ...e.data },
  });
}
