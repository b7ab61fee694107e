import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../lib/deps.js';
import { access, guarded } from '../accounts/access.js';
import type { AppEnv } from '../lib/env.js';
import { jsonContent, notFoundResponse, problemResponses } from '../lib/openapi.js';
import { Checkpoint, ConsistencyProof, ConsistencyQuery, EntriesPage, EntriesQuery, InclusionQuery, PublicKey, Receipt } from './contracts.js';
import { consistency, currentCheckpoint, entries, publicKeyOf, receipt } from './service.js';

const tags = ['Transparency log'];
const read = { ...guarded(access.anyone), tags } as const;

const checkpointRoute = createRoute({
  method: 'get', path: '/api/v1/log/checkpoint', ...read, summary: 'The current signed checkpoint',
  description: 'Every governance log entry is a leaf of one RFC 9162 Merkle tree. The checkpoint names its size and root hash, signed by the hub\'s Ed25519 key. Keep one: with it, anyone proves later that the log only grew.',
  responses: { 200: jsonContent(Checkpoint, 'The signed tree head.'), ...problemResponses },
});
const publicKeyRoute = createRoute({
  method: 'get', path: '/api/v1/log/public-key', ...read, summary: 'The key checkpoints are signed with',
  responses: { 200: jsonContent(PublicKey, 'The Ed25519 public key, in three encodings.'), ...problemResponses },
});
const entriesRoute = createRoute({
  method: 'get', path: '/api/v1/log/entries', ...read, summary: 'Leaves by index',
  description: 'Leaves [start, end) with the data each hashes, to rebuild the tree or audit it. Bounded pages; `nextCursor` is the next `start`.',
  request: { query: EntriesQuery },
  responses: { 200: jsonContent(EntriesPage, 'A page of leaves.'), ...problemResponses },
});
const inclusionRoute = createRoute({
  method: 'get', path: '/api/v1/log/proof/inclusion', ...read, summary: 'Prove an entry is in the log (a receipt)',
  description: 'By leaf index or by hash (a ballot\'s receipt or a leaf hash). Without `size`, the proof is for the current tree and comes with its signed checkpoint.',
  request: { query: InclusionQuery },
  responses: { 200: jsonContent(Receipt, 'The entry, its inclusion proof and checkpoint.'), ...notFoundResponse, ...problemResponses },
});
const consistencyRoute = createRoute({
  method: 'get', path: '/api/v1/log/proof/consistency', ...read, summary: 'Prove the log only grew between two sizes',
  description: 'RFC 9162 §2.1.4: the tree of `from` leaves is a prefix of the tree of `to` leaves. Without `to`, the proof reaches the current tree and comes with its signed checkpoint.',
  request: { query: ConsistencyQuery },
  responses: { 200: jsonContent(ConsistencyProof, 'The consistency proof.'), ...problemResponses },
});

export function transparencyRoutes({ database, publicUrl }: AppDeps) {
  return new OpenAPIHono<AppEnv>()
    .openapi(checkpointRoute, async (c) => {
      // A checkpoint is news: caches revalidate it on every read.
      c.header('cache-control', 'no-cache');
      return c.json(await currentCheckpoint(database, publicUrl), 200);
    })
    .openapi(publicKeyRoute, async (c) => c.json(await publicKeyOf(database, publicUrl), 200))
    .openapi(entriesRoute, async (c) => c.json(await entries(database, c.req.valid('query')), 200))
    .openapi(inclusionRoute, async (c) => {
      const q = c.req.valid('query');
      if (q.size === undefined) c.header('cache-control', 'no-cache');
      return c.json(await receipt(database, publicUrl, q, q.size), 200);
    })
    .openapi(consistencyRoute, async (c) => {
      const q = c.req.valid('query');
      if (q.to === undefined) c.header('cache-control', 'no-cache');
      return c.json(await consistency(database, publicUrl, q), 200);
    });
}
