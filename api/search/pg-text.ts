import { type SQL, sql } from 'drizzle-orm';
import type { FacetWord, Slot } from './vocabulary.js';

/**
 * A word as a tsquery in both dictionaries: `simple` for exact forms, `english` for stems
 * (`microcontrollers` → `microcontrol`). Words come from `words()`, letters and digits only, so they
 * are safe inside a tsquery literal.
 */
export const wordQuery = (w: string, prefix: boolean) => {
  const lexeme = `'${w}'${prefix ? ':*' : ''}`;
  return sql`(to_tsquery('simple', ${lexeme}) || to_tsquery('english', ${lexeme}))`;
};
export const andAll = (parts: SQL[]) => sql`(${sql.join(parts, sql` && `)})`;
const orAll = (parts: SQL[]) => (parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` || `)})`);

/** The words of a slot, or any of its synonyms, as one tsquery; the last word of a query also as a prefix. */
export function slotQuery(slot: Slot, last: boolean): SQL {
  if (slot.facet?.facet === 'nostd') return sql`(to_tsquery('simple', 'nostd') || phraseto_tsquery('simple', 'no std'))`;
  const own = andAll(slot.words.map((w, i) => wordQuery(w, last && i === slot.words.length - 1)));
  return orAll([own, ...slot.synonyms.map((s) => andAll(s.map((w) => wordQuery(w, false))))]);
}

/** The facet a facet word names, as a condition on a search_documents row `d`. */
export function facetCondition(f: FacetWord, t: SQL = sql`d.`): SQL {
  if (f.facet === 'nostd') return sql`${t}nostd in ('always', 'optional')`;
  const column = f.facet === 'accelerator' ? sql`${t}accelerators` : sql`${t}supports`;
  return sql`${column} @> array[${f.value}]::text[]`;
}

/** Whether a row matches one slot: its words (or synonyms) in the text, or the facet it names. */
export function slotMatch(slot: Slot, last: boolean, t: SQL = sql`d.`): SQL {
  const text = sql`${t}tsv @@ ${slotQuery(slot, last)}`;
  return slot.facet ? sql`(${text} or ${facetCondition(slot.facet, t)})` : sql`(${text})`;
}

/**
 * How many slots a row matches from the start of the query without a gap: Meilisearch's
 * `matchingStrategy: "last"` drops words from the end, so a row matching words 1 and 2 of three
 * outranks one matching words 1 and 3.
 */
export function leadingMatches(slots: Slot[], t: SQL): SQL {
  let expr = sql`0`;
  for (let i = slots.length - 1; i >= 0; i--) expr = sql`(case when ${slotMatch(slots[i]!, i === slots.length - 1, t)} then 1 + ${expr} else 0 end)`;
  return expr;
}

/** Evidence behind a facet word's answer, as a score: verified 3, declared 2, inferred 1. */
export function strengthScore(slots: Slot[], t: SQL): SQL {
  const facets = slots.flatMap((s) => (s.facet ? [s.facet] : []));
  if (!facets.length) return sql`0`;
  return sql.join(
    facets.map((f) => sql`(case ${t}strengths->>${f.key} when 'verified' then 3 when 'declared' then 2 when 'inferred' then 1 else 0 end)`),
    sql` + `,
  );
}

/** Every slot's words in their exact (`simple`) form: an exact match ranks above a stemmed one. */
export function exactQuery(slots: Slot[]): SQL {
  return andAll(slots.flatMap((s) => s.words).map((w) => sql`to_tsquery('simple', ${`'${w}'`})`));
}

/** Any slot's words: what the text rank counts, so a row matching more of the query ranks higher. */
export function anyQuery(slots: Slot[]): SQL {
  return orAll(slots.map((s, i) => slotQuery(s, i === slots.length - 1)));
}
