import { eng } from 'stopword';
import { ACCELERATORS } from '../engine/compat/knowledge.js';
import { PROFILE_NAMES, words } from './query.js';

/**
 * English stop words (the `stopword` package's list): dropped from the words a query must match, so
 * `logging for microcontrollers` asks for logging and microcontrollers. A query made only of stop
 * words keeps them (`it`, `the`), or it would ask for nothing.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(eng);

/**
 * A free word that is also a qualifier's value (`cuda`, `wasm`, `no_std`): it matches the text or the
 * facet, and ranks a package with the facet by its evidence. It never filters; `accel:cuda`,
 * `profile:wasm` and `nostd:true` do.
 */
export type FacetWord = { facet: 'accelerator' | 'profile' | 'nostd'; value: string; /** key into a document's `strengths` */ key: string };

const NOSTD_WORDS = new Set(['nostd', 'no_std', 'no-std']);

export function facetWord(token: string): FacetWord | null {
  const t = token.toLowerCase();
  if (NOSTD_WORDS.has(t)) return { facet: 'nostd', value: 'nostd', key: 'nostd' };
  if ((PROFILE_NAMES as readonly string[]).includes(t)) return { facet: 'profile', value: t, key: `profile:${t}` };
  if ((ACCELERATORS as readonly string[]).includes(t)) return { facet: 'accelerator', value: t, key: `accel:${t}` };
  return null;
}

/** Query expansion: a term (words joined by one space) → what it may also be written as. */
export type SynonymMap = ReadonlyMap<string, readonly string[]>;

/**
 * Synonyms that hold whatever was loaded: the abbreviations the judged queries rely on, which
 * neither lib.rs's list nor crates.io's categories spell out.
 */
export const BUILT_IN_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  ml: ['machine learning'],
  'machine learning': ['ml'],
  nn: ['neural network'],
  'neural network': ['nn'],
  llm: ['large language model'],
  'large language model': ['llm'],
};

/** At most this many synonyms per term, so one query word cannot grow into a huge tsquery. */
const MAX_SYNONYMS = 12;

/** The built-in synonyms merged with loaded rows (`term → synonym`; the loader writes both directions where both hold). */
export function synonymMap(rows: { term: string; synonym: string }[]): SynonymMap {
  const m = new Map<string, Set<string>>();
  const add = (a: string, b: string) => {
    if (a && b && a !== b) (m.get(a) ?? m.set(a, new Set()).get(a)!).add(b);
  };
  for (const [term, syns] of Object.entries(BUILT_IN_SYNONYMS)) for (const s of syns) add(term, s);
  for (const r of rows) add(r.term, r.synonym);
  return new Map([...m].map(([k, v]) => [k, [...v].sort().slice(0, MAX_SYNONYMS)]));
}

/**
 * One unit of a query's matching, in the order typed: a word (or a run of words with a synonym,
 * `machine learning`), its synonyms, and the facet it names. Matching drops slots from the end.
 */
export type Slot = { words: string[]; synonyms: string[][]; facet: FacetWord | null };

/** Longest run of words looked up as one synonym term (`large language model`). */
const MAX_TERM_WORDS = 3;

/** The free words of a query as slots: stop words out, facet words marked, synonym runs grouped. */
export function querySlots(terms: string[], synonyms: SynonymMap): Slot[] {
  const tokens: ({ word: string } | { facet: FacetWord; words: string[] })[] = [];
  for (const t of terms) {
    const f = facetWord(t);
    if (f) tokens.push({ facet: f, words: words(t) });
    else for (const w of words(t)) tokens.push({ word: w });
  }
  const plain = tokens.filter((t): t is { word: string } => 'word' in t);
  const allStop = plain.every((t) => STOP_WORDS.has(t.word)) && tokens.length === plain.length;
  const kept = tokens.filter((t) => !('word' in t) || allStop || !STOP_WORDS.has(t.word));
  const slots: Slot[] = [];
  for (let i = 0; i < kept.length; ) {
    const tok = kept[i]!;
    if ('facet' in tok) {
      slots.push({ words: tok.words, synonyms: [], facet: tok.facet });
      i++;
      continue;
    }
    let taken = 1;
    let syns: readonly string[] = [];
    for (let n = Math.min(MAX_TERM_WORDS, kept.length - i); n >= 1; n--) {
      const run = kept.slice(i, i + n);
      if (!run.every((r) => 'word' in r)) continue;
      const found = synonyms.get(run.map((r) => (r as { word: string }).word).join(' '));
      if (found?.length) {
        taken = n;
        syns = found;
        break;
      }
    }
    const run = kept.slice(i, i + taken).map((r) => (r as { word: string }).word);
    slots.push(splitCompound({ words: run, synonyms: syns.map(words).filter((s) => s.length > 0), facet: null }, synonyms));
    i += taken;
  }
  return slots;
}

/**
 * A run-together word whose synonym is the same letters as separate words (`machinelearning` →
 * `machine learning`, from lib.rs's list) is searched as those words, as people write it in
 * descriptions; the compound stays an alternative, and the split term brings its own synonyms (`ml`).
 */
function splitCompound(slot: Slot, synonyms: SynonymMap): Slot {
  const [word] = slot.words;
  if (slot.words.length !== 1 || !word) return slot;
  const split = slot.synonyms.find((s) => s.length > 1 && s.join('') === word);
  if (!split) return slot;
  const alternatives = [[word], ...slot.synonyms, ...(synonyms.get(split.join(' ')) ?? []).map(words)];
  const seen = new Set([split.join(' ')]);
  const unique = alternatives.filter((a) => a.length > 0 && !seen.has(a.join(' ')) && seen.add(a.join(' ')));
  return { words: split, synonyms: unique, facet: null };
}
