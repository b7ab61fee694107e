/**
 * Limits for JSON and text read from outside (index files, packuments, manifests, dumps) before
 * any of it is stored.
 *
 * PostgreSQL refuses U+0000 in `text`, `json` and `jsonb`, and a lone UTF-16 surrogate in `jsonb`
 * and the `json` → text casts, so either one fails the whole statement, and with it a batch.
 * Invalid UTF-8 never gets this far: files and responses are decoded with U+FFFD in its place.
 */

/** Real index lines nest arrays and objects 4 deep, real packuments 6; 64 leaves room and stops abuse. */
export const MAX_JSON_DEPTH = 64;

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

/** Free text as PostgreSQL can store it: NUL and lone surrogates become U+FFFD. */
export function storableText(s: string): string {
  return s.replace(UNSTORABLE_ALL, '\uFFFD');
}

/** A value quoted for a problem report: JSON escapes keep NUL and lone surrogates out of the report too. */
export function quote(s: string): string {
  return JSON.stringify(s);
}

/**
 * Why parsed JSON may not be stored as it is, or null: nested deeper than MAX_JSON_DEPTH, or
 * (with `text`) a string or key PostgreSQL refuses. The walk is iterative: JSON.parse accepts any
 * depth, and a recursive walk (JSON.stringify included) overflows the stack on what it accepted.
 * It runs on every index line, so only objects and arrays are queued, in flat arrays.
 */
export function jsonProblem(value: unknown, opts: { text: boolean }): string | null {
  // A bare string or number is not a record: the caller's schema refuses it.
  if (typeof value !== 'object' || value === null) return null;
  const nodes: object[] = [value];
  const depths: number[] = [1];
  const parents: number[] = [-1];
  const keys: string[] = [''];
  const pathTo = (i: number, last?: string) => {
    const path = last === undefined ? [] : [last];
    for (let n = i; n > 0; n = parents[n]!) path.push(keys[n]!);
    return jsonPath(path.reverse());
  };
  for (let i = 0; i < nodes.length; i++) {
    if (depths[i]! > MAX_JSON_DEPTH) return `nested deeper than ${MAX_JSON_DEPTH} levels at ${pathTo(i)}`;
    const node = nodes[i] as Record<string, unknown>;
    for (const key in node) {
      if (opts.text && UNSTORABLE.test(key)) return `${unstorable(key)} in the key ${pathTo(i, key)}`;
      const child = node[key];
      if (typeof child === 'object' && child !== null) {
        nodes.push(child);
        depths.push(depths[i]! + 1);
        parents.push(i);
        keys.push(key);
      } else if (opts.text && typeof child === 'string' && UNSTORABLE.test(child)) {
        return `${unstorable(child)} in ${pathTo(i, key)}`;
      }
    }
  }
  return null;
}

/**
 * jsonProblem for a JSON text and the value it parsed to; index lines are checked this way,
 * hundreds of thousands a run. NUL or a lone surrogate can only come from a `\u` escape (JSON.parse
 * refuses raw control characters in strings), so strings are looked at only when the text has one.
 */
export function parsedJsonProblem(text: string, value: unknown): string | null {
  return jsonProblem(value, { text: MAY_HOLD_UNSTORABLE.test(text) });
}

const MAY_HOLD_UNSTORABLE = /\\u|[\uD800-\uDFFF]/;

/**
 * A copy of parsed JSON with every string and key made storable. Only for values jsonProblem
 * passed for depth: the recursion is then bounded by MAX_JSON_DEPTH.
 */
export function storableJson(v: unknown): unknown {
  if (typeof v === 'string') return storableText(v);
  if (Array.isArray(v)) return v.map(storableJson);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, c]) => [storableText(k), storableJson(c)]));
  return v;
}

function unstorable(s: string): string {
  return s.includes('\u0000') ? 'a NUL character' : 'a lone surrogate (not valid Unicode)';
}

/** `deps.0.name` for a problem report: keys that are not plain words are quoted, and a long path keeps its first steps. */
export function jsonPath(keys: readonly PropertyKey[]): string {
  const shown = keys.slice(0, 8).map((k) => (typeof k === 'number' || /^[\w-]+$/.test(String(k)) ? String(k) : quote(String(k))));
  return (shown.join('.') || 'the document') + (keys.length > shown.length ? '.…' : '');
}
