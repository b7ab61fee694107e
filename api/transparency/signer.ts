import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { ConfigError } from '../config.js';
import type { Database } from '../db/client.js';
import { transparencyKeys } from '../db/schema/index.js';
import type { NoteSigner } from './note.js';

/** The hub's checkpoint-signing key: Node's Ed25519, never a hand-made primitive. */
export type LogKey = {
  privateKey: KeyObject;
  /** The raw 32-byte public key. */
  publicKey: Uint8Array;
  /** Where it came from: FERRITE_LOG_KEY, or generated on first use and kept in the database. */
  source: 'configured' | 'database';
};

/** An Ed25519 private key as PKCS#8 PEM, or the same DER in base64 (what fits in one variable). */
export function parseLogKey(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    key = trimmed.startsWith('-----BEGIN')
      ? createPrivateKey({ key: trimmed, format: 'pem' })
      : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    throw new ConfigError('FERRITE_LOG_KEY: not a PKCS#8 private key (PEM, or its DER in base64)');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new ConfigError(`FERRITE_LOG_KEY: an Ed25519 key is needed, not ${key.asymmetricKeyType}`);
  return key;
}

function toLogKey(privateKey: KeyObject, source: LogKey['source']): LogKey {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return { privateKey, publicKey: Buffer.from(jwk.x!, 'base64url'), source };
}

/** A fresh key, PKCS#8 PEM: what `FERRITE_LOG_KEY` takes. */
export function generateLogKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
}

export const noteSigner = (key: LogKey, name: string): NoteSigner => ({
  name,
  publicKey: key.publicKey,
  sign: (message) => sign(null, message, key.privateKey),
});

/**
 * Keys in use, per open database (its drizzle handle), so routes, pages and receipts sign with
 * the one the entry point chose. A cache keyed by an injected dependency, not a global key.
 */
const inUse = new WeakMap<object, Promise<LogKey>>();

/** Signs this database's log with a configured key (FERRITE_LOG_KEY) from now on. */
export function useLogKey(database: Database, pemOrBase64: string): LogKey {
  const key = toLogKey(parseLogKey(pemOrBase64), 'configured');
  inUse.set(database.db, Promise.resolve(key));
  return key;
}

/**
 * The key this database's log is signed with: the configured one, else the one stored in the
 * database, generated on first use (several processes racing store one: the first insert wins).
 */
export function logKey(database: Database): Promise<LogKey> {
  let key = inUse.get(database.db);
  if (!key) {
    key = loadOrCreate(database);
    inUse.set(database.db, key);
    key.catch(() => inUse.delete(database.db));
  }
  return key;
}

async function loadOrCreate(database: Database): Promise<LogKey> {
  const read = async () => (await database.db.select().from(transparencyKeys).where(eq(transparencyKeys.id, 1)))[0];
  let row = await read();
  if (!row) {
    await database.db.insert(transparencyKeys).values({ id: 1, privateKey: generateLogKeyPem() }).onConflictDoNothing();
    row = await read();
  }
  return toLogKey(parseLogKey(row!.privateKey), 'database');
}
