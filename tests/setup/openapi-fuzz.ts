import fc from 'fast-check';
import { stringify as stringifyToml } from 'smol-toml';

/**
 * Request generators for the fuzz pass (tests/security/fuzz.test.ts): hostile strings, values
 * derived from an OpenAPI 3.1 document's JSON Schemas (right and wrong), query strings and bodies.
 * Every generator yields plain data, so a counterexample prints as the request that was sent.
 */

export type JsonSchema = Record<string, any>;
export type OpenApiDoc = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, JsonSchema> } };
export type Parameter = { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema?: JsonSchema };
export type Operation = { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema?: JsonSchema }> } };
export type Body = { contentType: string | null; text?: string; bytes?: number[] };

const HUGE_SIZES = [1_000, 20_000, 200_000, 300_000] as const;

/** Strings that have broken parsers before: escapes, traversal, numbers at and past every limit, prototype keys, markup. */
const NASTY = [
  '', ' ', '.', '..', '...', '%', '%%', '%2', '%zz', '%00', '%ff', '%c0%af', '%2e%2e', '%2F', '%252F', '..%2F..%2Fetc%2Fpasswd', '../../etc/passwd',
  '0', '-1', '-0', '+1', ' 1', '1 ', '1.5', '1e3', '1e309', '-1e309', 'NaN', 'Infinity', '-Infinity', '0x1f', '0b11', '0o7', '1_000',
  '2147483647', '2147483648', '-2147483649', '4294967296', '9007199254740991', '9007199254740993', '18446744073709551616', '99999999999999999999999999999',
  'null', 'undefined', 'true', 'false', '[]', '{}', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf',
  "'", '"', '`', "' OR 1=1 --", '"; drop table packages; --', '\\', '\\\\', '/', '//', '~', '@', '@/', '@a/b', '@a/', '/b', 'a/b/c', '*', '?', '#', '&', '=', ';', ',',
  '<script>alert(1)</script>', '&amp;', '${7*7}', '{{7*7}}', '\u0000', 'a\u0000b', '\u202e', '\ufeff', '\ud800', '\udfff', 'é', 'e\u0301', '𝕏', '🦀', 'ǅ', 'İ', 'ß',
  '\r\n', '\t', 'a b', '+', '1.0.0', '0.0.0-alpha+build', '1.0.0-', '^1', '>=1 <2', 'x86_64-unknown-linux-gnu', 'stable', 'nightly-2026-13-45',
  'a'.repeat(64), 'a'.repeat(65), 'a'.repeat(214), 'a'.repeat(215), 'a'.repeat(501), 'x'.repeat(5_000),
];

const unicodeChar = fc.constantFrom('%', '.', '/', '\u0000', 'a', 'Z', '0', '9', '-', '_', '@', '~', ':', '+', ' ', 'é', '\u202e', '🦀', '\ud800', '\\', '"', "'", '<', '&', '=', '?', '#');

/** A hostile string: a known-nasty one, arbitrary unicode (graphemes or raw code units), a huge one, or a number past any limit. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 3, arbitrary: fc.string({ unit: unicodeChar, maxLength: 30 }) },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.double()).map(String) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('a', 'é', '%', '9', '🦀'), fc.constantFrom(...HUGE_SIZES)).map(([c, n]) => c.repeat(Math.min(n, 20_000))) },
);

/** Any JSON value, biased towards what breaks handlers: huge strings and numbers, prototype keys, nesting. */
export const junkJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 2, 2 ** 31, -(2 ** 31) - 1, '', '\u0000', 'NaN'),
    hostileString,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', '', 'toString'), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** `depth` levels of `[`/`{` around a value, written out as text: deeper than any JSON.stringify would go. */
export const deepJsonText = fc.tuple(fc.constantFrom(50, 500, 5_000, 50_000), fc.boolean()).map(([depth, arrays]) =>
  arrays ? '['.repeat(depth) + '1' + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
);

