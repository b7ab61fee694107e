import { beforeAll, expect, it } from 'vitest';
import { PostgresSearchEngine } from '../../api/search/pg-engine.js';
import { parseQuery } from '../../api/search/query.js';
import { useTestApp } from '../setup/app.js';
import { describeWithFullData } from '../setup/full-data.js';
import { buildSearchCatalog } from '../setup/search-catalog.js';

/**
 * Judged queries over the real catalog (index-full, upstream Cargo.toml metadata, npm
 * packuments): each names packages a developer typing it expects to see, and how high.
 */
const JUDGED: { q: string; expect: string; within: number }[] = [
  { q: 'cuda', expect: 'cudarc', within: 3 },
  { q: 'embedded hal', expect: 'embedded-hal', within: 1 },
  { q: 'embedded-hal', expect: 'embedded-hal', within: 1 },
  { q: 'tokenizers', expect: 'tokenizers', within: 1 },
  { q: 'tokenizr', expect: 'tokenizers', within: 3 },
  { q: 'dataframe', expect: 'polars', within: 3 },
  { q: 'safetensors', expect: 'safetensors', within: 1 },
  { q: 'arrow', expect: 'arrow', within: 1 },
  { q: 'esp32', expect: 'esp-hal', within: 3 },
  { q: 'nrf52840', expect: 'nrf52840-hal', within: 1 },
  { q: 'linear algebra', expect: 'nalgebra', within: 5 },
  { q: 'linear algebra', expect: 'faer', within: 5 },
  { q: 'machine learning', expect: 'linfa', within: 5 },
  { q: 'ml', expect: 'linfa', within: 10 },
  { q: 'llm', expect: 'rig-core', within: 5 },
  { q: 'vector database', expect: 'qdrant-client', within: 5 },
  { q: 'vector database', expect: 'lancedb', within: 3 },
  { q: 'napi', expect: 'napi', within: 1 },
  { q: 'defmt', expect: 'defmt', within: 1 },
  { q: 'wgpu', expect: 'wgpu', within: 1 },
  { q: 'onnx runtime', expect: 'ort', within: 6 },
  { q: 'gpu', expect: 'cudarc', within: 10 },
  { q: 'cortex m', expect: 'cortex-m', within: 1 },
  { q: 'riscv', expect: 'riscv', within: 1 },
  { q: 'heapless', expect: 'heapless', within: 1 },
  { q: 'openai', expect: 'async-openai', within: 1 },
  { q: 'libtorch', expect: 'tch', within: 3 },
  { q: 'pytorch', expect: 'tch', within: 3 },
  { q: 'burn', expect: 'burn', within: 1 },
  { q: 'candle', expect: 'candle-core', within: 8 },
  { q: 'polars ecosystem:npm', expect: 'nodejs-polars', within: 1 },
  { q: 'canvas', expect: '@napi-rs/canvas', within: 1 },
  { q: 'argon2', expect: '@node-rs/argon2', within: 1 },
  { q: 'rp2040', expect: 'rp2040-hal', within: 1 },
  { q: 'qdrant', expect: 'qdrant-client', within: 1 },
  { q: 'whisper', expect: 'whisper-rs', within: 1 },
  { q: 'llama', expect: 'llama-cpp-2', within: 3 },
  { q: 'clustering', expect: 'linfa-clustering', within: 1 },
  { q: 'neural network', expect: 'candle-nn', within: 3 },
  { q: 'transformer', expect: 'candle-transformers', within: 3 },
  { q: 'semihosting', expect: 'cortex-m-semihosting', within: 2 },
  { q: 'autodiff', expect: 'burn-autodiff', within: 1 },
  { q: 'sparse matrix', expect: 'nalgebra-sparse', within: 1 },
  { q: 'embassy-ex', expect: 'embassy-executor', within: 3 },
];

// The judgements are about the whole catalog: full data only.
describeWithFullData('search relevance over the real catalog (postgres engine)', () => {
  const t = useTestApp();
  let engine: PostgresSearchEngine;
  beforeAll(async () => {
    engine = new PostgresSearchEngine(t.database);
    await buildSearchCatalog(t.database, engine);
  }, 120_000);

  it(`ranks the expected package high for ${JUDGED.length} judged queries`, async () => {
    const misses: string[] = [];
    for (const j of JUDGED) {
      const r = await engine.search({ query: parseQuery(j.q), sort: 'relevance', offset: 0, limit: j.within, facets: false });
      const names = r.hits.map((h) => h.name);
      if (!names.includes(j.expect)) misses.push(`"${j.q}": expected ${j.expect} in the top ${j.within}, got ${names.join(', ') || 'nothing'}`);
    }
    expect(misses).toEqual([]);
  });
});
