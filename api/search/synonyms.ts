import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { type SynonymMap, synonymMap } from './vocabulary.js';

export type SynonymRow = { term: string; synonym: string };
export const SYNONYM_SOURCES = ['lib.rs', 'crates.io categories'] as const;
export type SynonymSource = (typeof SYNONYM_SOURCES)[number];

/**
 * Replaces one source's synonyms in one transaction: readers see the old set or the new one,
 * never a half-loaded list. Rows repeated across sources keep the first source that wrote them.
 */
export async function replaceSynonyms(database: Database, source: SynonymSource, rows: SynonymRow[]): Promise<{ written: number }> {
  return database.db.transaction(async (tx) => {
    await database.rows(sql`delete from search_synonyms where source = ${source}`, tx);
    const [r] = await database.rows<{ n: number }>(
      sql`with ins as (
        insert into search_synonyms (term, synonym, source)
        select term, synonym, ${source} from json_to_recordset(${JSON.stringify(rows)}::json) as r(term text, synonym text)
        on conflict do nothing returning 1)
      select count(*)::int as n from ins`,
      tx,
    );
    return { written: r?.n ?? 0 };
  });
}

/** Every loaded synonym with the built-in ones, both directions. */
export async function readSynonyms(database: Database): Promise<SynonymMap> {
  return synonymMap(await database.rows<SynonymRow>(sql`select term, synonym from search_synonyms`));
}
