import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { coverGovernanceLog } from '../governance/log.js';
import { verifierKey } from './note.js';
import { logOrigin } from './service.js';
import { logKey, useLogKey } from './signer.js';

/**
 * At start, after migrating: choose the checkpoint key (FERRITE_LOG_KEY, else the one kept in the
 * database, generated on first start) and make leaves of governance entries logged before the
 * tree existed. Returns what to print: the verifier key people pin.
 */
export async function startTransparencyLog(database: Database, config: Pick<Config, 'logKey' | 'publicUrl'>): Promise<string> {
  const key = config.logKey ? useLogKey(database, config.logKey) : await logKey(database);
  const added = await coverGovernanceLog(database);
  const where = key.source === 'configured'
    ? 'from FERRITE_LOG_KEY'
    : database.kind === 'pglite'
      ? 'generated, kept in the data folder\'s database'
      : 'generated, kept in the database: set FERRITE_LOG_KEY to keep it apart from what it signs';
  return `${verifierKey(logOrigin(config.publicUrl), key.publicKey)} (${where})${added ? `; ${added} earlier log entries added to the tree` : ''}`;
}