export function resolveRef(doc: OpenApiDoc, schema: JsonSchema | undefined): JsonSchema {
  let s = schema ?? {};
  for (let i = 0; s.$ref && i < 20; i++) s = doc.components?.schemas?.[String(s.$ref).split('/').pop()!] ?? {};
  return s;
}

/**
 * How a schema's values are drawn. `wrong` is the weight (against 20) with which any node is
 * replaced by junk of any type: 0 gives values the schema accepts, so requests reach the services.
 * `known` gives values by property or parameter name that match rows in the database.
 */
export type Gen = { doc: OpenApiDoc; wrong: number; known?: (name: string) => fc.Arbitrary<unknown> | undefined };

export function fromSchema(gen: Gen, schema: JsonSchema | undefined, depth = 0, name?: string): fc.Arbitrary<unknown> {
  const s = resolveRef(gen.doc, schema);
  const byName = name !== undefined ? gen.known?.(name) : undefined;
  const right = byName ? fc.oneof({ weight: 4, arbitrary: byName }, { weight: 1, arbitrary: rightValue(gen, s, depth) }) : rightValue(gen, s, depth);
  return gen.wrong ? fc.oneof({ weight: 20, arbitrary: right }, { weight: gen.wrong, arbitrary: junkJson }) : right;
}

function rightValue(gen: Gen, s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (depth > 6) return junkJson;
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  if ('const' in s) return fc.constant(s.const);
  const alternatives = s.anyOf ?? s.oneOf;
  if (Array.isArray(alternatives)) return fc.oneof(...alternatives.map((a: JsonSchema) => fromSchema(gen, a, depth + 1)));
  if (Array.isArray(s.allOf) && s.allOf.length) return fromSchema(gen, s.allOf[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  switch (type ?? (s.properties ? 'object' : undefined)) {
    case 'object':
      return objectValue(gen, s, depth);
    case 'array': {
      const max = typeof s.maxItems === 'number' ? s.maxItems : 6;
      const items = fromSchema(gen, s.items, depth + 1);
      const within = fc.array(items, { minLength: s.minItems ?? 0, maxLength: Math.min(max, 6) });
      return gen.wrong ? fc.oneof({ weight: 5, arbitrary: within }, { weight: 1, arbitrary: fc.array(items, { minLength: max + 1, maxLength: max + 3 }) }) : within;
    }
    case 'string':
      return stringValue(s, gen.wrong > 0);
    case 'integer':
    case 'number': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (type === 'integer' ? 1 : 1e-9) : -1e6);
      const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (type === 'integer' ? 1 : 1e-9) : 1e6);
      const inRange = type === 'integer' ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.oneof(fc.integer({ min: Math.ceil(min), max: Math.floor(max) }), fc.double({ min, max, noNaN: true }));
      return gen.wrong ? fc.oneof({ weight: 4, arbitrary: inRange }, { weight: 1, arbitrary: fc.constantFrom(min - 1, max + 1, 0.5, -0, 1e300, -1e300, 2 ** 53 + 2) }) : inRange;
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return junkJson;
  }
}

function objectValue(gen: Gen, s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const props: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, v] of Object.entries<JsonSchema>(s.properties ?? {})) props[k] = fromSchema(gen, v, depth + 1, k);
  const required = (s.required ?? []).filter((k: string) => k in props);
  const declared = gen.wrong
    ? fc.oneof({ weight: 4, arbitrary: fc.record(props, { requiredKeys: required }) }, { weight: 1, arbitrary: fc.record(props, { requiredKeys: [] }) })
    : fc.record(props, { requiredKeys: required });
  const open = s.additionalProperties !== undefined && s.additionalProperties !== false;
  const extraValues = open && typeof s.additionalProperties === 'object' && Object.keys(s.additionalProperties).length ? fromSchema(gen, s.additionalProperties, depth + 1) : junkJson;
  const extraKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'x', ''), fc.string({ maxLength: 12 }), fc.stringMatching(/^[a-z0-9_.-]{3,20}$/));
  if (!open && !gen.wrong) return declared;
  const extra = fc.oneof({ weight: open ? 3 : 6, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.dictionary(extraKey, extraValues, { maxKeys: 4 }) });
  // Extra keys first, so a declared key always wins; `__proto__` is set as an own key, as JSON.parse would.
  return fc.tuple(declared, extra).map(([d, e]) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of [...Object.entries(e), ...Object.entries(d as object)]) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  });
}

