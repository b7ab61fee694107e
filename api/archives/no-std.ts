import { CfgSyntaxError, type CfgExpr, parsePlatform, platformMatches } from '../engine/compat/cfg.js';
import { noStdAttribute } from '../engine/formats/manifest.js';
import type { NoStdEvidence } from './facts-types.js';

/** cfg names that change nothing for someone depending on the library: set only by tests, docs and tools. */
const BUILD_ONLY_CFGS = new Set(['test', 'doc', 'docsrs', 'miri', 'doctest']);

/**
 * Classifies the crate-level no_std attribute of a library root. A `cfg_attr` predicate is
 * evaluated with rustc's own cfg parser for a plain dependent build (no tests, no docs): true with
 * no features and false once some feature is on means "no_std unless that feature is enabled".
 */
export function noStdEvidence(libRs: string, file: string): NoStdEvidence {
  const attribute = noStdAttribute(libRs);
  if (!attribute) return { kind: 'no', file };
  const m = /^#!\[cfg_attr\((.*)\)\]$/s.exec(attribute);
  if (!m) return { kind: 'always', attribute, file };
  const predicate = splitPredicate(m[1]!);
  if (!predicate) return { kind: 'conditional', attribute, file };
  let expr: CfgExpr;
  try {
    const platform = parsePlatform(`cfg(${predicate})`);
    if (platform.kind !== 'cfg') return { kind: 'conditional', predicate, attribute, file };
    expr = platform.expr;
  } catch (err) {
    if (err instanceof CfgSyntaxError) return { kind: 'conditional', predicate, attribute, file };
    throw err;
  }
  const names = cfgNames(expr);
  const features = [...new Set(names.filter((n) => n.name === 'feature' && n.value !== undefined).map((n) => n.value!))];
  const targetDependent = names.some((n) => n.name !== 'feature' && !BUILD_ONLY_CFGS.has(n.name));
  const holds = (enabled: string[]) => platformMatches({ kind: 'cfg', expr }, '', enabled.length ? { feature: enabled } : {});
  if (targetDependent || !holds([])) return { kind: 'conditional', predicate, attribute, file };
  // Prefer `std` when several features switch it off; otherwise the first that does.
  const off = features.filter((f) => !holds([f])).sort((a, b) => Number(b === 'std') - Number(a === 'std'));
  if (off.length) return { kind: 'without-std-feature', feature: off[0], predicate, attribute, file };
  return { kind: 'always', predicate, attribute, file };
}

/** `not(feature = "std"), no_std` → `not(feature = "std")`: the predicate before the top-level comma naming no_std. */
function splitPredicate(args: string): string | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (c === '"') inString = !inString;
    else if (inString) continue;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) return /\bno_std\b/.test(args.slice(i + 1)) ? args.slice(0, i).trim() : null;
  }
  return null;
}

function cfgNames(e: CfgExpr): { name: string; value?: string }[] {
  switch (e.kind) {
    case 'all':
    case 'any':
      return e.items.flatMap(cfgNames);
    case 'not':
      return cfgNames(e.item);
    case 'name':
      return [{ name: e.name }];
    case 'pair':
      return [{ name: e.name, value: e.value }];
  }
}
