/**
 * What a new hub indexes first: well-known AI/ML and embedded crates, the common crates they
 * stand on, and npm packages that wrap Rust crates (plus look-alikes that do not, so the
 * binding detector has something to tell apart). Edit freely; names only.
 */
export const STARTER_CRATES = [
  // AI / ML
  'candle-core', 'candle-nn', 'candle-transformers', 'burn', 'burn-tensor', 'burn-wgpu', 'burn-cuda', 'tch', 'ort',
  'tokenizers', 'safetensors', 'half', 'cudarc', 'hf-hub', 'ndarray', 'linfa', 'smartcore', 'tract-onnx', 'polars',
  'arrow', 'datafusion', 'faer', 'nalgebra', 'llama-cpp-2', 'rig-core', 'async-openai', 'qdrant-client', 'lancedb',
  'usearch', 'fastembed', 'tiktoken-rs', 'text-splitter', 'whisper-rs', 'wgpu', 'metal', 'gemm', 'matrixmultiply',
  // embedded
  'embedded-hal', 'embedded-hal-async', 'embedded-io', 'embedded-graphics', 'cortex-m', 'cortex-m-rt', 'embassy-executor',
  'embassy-time', 'embassy-sync', 'esp-hal', 'rp2040-hal', 'nrf52840-hal', 'stm32f4xx-hal', 'defmt', 'heapless',
  'postcard', 'riscv', 'riscv-rt', 'rtic', 'critical-section', 'microflow', 'tinyml',
  // common ground
  'serde', 'serde_json', 'tokio', 'hyper', 'reqwest', 'axum', 'wasm-bindgen', 'js-sys', 'web-sys', 'napi', 'napi-derive',
  'neon', 'pyo3', 'getrandom', 'libc',
];

export const STARTER_NPM = [
  'tokenizers', '@huggingface/tokenizers', 'tiktoken', '@dqbd/tiktoken', 'js-tiktoken', '@lancedb/lancedb', 'nodejs-polars',
  'usearch', 'fastembed', 'onnxruntime-node', '@huggingface/transformers', '@napi-rs/canvas', '@swc/core', '@swc/wasm',
  '@biomejs/biome', 'lightningcss', 'lightningcss-wasm', '@rspack/core', 'oxc-parser', '@node-rs/argon2', '@node-rs/bcrypt',
  '@resvg/resvg-js', '@resvg/resvg-wasm', '@automerge/automerge', '@tailwindcss/oxide', 'rolldown', 'voy-search',
  '@webonnx/wonnx-wasm', 'esbuild', 'sharp',
];