function stringValue(s: JsonSchema, wrong: boolean): fc.Arbitrary<string> {
  const minLength = s.minLength ?? 0;
  const maxLength = typeof s.maxLength === 'number' ? s.maxLength : 60;
  const fits = (x: string) => x.length >= minLength && x.length <= maxLength;
  const valid: fc.Arbitrary<string> =
    typeof s.pattern === 'string'
      ? fc.stringMatching(new RegExp(s.pattern)).filter(fits)
      : s.format === 'date'
        ? fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
        : s.format === 'date-time'
          ? fc.date({ noInvalidDate: true }).map((d) => d.toISOString())
          : s.format === 'uri'
            ? fc.webUrl().filter(fits)
            : fc.oneof(fc.string({ minLength, maxLength: Math.min(maxLength, 40) }), fc.string({ unit: 'grapheme', minLength, maxLength: Math.min(maxLength, 20) })).filter(fits);
  if (!wrong) return valid;
  const invalid = fc.oneof(
    hostileString,
    fc.constantFrom(maxLength + 1, maxLength * 2 + 1, 10_000).map((n) => 'y'.repeat(n)),
    fc.constantFrom('2024-02-30', '0000-00-00', '2024-13-01', '99999-01-01', '2024-1-1', 'javascript:alert(1)', 'file:///etc/passwd', 'http://', 'http://[::1'),
  );
  return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: invalid });
}

/** A value a query or path parameter's schema accepts (or a known row's key, or its example). */
export function validParam(schema: JsonSchema | undefined, known?: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const s = schema ?? {};
  const item = s.type === 'array' ? (s.items ?? {}) : s;
  const options: fc.WeightedArbitrary<string>[] = [];
  if (known) options.push({ weight: 6, arbitrary: known });
  if (Array.isArray(item.enum)) options.push({ weight: 4, arbitrary: fc.constantFrom(...item.enum.map(String)) });
  else if (item.type === 'integer' || item.type === 'number') {
    const min = item.minimum ?? (item.exclusiveMinimum !== undefined ? item.exclusiveMinimum + 1 : 0);
    const max = item.maximum ?? 2 ** 31;
    options.push({ weight: 4, arbitrary: fc.oneof(fc.integer({ min, max: Math.min(max, min + 50) }), fc.constantFrom(min, max)).map(String) });
  } else if (typeof item.pattern === 'string') options.push({ weight: 4, arbitrary: fc.stringMatching(new RegExp(item.pattern)) });
  else options.push({ weight: 2, arbitrary: fc.string({ maxLength: Math.min(item.maxLength ?? 30, 30) }) });
  if (item.example !== undefined) options.push({ weight: 1, arbitrary: fc.constant(String(item.example)) });
  return fc.oneof(...options);
}

/** A query or path value: mostly valid, else hostile. */
export function paramValue(schema: JsonSchema | undefined, known?: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof({ weight: 3, arbitrary: validParam(schema, known) }, { weight: 1, arbitrary: hostileString });
}

/** How a value goes into a URL: escaped as a browser would, left raw, or escaped twice. */
export const encoding = fc.constantFrom<'escape' | 'raw' | 'double'>('escape', 'escape', 'escape', 'raw', 'double');

export function encodeAs(value: string, how: 'escape' | 'raw' | 'double'): string {
  if (how === 'raw') return value;
  try {
    const once = encodeURIComponent(value);
    return how === 'double' ? encodeURIComponent(once) : once;
  } catch {
    return value; // a lone surrogate: only the raw form exists
  }
}

