import type { z } from '@hono/zod-openapi';
import { expect } from 'vitest';

/**
 * A real answer is exactly what its contract describes. zod drops the fields an object schema does
 * not name, so a parse equal to the body means the contract names every field the route returns.
 */
export function expectConforms<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  expect(parsed.success ? [] : parsed.error.issues, JSON.stringify(body).slice(0, 2000)).toEqual([]);
  expect(parsed.data, 'a field the contract does not name').toEqual(body);
  return body as T;
}

type Schema = Record<string, unknown>;
type Doc = { paths: Record<string, Record<string, { tags?: string[]; requestBody?: Content; responses: Record<string, Content> }>>; components: { schemas: Record<string, Schema> } };
type Content = { content?: Record<string, { schema: Schema }> };

/** An object that says nothing of its fields: no properties and any (or unspecified) extra ones. */
const isOpenObject = (s: Schema) => {
  const types = ([] as unknown[]).concat(s.type ?? []);
  const extra = s.additionalProperties;
  return types.includes('object') && !s.properties && (extra === undefined || extra === true || (typeof extra === 'object' && extra !== null && !Object.keys(extra).length));
};

/** Every schema reachable from `root`, following references into the components. */
function openObjectsUnder(doc: Doc, root: Schema, where: string, seen = new Set<string>()): string[] {
  const found: string[] = [];
  const walk = (s: unknown, path: string) => {
    if (Array.isArray(s)) return s.forEach((x, i) => walk(x, `${path}/${i}`));
    if (!s || typeof s !== 'object') return;
    const schema = s as Schema;
    if (typeof schema.$ref === 'string') {
      const name = schema.$ref.split('/').pop()!;
      if (seen.has(name)) return;
      seen.add(name);
      return walk(doc.components.schemas[name], `#${name}`);
    }
    if (isOpenObject(schema)) found.push(path);
    for (const [k, v] of Object.entries(schema)) if (k !== 'example' && k !== 'default' && k !== 'enum') walk(v, `${path}/${k}`);
  };
  walk(root, where);
  return found;
}

/**
 * The operations tagged `tag`: each JSON answer is a named component and neither the answers nor
 * the bodies contain an object of unknown shape anywhere below them. Returns the operations checked.
 */
export function expectTypedOperations(doc: Doc, tag: string): string[] {
  const checked: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!op.tags?.includes(tag)) continue;
      const name = `${method.toUpperCase()} ${path}`;
      checked.push(name);
      for (const [status, res] of Object.entries(op.responses)) {
        const schema = res.content?.['application/json']?.schema;
        if (!status.startsWith('2') || !schema) continue;
        expect(schema.$ref, `${name} ${status} answers with a named schema`).toMatch(/^#\/components\/schemas\/\w+$/);
        expect(openObjectsUnder(doc, schema, `${name} ${status}`), `${name} ${status}: objects of unknown shape`).toEqual([]);
      }
      const body = op.requestBody?.content?.['application/json']?.schema;
      if (body) expect(openObjectsUnder(doc, body, `${name} body`), `${name} body: objects of unknown shape`).toEqual([]);
    }
  }
  return checked;
}
