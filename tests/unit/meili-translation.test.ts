import { describe, expect, it } from 'vitest';
import { meiliDocument, meiliFilter, meiliQueryText, meiliSettings } from '../../api/search/meili-engine.js';
import { parseQuery } from '../../api/search/query.js';

/** What the Meilisearch engine sends, checked without a server (none can run on these machines). */
describe('Meilisearch translation', () => {
  it('sends the index settings as code', () => {
    expect(meiliSettings()).toEqual({
      searchableAttributes: ['name', 'nameWords', 'keywords', 'categories', 'description'],
      filterableAttributes: ['ecosystem', 'keywords', 'categories', 'supports', 'targets', 'tiers', 'nostd', 'accelerators', 'bindingKinds', 'license', 'msrvNum', 'msrvBucket', 'councils'],
      sortableAttributes: ['downloads', 'updatedAt', 'name'],
      rankingRules: ['words', 'typo', 'proximity', 'attribute', 'exactness', 'recommended:desc', 'downloads:desc'],
      synonyms: {
        ml: ['machine learning'], 'machine learning': ['ml'], nn: ['neural network'], 'neural network': ['nn'],
        llm: ['large language model'], 'large language model': ['llm'],
      },
      typoTolerance: { disableOnAttributes: ['name'] },
      faceting: { maxValuesPerFacet: 200 },
      pagination: { maxTotalHits: 100_000 },
    });
  });

  it('turns every qualifier into an exact filter string', () => {
    const q = parseQuery('tensor keyword:gpu keyword:ml category:science::ml target:thumbv7em-none-eabihf profile:wasm nostd accel:cuda binding:napi-rs msrv<=1.70 ecosystem:crates');
    expect(meiliFilter(q)).toEqual([
      'ecosystem = "crates"',
      'keywords = "gpu"',
      'keywords = "ml"',
      'categories = "science::ml"',
      'supports = "wasm"',
      '(targets = "thumbv7em-none-eabihf" OR supports = "embedded")',
      'nostd IN ["always", "optional"]',
      'accelerators = "cuda"',
      'bindingKinds = "napi-rs"',
      'msrvNum <= 1070',
    ]);
  });

  it('keeps words, phrases and exclusions in the query text, and quotes filter values safely', () => {
    expect(meiliQueryText(parseQuery('vector "exact phrase" -cuda -"two words"'))).toBe('vector "exact phrase" -cuda -"two words"');
    expect(meiliFilter(parseQuery('keyword:a"b'))).toEqual(['keywords = "a\\"b"']);
  });

  it('stores category ancestors so a parent category filter finds its subcategories', () => {
    const doc = meiliDocument({ categories: ['science::ml', 'embedded'], councils: [] } as unknown as Parameters<typeof meiliDocument>[0]);
    expect(doc.categories).toEqual(['science', 'science::ml', 'embedded']);
  });
});
