import { describe, expect, it } from 'vitest';
import { MATCHING_STRATEGY, meiliDocument, meiliFilter, meiliQueryText, meiliSettings, meiliStemmedText } from '../../api/search/meili-engine.js';
import { STOP_WORDS, synonymMap } from '../../api/search/vocabulary.js';
import { parseQuery } from '../../api/search/query.js';

/** What the Meilisearch engine sends, checked without a server (none can run on these machines). */
describe('Meilisearch translation', () => {
  it('sends the index settings as code', () => {
    const settings = meiliSettings(synonymMap([{ term: 'nostd', synonym: 'no std' }]));
    expect(settings).toEqual({
      searchableAttributes: ['bareName', 'name', 'nameWords', 'facetsVerified', 'keywords', 'facetsDeclared', 'categories', 'facetsInferred', 'description', 'stems'],
      filterableAttributes: ['ecosystem', 'keywords', 'categories', 'supports', 'targets', 'tiers', 'nostd', 'accelerators', 'bindingKinds', 'license', 'msrvNum', 'msrvBucket', 'councils', 'advisory'],
      sortableAttributes: ['downloads', 'dependents', 'updatedAt', 'name'],
      rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness', 'recommended:desc', 'downloads:desc', 'dependents:desc'],
      stopWords: [...STOP_WORDS].sort(),
      synonyms: {
        ml: ['machine learning'], 'machine learning': ['ml'], nn: ['neural network'], 'neural network': ['nn'],
        llm: ['large language model'], 'large language model': ['llm'], nostd: ['no std'],
      },
      typoTolerance: { disableOnAttributes: ['name'], minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
      faceting: { maxValuesPerFacet: 200 },
      pagination: { maxTotalHits: 100_000 },
    });
    expect(settings.stopWords).toContain('for');
    expect(MATCHING_STRATEGY).toBe('frequency');
  });

  it('sends a free no_std as the token documents carry, and files facet words by their evidence', () => {
    expect(meiliQueryText(parseQuery('no_std allocator'))).toBe('nostd allocator');
    const doc = meiliDocument({
      name: 'x', nameWords: 'x', keywords: [], description: null, categories: [], councils: [], accelerators: ['cuda', 'metal'], supports: ['cloud'], nostd: 'optional',
      strengths: { 'accel:cuda': 'verified', 'accel:metal': 'declared', 'profile:cloud': 'inferred', nostd: 'inferred' },
    } as unknown as Parameters<typeof meiliDocument>[0]);
    expect([doc.facetsVerified, doc.facetsDeclared, doc.facetsInferred]).toEqual([['cuda'], ['metal'], ['cloud', 'nostd']]);
  });

  it('turns every qualifier into an exact filter string', () => {
    const q = parseQuery('tensor keyword:gpu keyword:ml category:science::ml target:thumbv7em-none-eabihf profile:wasm nostd:true accel:cuda binding:napi-rs msrv<=1.70 ecosystem:crates advisory:unsound advisory:unmaintained advisory:bogus');
    expect(meiliFilter(q)).toEqual([
      'ecosystem = "crates"',
      'keywords = "gpu"',
      'keywords = "ml"',
      'categories = "science::ml"',
      'supports = "wasm"',
      'targets = "thumbv7em-none-eabihf"',
      'nostd IN ["always", "optional"]',
      'accelerators = "cuda"',
      'bindingKinds = "napi-rs"',
      'advisory IN ["unsound", "unmaintained"]',
      'msrvNum <= 1070',
    ]);
    // A value the facet does not have stays a word of the query.
    expect(q.terms).toContain('advisory:bogus');
  });

  it('keeps words, phrases and exclusions in the query text, and quotes filter values safely', () => {
    expect(meiliQueryText(parseQuery('vector "exact phrase" -cuda -"two words"'))).toBe('vector "exact phrase" -cuda -"two words"');
    expect(meiliFilter(parseQuery('keyword:a"b'))).toEqual(['keywords = "a\\"b"']);
  });

  it('stores category ancestors so a parent category filter finds its subcategories', () => {
    const doc = meiliDocument({ name: 'x', nameWords: 'x', keywords: [], description: null, categories: ['science::ml', 'embedded'], councils: [], accelerators: [], supports: [], nostd: 'unknown' } as unknown as Parameters<typeof meiliDocument>[0]);
    expect(doc.categories).toEqual(['science', 'science::ml', 'embedded']);
  });

  it('stems documents and queries alike, since Meilisearch has no English stemmer', () => {
    const doc = meiliDocument({ name: 'embedded-alloc', nameWords: 'embedded alloc', keywords: ['allocators'], description: 'A heap allocator for embedded systems', categories: ['no-std'], councils: [], accelerators: [], supports: [], nostd: 'unknown' } as unknown as Parameters<typeof meiliDocument>[0]);
    expect(doc.stems).toEqual(expect.arrayContaining(['embed', 'alloc', 'heap', 'system', 'std']));
    expect(doc.stems).not.toContain('for');
    expect(meiliStemmedText(parseQuery('no_std allocator'))).toBe('nostd alloc');
    expect(meiliStemmedText(parseQuery('logging for microcontrollers -"heap allocator"'))).toBe('log for microcontrol -"heap allocator"'); // stop words go through: Meilisearch's stopWords drop them
  });
});
