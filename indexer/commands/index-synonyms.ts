import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Database } from '../../api/db/client.js';
import type { RunProblem } from '../../api/db/schema/index.js';
import { words } from '../../api/search/query.js';
import { replaceSynonyms, type SynonymRow } from '../../api/search/synonyms.js';
import { RunLog } from '../run-log.js';
import { readCategoriesToml } from './index-categories.js';

/** A lib.rs tag: lower-case letters, digits, `-` and `_`. Others (`c++`, `.net`, `c#`) would lose their meaning as words. */
const TAG = /^[a-z0-9][a-z0-9_-]*$/;
/** lib.rs votes: 0 hidden, 1–5 similarity, 5 the same word. From 4 on, the two tags mean the same either way round. */
const BOTH_WAYS_FROM = 4;

/**
 * lib.rs's `tag-synonyms.csv` (`FIND,REPLACE,votes`, `#` comments) as query expansion: a query
 * word `FIND` also finds `REPLACE` (`nn` → `neural network`, `nostd` → `no std`); near-identical pairs
 * expand both ways. Tags are split into words as documents are (`machine-learning` → `machine
 * learning`). Rows that cannot be used are reported with their line and skipped.
 */
export function readLibRsSynonyms(text: string, file: string, problem: (p: RunProblem) => void): SynonymRow[] {
  const records = parse(text, { comment: '#', relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  const rows: SynonymRow[] = [];
  for (const { record, info } of records) {
    const [find = '', replace = '', votes = ''] = record.map((x) => x.trim());
    if (record.length !== 3 || !/^[0-5]$/.test(votes)) {
      problem({ file, line: info.lines, reason: 'not FIND,REPLACE,votes with votes 0–5' });
      continue;
    }
    if (!TAG.test(find) || !TAG.test(replace)) {
      problem({ file, line: info.lines, reason: `'${find}' or '${replace}' is not a tag of letters, digits, - and _` });
      continue;
    }
    const term = words(find).join(' ');
    const synonym = words(replace).join(' ');
    if (term === synonym) continue; // `no_std` and `no-std` are the same words already
    rows.push({ term, synonym });
    if (Number(votes) >= BOTH_WAYS_FROM) rows.push({ term: synonym, synonym: term });
  }
  return rows;
}

/**
 * crates.io's category names as synonyms of their slugs, both ways, where the words differ:
 * `no standard library` ↔ `no std`, `date and time` ↔ `date time`. Categories are indexed by slug.
 */
export function categorySynonyms(toml: string): SynonymRow[] {
  const rows: SynonymRow[] = [];
  for (const c of readCategoriesToml(toml)) {
    const name = words(c.name).join(' ');
    const slug = words(c.slug.split('::').at(-1)!).join(' ');
    if (name && slug && name !== slug) rows.push({ term: name, synonym: slug }, { term: slug, synonym: name });
  }
  return rows;
}

export type IndexSynonymsResult = { libRs: number; categories: number; problems: number };

/**
 * `ferrite index synonyms <tag-synonyms.csv> <categories.toml>`: replaces both sources' rows of
 * search_synonyms, each source in one transaction. The Postgres engine reads them within a minute;
 * Meilisearch gets them with its settings on the next `ferrite reindex`.
 */
export async function indexSynonyms(database: Database, libRsFile: string, categoriesFile: string, out?: NodeJS.WritableStream): Promise<IndexSynonymsResult> {
  const log = new RunLog(database, out);
  await log.begin('index synonyms', [libRsFile, categoriesFile]);
  try {
    const libRs = readLibRsSynonyms(fs.readFileSync(libRsFile, 'utf8'), libRsFile, log.problem);
    const categories = categorySynonyms(fs.readFileSync(categoriesFile, 'utf8'));
    const a = await replaceSynonyms(database, 'lib.rs', libRs);
    const b = await replaceSynonyms(database, 'crates.io categories', categories);
    const r = { libRs: a.written, categories: b.written, problems: log.problemCount };
    await log.finish('completed', r);
    return r;
  } catch (err) {
    await log.finish('failed', {}).catch(() => {});
    throw err;
  }
}

export const formatSynonymsSummary = (r: IndexSynonymsResult) =>
  `synonyms: ${r.libRs} from lib.rs, ${r.categories} from crates.io categories, ${r.problems} lines skipped`;
