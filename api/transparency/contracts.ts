import { z } from '@hono/zod-openapi';

/** The shapes of the transparency log's answers; OpenAPI is built from them. */

export const MAX_ENTRIES_PAGE = 1_000;
const DEFAULT_ENTRIES_PAGE = 100;

const HexHash = z.string().regex(/^[0-9a-f]{64}$/).openapi({ description: 'A SHA-256 hash in lowercase hex.', example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' });
const Position = (description: string) => z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).openapi({ description });

export const Checkpoint = z
  .object({
    origin: z.string().openapi({ description: 'The log\'s name: the first line of the checkpoint and the key\'s name.' }),
    treeSize: z.number().int().min(0),
    rootHash: HexHash.openapi({ description: 'MTH of the first treeSize leaves (RFC 9162 §2.1.1), hex; the note carries it in base64.' }),
    note: z.string().openapi({ description: 'The signed checkpoint: origin, tree size and base64 root hash on three lines, a blank line, then `— <origin> <base64(key hash ‖ Ed25519 signature)>` (c2sp.org/tlog-checkpoint in a c2sp.org/signed-note). Save it: `ferrite verify --checkpoint` proves later that the log only grew.' }),
    verifierKey: z.string().openapi({ description: 'The key that signs it, as `<name>+<key hash>+<base64 key>`.' }),
  })
  .openapi('LogCheckpoint');

export const PublicKey = z
  .object({
    origin: z.string(),
    algorithm: z.literal('Ed25519'),
    verifierKey: z.string().openapi({ description: 'For Go\'s sumdb/note and `ferrite verify --key`.' }),
    publicKey: z.string().openapi({ description: 'The raw 32-byte public key, base64.' }),
    publicKeyPem: z.string().openapi({ description: 'The same key as an SPKI PEM.' }),
  })
  .openapi('LogPublicKey');

export const EntriesQuery = z.object({
  start: Position('First leaf index (0-based).').default(0),
  end: Position(`One past the last leaf; at most ${MAX_ENTRIES_PAGE} after start (default ${DEFAULT_ENTRIES_PAGE}, or the tree\'s end).`).optional(),
});
export const DEFAULT_PAGE = DEFAULT_ENTRIES_PAGE;

const Entry = z.object({
  index: z.number().int().min(0),
  leafHash: HexHash.openapi({ description: 'SHA-256(0x00 ‖ data).' }),
  data: z.string().openapi({ description: 'The exact UTF-8 bytes the leaf hash covers: the governance entry and its proposal as canonical JSON.' }),
  entryHash: HexHash.nullable().openapi({ description: 'The governance entry\'s chain hash (a voter\'s receipt).' }),
});

export const EntriesPage = z
  .object({
    treeSize: z.number().int().min(0),
    items: z.array(Entry),
    nextCursor: z.string().nullable().openapi({ description: 'The `start` of the next page, or null at the end of the tree.' }),
  })
  .openapi('LogEntriesPage');

export const InclusionQuery = z.object({
  index: Position('The leaf\'s index; or give `hash`.').optional(),
  hash: HexHash.optional().openapi({ description: 'A governance entry\'s hash (a ballot receipt) or a leaf hash; instead of `index`.' }),
  size: Position('The tree size to prove inclusion in (default: the current one, signed).').optional(),
});

export const Receipt = z
  .object({
    receipt: HexHash.nullable().openapi({ description: 'The governance entry\'s chain hash.' }),
    leafIndex: z.number().int().min(0),
    leafHash: HexHash,
    entry: z.string().openapi({ description: 'The leaf\'s data (canonical JSON of the entry).' }),
    treeSize: z.number().int().min(1),
    inclusionProof: z.array(HexHash).openapi({ description: 'RFC 9162 §2.1.3 audit path, leaf to root.' }),
    checkpoint: z.string().nullable().openapi({ description: 'The signed checkpoint of treeSize; null when an older size was asked for.' }),
    verifierKey: z.string(),
  })
  .openapi('LogReceipt', { description: 'Proof that an entry is in the log: keep it; `ferrite verify --receipt` checks it against the log at any later time.' });

export const ConsistencyQuery = z.object({
  from: Position('The earlier tree size (a checkpoint you saved).'),
  to: Position('The later tree size (default: the current one, signed).').optional(),
});

export const ConsistencyProof = z
  .object({
    from: z.number().int().min(0),
    to: z.number().int().min(0),
    proof: z.array(HexHash).openapi({ description: 'RFC 9162 §2.1.4 consistency proof.' }),
    checkpoint: z.string().nullable().openapi({ description: 'The signed checkpoint of `to` when it is the current size.' }),
  })
  .openapi('LogConsistencyProof');

export const BallotReceipt = Receipt.extend({ version: z.number().int().min(1).openapi({ description: 'Which change of your ballot this is (1 for the first).' }) }).openapi('BallotReceipt');
