import type { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import type { AppEnv } from '../api/lib/env.js';
import { ASSETS } from './assets.js';
import { DataTable } from './components/data-table.js';

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
    return c.html(
      '<!doctype html>' +
        (
          <html lang="en">
            <head>
              <meta charset="utf-8" />
              <meta name="viewport" content="width=device-width, initial-scale=1" />
              <title>Ferrite API reference</title>
              <meta name="description" content="Every endpoint of the Ferrite API with its parameters and responses." />
              <link rel="stylesheet" href={ASSETS.css.url} integrity={ASSETS.css.integrity} />
            </head>
            <body>
              <main class="wrap">
                <h1>Ferrite API reference</h1>
                <p>
                  Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Errors are{' '}
                  <code>application/problem+json</code> (RFC 9457) with a <code>requestId</code>.
                </p>
                {ops.map(({ path, method, op }) => (
                  <section class="api-op" id={`${method}-${path}`}>
                    <h2>
                      <span class="method">{method.toUpperCase()}</span> <code>{path}</code>
                    </h2>
                    <p>{op.summary}</p>
                    {op.description && <p class="muted">{op.description}</p>}
                    {op.parameters?.length ? (
                      <DataTable label={`Parameters of ${method.toUpperCase()} ${path}`} columns={['Parameter', 'In', 'Type', 'Description']}>
                        {op.parameters.map((p) => (
                          <tr>
                            <td><code>{p.name}</code>{p.required ? ' (required)' : ''}</td>
                            <td>{p.in}</td>
                            <td>{p.schema?.enum ? p.schema.enum.join(' | ') : p.schema?.type ?? ''}</td>
                            <td>{p.description ?? ''}</td>
                          </tr>
                        ))}
                      </DataTable>
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
