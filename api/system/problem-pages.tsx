import { Hono } from 'hono';
import type { AppEnv } from '../lib/env.js';
import { AppError, PROBLEMS, type ProblemCode } from '../lib/problems.js';

/** Problem `type` URIs resolve to these pages, so every error links to its explanation. */
export function problemPages() {
  return new Hono<AppEnv>().get('/problems/:code', (c) => {
    const code = c.req.param('code');
    if (!(code in PROBLEMS)) throw new AppError('notFound', { detail: `No problem type '${code}'.` });
    const p = PROBLEMS[code as ProblemCode];
    return c.html(
      '<!doctype html>' +
        (
          <html lang="en">
            <head>
              <meta charset="utf-8" />
              <title>{`${p.title} — Ferrite problem types`}</title>
              <meta name="description" content={`What the Ferrite API means by the '${code}' problem.`} />
            </head>
            <body>
              <main>
                <h1>{p.title}</h1>
                <p>
                  HTTP status <strong>{p.status}</strong>, code <code>{code}</code>. The response's <code>detail</code> says what
                  happened in this case; <code>errors[]</code>, when present, names each field at fault. Quote the{' '}
                  <code>requestId</code> when you report a problem.
                </p>
              </main>
            </body>
          </html>
        ),
    );
  });
}
