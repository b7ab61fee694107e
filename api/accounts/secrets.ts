import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/** A random secret of `bytes` bytes (160 bits by default), base32 so it is safe in cookies, headers and URLs. */
export function randomSecret(bytes = 20): string {
  const b = new Uint8Array(bytes);
  crypto.getRandomValues(b);
  return encodeBase32LowerCaseNoPadding(b);
}

/** What the database keeps instead of a secret: its SHA-256, hex. A leaked table reveals no usable token. */
export function secretHash(secret: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));
}
