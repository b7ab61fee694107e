import type { DbOrTx } from '../db/client.js';
import { canonicalJson } from '../governance/log.js';
import { toHex, leafHash } from './merkle.js';
import { appendLeaves, lockForAppend } from './store.js';

/**
 * The registry's side of the transparency log: every change to what maintainers declare (compatibility,
 * no_std, accelerators, maintenance status) and to who owns a package becomes a leaf of the same
 * signed Merkle tree as governance, so an operator cannot quietly rewrite who said a crate works
 * or who was made an owner. Leaves say `"log": "registry"`; governance leaves say `"governance"`.
 */
export type RegistryChange =
  | {
      kind: 'declared-metadata';
      package: string;
      by: string;
      revision: number;
      versions: string;
      claims: { subject: string; status: string }[];
      maintenance: string | null;
    }
  | { kind: 'owner-added' | 'owner-removed'; package: string; by: string; owner: string; via: string };

export type RegistryLeaf = { leafIndex: number; leafHash: string };

/** Appends one change in the caller's transaction (so the change and its leaf commit together) and returns where it sits. */
export async function logRegistryChange(tx: DbOrTx, at: Date, change: RegistryChange): Promise<RegistryLeaf> {
  await lockForAppend(tx);
  const data = canonicalJson({ log: 'registry', at: at.toISOString(), ...change });
  const leafIndex = await appendLeaves(tx, [{ data }]);
  return { leafIndex, leafHash: toHex(leafHash(Buffer.from(data, 'utf8'))) };
}