/**
 * The query string for declared parameters: either all valid (some omitted, arrays repeated) so
 * the request reaches the handler, or mixed with hostile values, repeats, empties, junk keys and
 * raw junk.
 */
export function queryString(params: Parameter[], knownFor: (name: string) => fc.Arbitrary<string> | undefined = () => undefined): fc.Arbitrary<string> {
  type Pairs = [string, string][];
  const declared = params.filter((p) => p.in === 'query');
  const none = fc.constant([] as Pairs);
  const valid = declared.map((p) => {
    const one = validParam(p.schema, knownFor(p.name));
    const values = p.schema?.type === 'array' ? fc.array(one, { minLength: 1, maxLength: 3 }) : one.map((v) => [v]);
    return fc.oneof({ weight: 1, arbitrary: none }, { weight: 1, arbitrary: values.map((vs) => vs.map((v) => [p.name, v]) as Pairs) });
  });
  const mixed = declared.map((p) =>
    fc.oneof(
      { weight: 6, arbitrary: none },
      { weight: 6, arbitrary: validParam(p.schema, knownFor(p.name)).map((v) => [[p.name, v]] as Pairs) },
      { weight: 1, arbitrary: hostileString.map((v) => [[p.name, v]] as Pairs) },
      { weight: 1, arbitrary: fc.array(paramValue(p.schema, knownFor(p.name)), { minLength: 2, maxLength: 4 }).map((vs) => vs.map((v) => [p.name, v]) as Pairs) },
      { weight: 1, arbitrary: fc.constant([[p.name, '']] as Pairs) },
    ),
  );
  const junkKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'q[]', 'page[x]', 'a.b', ''), fc.string({ maxLength: 10 }));
  const junk = fc.oneof({ weight: 4, arbitrary: none }, { weight: 1, arbitrary: fc.array(fc.tuple(junkKey, hostileString), { minLength: 1, maxLength: 2 }) });
  const rawTail = fc.oneof({ weight: 8, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('&', '&&==&', '=', '%', '%zz=1', '?', 'a=%00', '&=x', '+'.repeat(50)) });
  const write = (pairs: Pairs, how: 'escape' | 'raw' | 'double', tail = '') => {
    const qs = pairs.map(([k, v]) => `${encodeAs(k, how === 'double' ? 'escape' : how)}=${encodeAs(v, how)}`).join('&');
    const full = [qs, tail].filter(Boolean).join('&');
    return full ? `?${full}` : '';
  };
  return fc.oneof(
    { weight: 1, arbitrary: fc.tuple(...valid).map((groups) => write(groups.flat(), 'escape')) },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.tuple(...mixed), junk, encoding, rawTail, fc.boolean()).map(([groups, extra, how, tail, reverse]) => {
        const all = [...groups.flat(), ...extra];
        return write(reverse ? all.reverse() : all, how, tail);
      }),
    },
  );
}

/** Random bytes: invalid UTF-8, NULs, control characters. */
const randomBytes = fc.uint8Array({ maxLength: 200 }).map((b) => [...b]);

const WRONG_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'multipart/form-data; boundary=x', 'application/xml', 'application/toml', 'application/octet-stream', 'application/json; charset=latin1', 'APPLICATION/JSON', 'application/json;;;', '*/*', ''];

