import type { SearchEngine } from '../../api/search/engine.js';
import { beforeAll, expect, it } from 'vitest';
import { parseQuery } from '../../api/search/query.js';
import { useTestApp } from '../setup/app.js';
import { describeWithFullData } from '../setup/full-data.js';
import { buildSearchCatalog, loadSearchSynonyms, searchEngines } from '../setup/search-catalog.js';

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
  // Issue 19, judged from the packages' descriptions before any ranking was looked at. Twelve more were
  // judged and then left out because their package has no index record in the catalog (arrow-avro,
  // arrow-csv, arrow-ipc, cyw43, embassy-net-tuntap, embassy-usb-host, embedded-can, parquet_derive,
  // polars-plan, rig-milvus, rig-postgres, wasm-bindgen-futures): nothing can rank what is not there.
  { q: 'logging for microcontrollers', expect: 'defmt', within: 3 },
  { q: 'no_std allocator', expect: 'embedded-alloc', within: 10 },
  { q: 'no_std allocator', expect: 'esp-alloc', within: 5 },
  { q: 'cuda', expect: 'candle-core', within: 20 },
  { q: 'cuda backend for burn', expect: 'burn-cuda', within: 3 },
  { q: 'deep learning framework', expect: 'burn-core', within: 5 },
  { q: 'libtorch backend', expect: 'burn-tch', within: 3 },
  { q: 'kernel fusion', expect: 'burn-fusion', within: 1 },
  { q: 'decode defmt logs', expect: 'defmt-decoder', within: 3 },
  { q: 'test harness embedded', expect: 'defmt-test', within: 3 },
  { q: 'bootloader nrf', expect: 'embassy-boot-nrf', within: 3 },
  { q: 'tcp ip network stack driver', expect: 'embassy-net-driver', within: 5 },
  { q: 'hal raspberry pi rp2040 async', expect: 'embassy-rp', within: 5 },
  { q: 'timer duration embedded', expect: 'embassy-time', within: 5 },
  { q: 'usb device stack', expect: 'embassy-usb', within: 3 },
  { q: 'esp32 flash storage', expect: 'esp-storage', within: 3 },
  { q: 'hugging face hub client', expect: 'hf-hub', within: 1 },
  { q: 'hierarchical clustering', expect: 'linfa-hierarchical', within: 2 },
  { q: 'partial least squares', expect: 'linfa-pls', within: 1 },
  { q: 'decision trees', expect: 'linfa-trees', within: 5 },
  { q: 'llama.cpp bindings', expect: 'llama-cpp-sys-2', within: 5 },
  { q: 'shader translation', expect: 'naga', within: 1 },
  { q: 'opengl math glm', expect: 'nalgebra-glm', within: 3 },
  { q: 'n-dimensional array', expect: 'ndarray', within: 3 },
  { q: 'nrf52832', expect: 'nrf52832-hal', within: 1 },
  { q: 'onnx runtime bindings', expect: 'ort-sys', within: 5 },
  { q: 'panic handler probe-run', expect: 'panic-probe', within: 2 },
  { q: 'serde no_std message', expect: 'postcard', within: 3 },
  { q: 'risc-v runtime startup', expect: 'riscv-rt', within: 3 },
  { q: 'pytorch bindings', expect: 'tch', within: 3 },
  { q: 'onnx inference', expect: 'tract-onnx', within: 5 },
  { q: 'tensorflow inference', expect: 'tract-tensorflow', within: 5 },
  { q: 'vector search engine', expect: 'usearch', within: 5 },
  { q: 'tokoi', expect: 'tokio', within: 1 },
  { q: 'dataframes', expect: 'polars', within: 5 },
  { q: 'machinelearning', expect: 'linfa', within: 10 },
  { q: 'clusterng', expect: 'linfa-clustering', within: 3 },
  { q: 'accel:cuda tensor', expect: 'candle-core', within: 10 },
  { q: 'ecosystem:npm canvas', expect: '@napi-rs/canvas', within: 1 },
];

/** Positions looked at for MRR: an expected package further down counts as not found. */
const DEPTH = 20;

/** The engines judged: Postgres always, Meilisearch when MEILI_HOST is set. */
const engines = searchEngines('ferrite_relevance');

// The judgements are about the whole catalog: full data only.
for (const [name, make] of engines) describeWithFullData(`search relevance over the real catalog (${name} engine)`, () => {
  const t = useTestApp();
  let engine: SearchEngine;
  beforeAll(async () => {
    engine = make(t.database);
    await loadSearchSynonyms(t.database);
    await buildSearchCatalog(t.database, engine);
  }, 120_000);

  it(`ranks the expected package high for ${JUDGED.length} judged queries`, async () => {
    const misses: string[] = [];
    let reciprocal = 0;
    for (const j of JUDGED) {
      const r = await engine.search({ query: parseQuery(j.q), sort: 'relevance', offset: 0, limit: Math.max(j.within, DEPTH), facets: false });
      const names = r.hits.map((h) => h.name);
      const rank = names.indexOf(j.expect) + 1;
      if (rank > 0) reciprocal += 1 / rank;
      if (rank === 0 || rank > j.within) misses.push(`"${j.q}": expected ${j.expect} in the top ${j.within}, got ${names.slice(0, j.within).join(', ') || 'nothing'}`);
    }
    const successAtK = (JUDGED.length - misses.length) / JUDGED.length;
    console.log(`judged relevance (${name}): ${JUDGED.length} queries, success@k ${successAtK.toFixed(3)}, MRR@${DEPTH} ${(reciprocal / JUDGED.length).toFixed(3)}`);
    // Misses are printed, never hidden by editing a judgement; the bar is 95% of the judged set within its k.
    if (misses.length) console.log(`misses:\n  ${misses.join('\n  ')}`);
    expect(successAtK, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
  });
});
