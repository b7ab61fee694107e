import type { Context } from 'hono';
import type { z } from 'zod';
import { zodFieldErrors } from '../api/lib/on-error.js';
import type { FormState } from './components/forms.js';

/** A posted form's fields without the CSRF token; repeated fields (checkboxes) as arrays. */
export async function formOf(c: Context): Promise<Record<string, string | string[]>> {
  const body = await c.req.parseBody({ all: true });
  return Object.fromEntries(Object.entries(body).filter(([k]) => k !== '_csrf').map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]));
}

/** A form checked against its contract: the data, or the state that re-renders the form with every field's error. */
export function parseForm<T extends z.ZodType>(schema: T, form: Record<string, unknown>): { ok: true; data: z.infer<T> } | { ok: false; state: FormState } {
  const r = schema.safeParse(form);
  if (r.success) return { ok: true, data: r.data };
  return { ok: false, state: { message: 'Please correct the fields below.', errors: zodFieldErrors(r.error), values: stringValues(form) } };
}

/** Echoed values never include secrets: password fields are always re-typed. */
export const stringValues = (form: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(form).filter(([k, v]) => typeof v === 'string' && !/password|current|next/i.test(k)) as [string, string][]);
