import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { readSynonyms } from '../../api/search/synonyms.js';
import { querySlots, synonymMap } from '../../api/search/vocabulary.js';
import { readLibRsSynonyms } from '../../indexer/commands/index-synonyms.js';
import { useTestApp } from '../setup/app.js';
import { loadSearchSynonyms } from '../setup/search-catalog.js';
import { SHARED_DATA } from '../setup/shared-data.js';

const t = useTestApp();
const LIB_RS = path.join(SHARED_DATA, 'crate-metadata', 'lib-rs', 'tag-synonyms.csv');

it('reads lib.rs synonyms as words, both ways only for near-identical tags, and reports unusable lines', () => {
  const problems: { line?: number; reason: string }[] = [];
  const rows = readLibRsSynonyms(fs.readFileSync(LIB_RS, 'utf8'), LIB_RS, (p) => problems.push(p));
  expect(rows).toContainEqual({ term: 'machinelearning', synonym: 'machine learning' }); // votes 4: both ways
  expect(rows).toContainEqual({ term: 'machine learning', synonym: 'machinelearning' });
  expect(rows).toContainEqual({ term: 'nn', synonym: 'neural network' }); // votes 0: one way
  expect(rows).not.toContainEqual({ term: 'neural network', synonym: 'nn' });
  expect(rows.some((r) => r.term === 'no std' && r.synonym === 'no std')).toBe(false);
  expect(problems.length).toBeGreaterThan(0);
  expect(problems.every((p) => typeof p.line === 'number' && p.line > 0)).toBe(true);
  const bad = readLibRsSynonyms('a,b\nc++,cpp,4\nok,fine,9\n', 'x.csv', (p) => problems.push(p));
  expect(bad).toEqual([]);
});

it('loads both sources into the table, replacing a source whole on a second load', async () => {
  const first = await loadSearchSynonyms(t.database);
  expect(first.libRs).toBeGreaterThan(1000);
  expect(first.categories).toBeGreaterThan(10);
  const again = await loadSearchSynonyms(t.database);
  expect(again).toEqual(first);
  const [{ n }] = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from search_synonyms`);
  expect(n).toBe(first.libRs + first.categories);
  const map = await readSynonyms(t.database);
  expect(map.get('no standard library')).toContain('no std');
  expect(map.get('ml')).toContain('machine learning'); // built in
});

it('groups a synonym run into one slot, drops stop words and marks facet words', () => {
  const slots = querySlots(['logging', 'for', 'large', 'language', 'model', 'no_std', 'cuda'], synonymMap([]));
  expect(slots.map((s) => s.words.join(' '))).toEqual(['logging', 'large language model', 'no std', 'cuda']);
  expect(slots[1]!.synonyms).toEqual([['llm']]);
  expect(slots.map((s) => s.facet?.facet ?? null)).toEqual([null, null, 'nostd', 'accelerator']);
  expect(querySlots(['the'], synonymMap([])).map((s) => s.words)).toEqual([['the']]);
});

it('searches a run-together word as the words its synonym splits it into, keeping the compound and their synonyms', () => {
  const map = synonymMap([{ term: 'machinelearning', synonym: 'machine learning' }]);
  const [slot] = querySlots(['machinelearning'], map);
  expect(slot!.words).toEqual(['machine', 'learning']);
  expect(slot!.synonyms).toEqual(expect.arrayContaining([['machinelearning'], ['ml']]));
  expect(slot!.synonyms).not.toContainEqual(['machine', 'learning']);
  // A synonym that is not the same letters split is no reason to split.
  expect(querySlots(['statemachine'], synonymMap([{ term: 'statemachine', synonym: 'fsm' }]))[0]!.words).toEqual(['statemachine']);
});
