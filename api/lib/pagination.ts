import { z } from '@hono/zod-openapi';
import { AppError } from './problems.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export const PageQuery = z.object({
  cursor: z.string().max(512).optional().openapi({ description: 'Opaque cursor from a previous page\'s `nextCursor`.' }),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE)
    .openapi({ description: `Items per page (1–${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}).` }),
});

/** Cursors are opaque to callers: base64url JSON of the last row's sort key. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new AppError('invalidCursor', { errors: [{ path: 'cursor', message: 'not a cursor this endpoint issued' }] });
  }
}

/** Given `limit + 1` rows, returns the page and the cursor for the next one. */
export function pageOf<Row, Item>(rows: Row[], limit: number, toItem: (r: Row) => Item, keyOf: (r: Row) => unknown) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}
