import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import type { AppEnv } from './env.js';
import { AppError, type FieldError, toProblem } from './problems.js';

/** Maps zod issues to `{ path, message }`, naming the field the caller got wrong. */
export function zodFieldErrors(error: ZodError, prefix?: string): FieldError[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(root)',
    message: i.message,
  }));
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return new AppError('invalidRequest', { errors: zodFieldErrors(err) });
  if (err instanceof HTTPException) {
    if (err.status === 404) return new AppError('notFound');
    if (err.status === 413) return new AppError('payloadTooLarge');
    if (err.status === 401) return new AppError('unauthorized');
    if (err.status === 403) return new AppError('forbidden');
    if (err.status === 429) return new AppError('rateLimited');
    if (err.status >= 400 && err.status < 500) return new AppError('invalidRequest', { detail: err.message || undefined });
  }
  return new AppError('internal');
}

/**
 * The one place errors become responses. Unknown errors are logged here, once, with the
 * request id, and the caller sees only a generic 500 with that id.
 */
export function respondWithProblem(err: unknown, c: Context<AppEnv>): Response {
  const appErr = toAppError(err);
  const requestId = c.get('requestId') ?? 'unknown';
  if (appErr.code === 'internal') c.get('logger')?.error({ err, requestId }, 'unhandled error');
  if (appErr.code === 'searchUnavailable') c.get('logger')?.warn({ err: appErr.cause, requestId }, 'search engine unavailable');
  const problem = toProblem(appErr, requestId, c.req.path);
  const renderHtml = c.get('renderProblemHtml');
  if (renderHtml && wantsHtml(c)) return renderHtml(c, problem);
  return c.body(JSON.stringify(problem), appErr.status as 400, {
    'content-type': 'application/problem+json',
    ...appErr.headers,
  });
}

function wantsHtml(c: Context): boolean {
  if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/index/')) return false;
  return (c.req.header('accept') ?? '').includes('text/html');
}
