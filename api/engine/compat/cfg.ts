/**
 * `cfg(...)` expressions as Cargo writes them in dependency targets: `all(…)`, `any(…)`,
 * `not(…)`, `name = "value"` and bare `name`; or a plain target triple. Parsed into a tree and
 * evaluated against a target's cfg set, so each dependency is known to apply or not.
 */
export type CfgExpr =
  | { kind: 'all' | 'any'; items: CfgExpr[] }
  | { kind: 'not'; item: CfgExpr }
  | { kind: 'name'; name: string }
  | { kind: 'pair'; name: string; value: string };

export type Platform = { kind: 'cfg'; expr: CfgExpr } | { kind: 'triple'; triple: string };

export type CfgSet = Record<string, string[]>;

export class CfgSyntaxError extends Error {}

/** Parses `rustc --print cfg` output lines (`target_os="linux"`, `unix`) into a cfg set. */
export function parseCfgLines(lines: string[]): CfgSet {
  const cfg: CfgSet = {};
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:="(.*)")?$/.exec(line);
    if (!m) continue;
    const values = (cfg[m[1]!] ??= []);
    if (m[2] !== undefined) values.push(m[2]);
  }
  return cfg;
}

type Token = { t: 'ident' | 'str' | '(' | ')' | ',' | '='; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) i++;
    else if ('(),='.includes(c)) out.push({ t: c as '(' | ')' | ',' | '=', v: c }), i++;
    else if (c === '"') {
      const end = src.indexOf('"', i + 1);
      if (end < 0) throw new CfgSyntaxError(`unterminated string in '${src}'`);
      out.push({ t: 'str', v: src.slice(i + 1, end) });
      i = end + 1;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_.-]*/.exec(src.slice(i));
      if (!m) throw new CfgSyntaxError(`unexpected '${c}' in '${src}'`);
      out.push({ t: 'ident', v: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

/** Parses a dependency's `target`: `cfg(…)` or a plain triple. Throws CfgSyntaxError on malformed input. */
export function parsePlatform(target: string): Platform {
  const src = target.trim();
  if (!src.startsWith('cfg(')) {
    if (!/^[A-Za-z0-9_.-]+$/.test(src)) throw new CfgSyntaxError(`'${target}' is neither cfg(…) nor a target triple`);
    return { kind: 'triple', triple: src };
  }
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const expect = (t: Token['t']) => {
    const tok = tokens[pos++];
    if (!tok || tok.t !== t) throw new CfgSyntaxError(`expected '${t}' in '${target}'`);
    return tok;
  };
  const list = (): CfgExpr[] => {
    expect('(');
    const items: CfgExpr[] = [];
    while (peek()?.t !== ')') {
      items.push(predicate());
      if (peek()?.t === ',') pos++;
      else break;
    }
    expect(')');
    return items;
  };
  const predicate = (): CfgExpr => {
    const name = expect('ident').v;
    if ((name === 'all' || name === 'any') && peek()?.t === '(') return { kind: name, items: list() };
    if (name === 'not' && peek()?.t === '(') {
      const items = list();
      if (items.length !== 1) throw new CfgSyntaxError(`not() takes one predicate in '${target}'`);
      return { kind: 'not', item: items[0]! };
    }
    if (peek()?.t === '=') {
      pos++;
      return { kind: 'pair', name, value: expect('str').v };
    }
    return { kind: 'name', name };
  };
  expect('ident'); // cfg
  const inner = list();
  if (inner.length !== 1 || pos !== tokens.length) throw new CfgSyntaxError(`cfg() takes one predicate in '${target}'`);
  return { kind: 'cfg', expr: inner[0]! };
}

/**
 * Evaluates a platform against one target. A cfg name the target does not set evaluates to
 * "not set", as rustc does (custom cfgs such as `tokio_unstable` included: see unknownCfgNames).
 */
export function platformMatches(platform: Platform, triple: string, cfg: CfgSet): boolean {
  if (platform.kind === 'triple') return platform.triple === triple;
  const ev = (e: CfgExpr): boolean => {
    switch (e.kind) {
      case 'all':
        return e.items.every(ev);
      case 'any':
        return e.items.some(ev);
      case 'not':
        return !ev(e.item);
      case 'name':
        return e.name in cfg;
      case 'pair':
        return cfg[e.name]?.includes(e.value) ?? false;
    }
  };
  return ev(platform.expr);
}

/** cfg names in the expression that no target sets and Cargo does not set either: reported, never guessed. */
export function unknownCfgNames(platform: Platform, known: Set<string>): string[] {
  const out = new Set<string>();
  const walk = (e: CfgExpr): void => {
    if (e.kind === 'not') walk(e.item);
    else if (e.kind === 'name' || e.kind === 'pair') {
      if (!known.has(e.name)) out.add(e.name);
    } else e.items.forEach(walk);
  };
  if (platform.kind === 'cfg') walk(platform.expr);
  return [...out];
}

/** cfg names rustc sets for some target, plus those Cargo and rustc set outside the target. */
export function knownCfgNames(targets: { cfg: CfgSet }[]): Set<string> {
  const names = new Set(['test', 'doc', 'doctest', 'miri', 'proc_macro', 'feature', 'debug_assertions', 'overflow_checks', 'ub_checks']);
  for (const t of targets) for (const k of Object.keys(t.cfg)) names.add(k);
  return names;
}