/** A body for an operation: its JSON schema's values (valid, slightly and very wrong), junk JSON, deep nesting, broken text, huge values, random bytes, wrong content types. */
export function bodyFor(gen: Omit<Gen, 'wrong'>, op: Operation, override?: JsonSchema): fc.Arbitrary<Body> {
  const content = op.requestBody?.content ?? {};
  const jsonSchema = override ?? content['application/json']?.schema;
  const json = (v: unknown) => JSON.stringify(v) ?? 'null';
  const jsonType = fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8');
  const options: fc.WeightedArbitrary<Body>[] = [
    { weight: 1, arbitrary: fc.constant({ contentType: null }) },
    { weight: 1, arbitrary: fc.record({ contentType: fc.constantFrom('application/json', ...WRONG_TYPES), bytes: randomBytes }) },
    { weight: 1, arbitrary: fc.record({ contentType: fc.constantFrom('application/json', 'text/plain'), text: deepJsonText }) },
    { weight: 1, arbitrary: fc.record({ contentType: fc.constantFrom(...WRONG_TYPES), text: junkJson.map(json) }) },
  ];
  if (jsonSchema) {
    const valid = fromSchema({ ...gen, wrong: 0 }, jsonSchema);
    const slightly = fromSchema({ ...gen, wrong: 1 }, jsonSchema);
    const very = fromSchema({ ...gen, wrong: 6 }, jsonSchema);
    options.push(
      { weight: 8, arbitrary: fc.record({ contentType: jsonType, text: valid.map(json) }) },
      { weight: 6, arbitrary: fc.record({ contentType: jsonType, text: slightly.map(json) }) },
      { weight: 3, arbitrary: fc.record({ contentType: jsonType, text: very.map(json) }) },
      { weight: 1, arbitrary: fc.record({ contentType: jsonType, text: junkJson.map(json) }) },
      // One huge value in an otherwise valid body: under and over the body limit.
      {
        weight: 1,
        arbitrary: fc
          .tuple(valid, fc.constantFrom(...HUGE_SIZES), fc.constantFrom('x', 'é', '\\', '"'))
          .map(([v, n, c]) => ({ contentType: 'application/json', text: json(v && typeof v === 'object' && !Array.isArray(v) ? { ...v, [Object.keys(v)[0] ?? 'x']: c.repeat(n) } : c.repeat(n)) })),
      },
      // Broken JSON: a valid document cut short, or with a stray byte.
      { weight: 2, arbitrary: fc.record({ contentType: fc.constant('application/json'), text: fc.tuple(valid.map(json), fc.nat(), fc.constantFrom('', ',', '}', '"', '\\', '\ud800')).map(([t, n, c]) => t.slice(0, n % (t.length + 1)) + c) }) },
    );
  }
  if (content['application/toml']) {
    // TOML written from a valid JSON body (the same manifest), and TOML-ish junk.
    const valid = jsonSchema ? fromSchema({ ...gen, wrong: 0 }, jsonSchema).map(toToml) : tomlText;
    options.push({ weight: 4, arbitrary: fc.record({ contentType: fc.constant('application/toml'), text: valid }) }, { weight: 3, arbitrary: fc.record({ contentType: fc.constant('application/toml'), text: tomlText }) });
  }
  return fc.oneof(...options);
}

function toToml(value: unknown): string {
  try {
    return stringifyToml(value as Record<string, unknown>);
  } catch {
    return JSON.stringify(value) ?? '';
  }
}

const tomlLine = fc.oneof(
  fc.constantFrom('schema = 1', 'schema = 2', 'schema = "1"', 'versions = "*"', 'versions = ">=1, <"', 'nostd = "always"', 'nostd = 7', '[profiles.wasm]', '[profiles.cloud]', 'status = "works"', 'status = "nope"', 'note = """', 'features = ["std", 1]', '[targets."x86_64-unknown-linux-gnu"]', '[targets.""]', '[[targets]]', 'accelerators = ["cuda", "cuda"]', '[maintenance]', '[[[', '= =', 'a.b.c.d.e.f = 1', 'x = 1979-05-27T07:32:00Z', 'big = 99999999999999999999999', 'inf = inf', '[__proto__]', 'constructor = 1'),
  fc.tuple(fc.stringMatching(/^[a-z_]{1,10}$/), junkJson).map(([k, v]) => `${k} = ${JSON.stringify(v) ?? '""'}`),
  hostileString,
);
const tomlText = fc.array(tomlLine, { maxLength: 12 }).map((lines) => lines.join('\n'));
