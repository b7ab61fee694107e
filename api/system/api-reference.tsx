import type { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import type { AppEnv } from '../lib/env.js';

type Operation = { summary?: string; description?: string; tags?: string[]; parameters?: Param[]; responses?: Record<string, { description?: string }> };
type Param = { name: string; in: string; required?: boolean; description?: string; schema?: { type?: string; enum?: string[]; default?: unknown } };

/**
 * A server-rendered, dependency-free reading of the OpenAPI document: no CDN script, so it
 * works offline and under the strict CSP.
 */
export function apiReference(api: OpenAPIHono<AppEnv>) {
  return new Hono<AppEnv>().get('/api/docs', (c) => {
    const doc = api.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'Ferrite API', version: '1' } });
    const ops = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Operation>).map(([method, op]) => ({ path, method, op })),
    );
    const nonce = c.get('secureHeadersNonce' as never) as string | undefined;
    return c.html(
      '<!doctype html>' +
        (
          <html lang="en">
            <head>
              <meta charset="utf-8" />
              <meta name="viewport" content="width=device-width, initial-scale=1" />
              <title>Ferrite API reference</title>
              <meta name="description" content="Every endpoint of the Ferrite API with its parameters and responses." />
              <style nonce={nonce}>{CSS}</style>
            </head>
            <body>
              <main>
                <h1>Ferrite API reference</h1>
                <p>
                  Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Errors are{' '}
                  <code>application/problem+json</code> (RFC 9457) with a <code>requestId</code>.
                </p>
                {ops.map(({ path, method, op }) => (
                  <section id={`${method}-${path}`}>
                    <h2>
                      <span class="method">{method.toUpperCase()}</span> <code>{path}</code>
                    </h2>
                    <p>{op.summary}</p>
                    {op.description && <p class="desc">{op.description}</p>}
                    {op.parameters?.length ? (
                      <table>
                        <thead><tr><th>Parameter</th><th>In</th><th>Type</th><th>Description</th></tr></thead>
                        <tbody>
                          {op.parameters.map((p) => (
                            <tr>
                              <td><code>{p.name}</code>{p.required ? ' (required)' : ''}</td>
                              <td>{p.in}</td>
                              <td>{p.schema?.enum ? p.schema.enum.join(' | ') : p.schema?.type ?? ''}</td>
                              <td>{p.description ?? ''}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    ) : null}
                    <ul>
                      {Object.entries(op.responses ?? {}).map(([status, r]) => (
                        <li><strong>{status}</strong> {r.description}</li>
                      ))}
                    </ul>
                  </section>
                ))}
              </main>
            </body>
          </html>
        ),
    );
  });
}

const CSS = `body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1f24;background:#fff}
main{max-width:60rem;margin:0 auto;padding:1rem}
@media (prefers-color-scheme:dark){body{color:#e6e6e6;background:#111}a{color:#8ab4ff}}
section{border-top:1px solid #8884;padding:.5rem 0}
.method{font:600 .8rem monospace;padding:.1rem .4rem;border-radius:.25rem;background:#2b6cb0;color:#fff}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #8883;vertical-align:top}
.desc{color:#666}`;
