import { z } from '@hono/zod-openapi';
import { PageQuery } from '../lib/pagination.js';

export const Target = z
  .object({
    triple: z.string(),
    tier: z.string().nullable(),
    hostTools: z.boolean().nullable(),
    std: z.enum(['yes', 'partial', 'no', 'unknown']),
    notes: z.string().nullable(),
    cfg: z.record(z.string(), z.array(z.string())),
  })
  .openapi('Target');

export const ListTargetsQuery = PageQuery.extend({
  limit: z.coerce.number().int().min(1).max(500).default(100).openapi({ description: 'Targets per page (1–500, default 100).' }),
  tier: z.enum(['1', '2', '3']).optional().openapi({ description: 'Only targets of this support tier.' }),
  std: z.enum(['yes', 'partial', 'no', 'unknown']).optional().openapi({ description: 'Only targets with this std support.' }),
});

export const TargetParam = z.object({
  triple: z.string().regex(/^[a-z0-9_.-]{3,80}$/, 'not a target triple').openapi({ param: { name: 'triple', in: 'path' }, example: 'thumbv7em-none-eabihf' }),
});

export const TargetPage = z.object({ items: z.array(Target), nextCursor: z.string().nullable() }).openapi('TargetPage');
