import { createHash, createPublicKey, verify } from 'node:crypto';
import type { Hash } from './merkle.js';

/**
 * Signed notes (c2sp.org/signed-note, Go's golang.org/x/mod/sumdb/note) carrying checkpoints
 * (c2sp.org/tlog-checkpoint): the text, a blank line, then one line per signature,
 * `— <key name> <base64(4-byte key hash || Ed25519 signature)>`. Tools that read Go's notes and
 * checkpoints read these; pure code, so `ferrite verify` checks them offline.
 */

export class NoteError extends Error {}

const ALG_ED25519 = 0x01;
const DASH = '\u2014';

/** A key name is non-empty and has no spaces and no '+' (they delimit verifier keys). */
export const validKeyName = (name: string) => name.length > 0 && !/[\s+]/u.test(name);

/** The first four bytes, big-endian, of SHA-256(name || "\n" || 0x01 || public key). */
export function keyHash(name: string, publicKey: Uint8Array): number {
  const h = createHash('sha256').update(name).update('\n').update(Uint8Array.of(ALG_ED25519)).update(publicKey).digest();
  return h.readUInt32BE(0);
}

/** The verifier key others pin: `<name>+<key hash, 8 hex digits>+<base64(0x01 || public key)>`. */
export function verifierKey(name: string, publicKey: Uint8Array): string {
  if (!validKeyName(name)) throw new NoteError(`'${name}' cannot name a key`);
  const hash = keyHash(name, publicKey).toString(16).padStart(8, '0');
  return `${name}+${hash}+${Buffer.concat([Uint8Array.of(ALG_ED25519), publicKey]).toString('base64')}`;
}

export type Verifier = { name: string; keyHash: number; publicKey: Uint8Array; verify(message: Uint8Array, signature: Uint8Array): boolean };

export function parseVerifierKey(vkey: string): Verifier {
  // name+hash+key, split at the first two '+' (base64 has '+' of its own).
  const [name = '', hash16 = '', key64 = ''] = vkey.trim().match(/^([^+]*)\+([^+]*)\+(.*)$/)?.slice(1) ?? [];
  const key = Buffer.from(key64, 'base64');
  if (key.toString('base64') !== key64 || !validKeyName(name) || !/^[0-9a-f]{8}$/.test(hash16) || key.length !== 33 || key[0] !== ALG_ED25519) {
    throw new NoteError('not an Ed25519 verifier key (name+hash+base64 key)');
  }
  const publicKey = key.subarray(1);
  if (keyHash(name, publicKey) !== Number.parseInt(hash16, 16)) throw new NoteError('the verifier key\'s hash does not match its name and key');
  const keyObject = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey.toString('base64url') }, format: 'jwk' });
  return { name, keyHash: keyHash(name, publicKey), publicKey, verify: (message, signature) => signature.length === 64 && verify(null, message, keyObject, signature) };
}

export type NoteSigner = { name: string; publicKey: Uint8Array; sign(message: Uint8Array): Uint8Array };

/** Signs a note's text (which ends with a newline) with one key. */
export function signNote(text: string, signer: NoteSigner): string {
  checkText(text);
  const sig = signer.sign(Buffer.from(text, 'utf8'));
  const hash = Buffer.alloc(4);
  hash.writeUInt32BE(keyHash(signer.name, signer.publicKey));
  return `${text}\n${DASH} ${signer.name} ${Buffer.concat([hash, sig]).toString('base64')}\n`;
}

/** The text of a note once a signature by `verifier`'s key checks out; otherwise why not. */
export function openNote(note: string, verifier: Verifier): string {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new NoteError('not a signed note (text, blank line, signature lines)');
  const text = note.slice(0, split + 1);
  checkText(text);
  let named = false;
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const m = new RegExp(`^${DASH} (\\S+) ([A-Za-z0-9+/=]+)$`).exec(line);
    if (!m) throw new NoteError(`malformed signature line: ${line.slice(0, 80)}`);
    const blob = Buffer.from(m[2]!, 'base64');
    if (m[1] !== verifier.name || blob.length < 5 || blob.readUInt32BE(0) !== verifier.keyHash) continue;
    named = true;
    if (verifier.verify(Buffer.from(text, 'utf8'), blob.subarray(4))) return text;
  }
  throw new NoteError(named ? `the signature by ${verifier.name} does not match the note` : `the note carries no signature by the key ${verifier.name}+${verifier.keyHash.toString(16).padStart(8, '0')}`);
}

function checkText(text: string) {
  // eslint-disable-next-line no-control-regex
  if (!text.endsWith('\n') || /[\u0000-\u0009\u000b-\u001f\u007f]/.test(text)) throw new NoteError('a note\'s text is lines of printable text ending with a newline');
}

export type Checkpoint = { origin: string; size: number; root: Hash };

/** A checkpoint's text: the log's origin, its tree size in decimal, its root hash in base64. */
export function checkpointText(c: Checkpoint): string {
  return `${c.origin}\n${c.size}\n${Buffer.from(c.root).toString('base64')}\n`;
}

export function parseCheckpointText(text: string): Checkpoint {
  const [origin = '', size = '', root64 = ''] = text.split('\n');
  const root = Buffer.from(root64, 'base64');
  if (!origin || !/^(0|[1-9][0-9]{0,15})$/.test(size) || root.length !== 32 || root.toString('base64') !== root64) {
    throw new NoteError('not a checkpoint (origin, tree size, base64 root hash)');
  }
  return { origin, size: Number(size), root };
}
