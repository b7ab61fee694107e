import type { Context } from 'hono';

/** A posted form's fields without the CSRF token; repeated fields (checkboxes) as arrays. */
export async function formOf(c: Context): Promise<Record<string, string | string[]>> {
  const body = await c.req.parseBody({ all: true });
  return Object.fromEntries(Object.entries(body).filter(([k]) => k !== '_csrf').map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]));
}
