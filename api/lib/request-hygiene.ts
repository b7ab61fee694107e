import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from './problems.js';

/**
 * One body limit for every route. Forms, metadata and CI reports are a few KiB; a route that needs
 * less sets its own, smaller limit. Anything larger is refused before it is buffered.
 */
export const MAX_BODY_BYTES = 256 * 1024;

export const limitBodies: MiddlewareHandler = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new AppError('payloadTooLarge', { detail: `Request bodies are limited to ${MAX_BODY_BYTES / 1024} KiB.` });
  },
});

const NUL = '\u0000';

/** Decodes one URL component, or says why it cannot be read (a broken escape, or a NUL, which PostgreSQL never stores). */
function badComponent(raw: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return 'has a malformed percent-encoding';
  }
  return decoded.includes(NUL) ? 'contains a NUL byte' : null;
}

/**
 * Refuses requests no route could read correctly, before any route sees them: a path or query with
 * broken percent-encoding or a NUL byte, and a text body with a NUL byte (as `%00` in a form, `\u0000`
 * in JSON, or raw). Invalid UTF-8 in bodies becomes U+FFFD when the body is decoded, as the
 * WHATWG decoder does, so it needs no check here.
 */
export const rejectUnreadableInput: MiddlewareHandler = async (c, next) => {
  const url = c.req.url;
  const q = url.indexOf('?');
  const pathPart = new URL(url).pathname;
  const parts = [...pathPart.split('/'), ...(q < 0 ? [] : url.slice(q + 1).split(/[&=]/))];
  for (const part of parts) {
    const why = part.includes('%') || part.includes(NUL) ? badComponent(part) : null;
    if (why) throw new AppError('invalidRequest', { detail: `The address ${why}.` });
  }
  if (c.req.raw.body && isText(c.req.header('content-type'))) {
    // A clone: the body stays unread for the route's own limit and parser.
    const body = await c.req.raw.clone().text();
    const form = (c.req.header('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
    if (body.includes(NUL) || (form && /%00/.test(body)) || (!form && /(?<!\\)\\u0000/i.test(body))) {
      throw new AppError('invalidRequest', { detail: 'The request body contains a NUL byte, which no field may hold.' });
    }
  }
  await next();
};

function isText(contentType: string | undefined): boolean {
  const t = (contentType ?? '').toLowerCase();
  return t.startsWith('application/x-www-form-urlencoded') || t.includes('json') || t.startsWith('text/');
}
