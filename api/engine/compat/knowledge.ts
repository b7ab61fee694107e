/**
 * What the engine knows about particular crates and names, beyond what each crate's own metadata
 * says. Every entry carries the reason that is shown as evidence, so a reader can check it. The
 * lists are deliberately short: a crate missing here stays `unknown` rather than guessed.
 */

/**
 * A table keyed by crate, feature or word names: those names come from the registry, and names like
 * `constructor` or `__proto__` must find nothing rather than the object prototype's members.
 */
export function nameTable<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

/** Crates that cannot build without std (they need an operating system), whatever features are chosen. */
export const STD_ONLY = nameTable<string>({
  tokio: 'an async runtime over OS threads, timers and I/O',
  mio: 'non-blocking OS I/O (epoll, kqueue, IOCP)',
  'async-std': 'an async runtime over OS threads and I/O',
  smol: 'an async runtime over OS threads and I/O',
  'async-io': 'OS I/O polling',
  polling: 'OS I/O polling',
  rayon: 'a thread pool over OS threads',
  'rayon-core': 'a thread pool over OS threads',
  reqwest: 'an HTTP client over OS sockets',
  ureq: 'an HTTP client over OS sockets',
  hyper: 'an HTTP implementation that uses std I/O traits',
  axum: 'a web server framework',
  'actix-web': 'a web server framework',
  tonic: 'a gRPC framework over tokio',
  tempfile: 'temporary files on the OS file system',
  walkdir: 'directory traversal on the OS file system',
  memmap2: 'memory-mapped OS files',
  num_cpus: 'OS CPU count queries',
  parking_lot: 'OS thread parking',
  socket2: 'OS sockets',
  'native-tls': "the platform's TLS library",
  openssl: 'the system OpenSSL library',
  libloading: 'OS dynamic library loading',
  clap: 'command-line parsing over std::env and std::io',
  env_logger: 'logging to std::io and reading std::env',
  'signal-hook': 'OS signal handling',
  ctrlc: 'OS signal handling',
  dirs: 'OS user directories',
  home: 'OS user directories',
  sysinfo: 'OS process and system queries',
});

/**
 * Crates known not to build for wasm32-unknown-unknown: they need an OS facility the target has
 * no stub for (a build script or `compile_error!` refuses it), so depending on them is strong
 * evidence of "no".
 */
export const NOT_ON_WASM = nameTable<string>({
  mio: 'needs OS I/O polling, which wasm32-unknown-unknown does not have',
  socket2: 'needs OS sockets, which wasm32-unknown-unknown does not have',
  'native-tls': "needs the platform's TLS library",
  openssl: 'needs the system OpenSSL library',
});

/**
 * Crates that compile for wasm32-unknown-unknown but whose OS calls fail there at run time (a stub
 * that returns an error): code that uses them only on some paths still runs in the browser, so they
 * make an answer `partial` with a note, never `no`.
 */
export const STUBBED_ON_WASM = nameTable<string>({
  memmap2: 'compiles for wasm32 but memory-maps nothing there (its calls fail at run time)',
  libloading: 'compiles for wasm32 but cannot load libraries there (its calls fail at run time)',
  tempfile: 'compiles for wasm32 but has no file system there (its calls fail at run time)',
});

/**
 * Families of bare-metal targets a runtime or HAL is written for, by triple. A crate pinned to a
 * family cannot run on another family's triples (an ESP32 HAL on a Cortex-M target).
 */
export const BARE_METAL_FAMILIES = {
  'cortex-m': { label: 'Arm Cortex-M microcontrollers', triples: /^thumbv(6m|7m|7em|8m\.base|8m\.main)-none-eabi(hf)?$/ },
  riscv: { label: 'bare-metal RISC-V', triples: /^riscv(32|64)[a-z]*-unknown-none-elf$/ },
  xtensa: { label: 'Xtensa (ESP32) microcontrollers', triples: /^xtensa-/ },
  esp: { label: 'Espressif chips (ESP32 family: Xtensa and RISC-V)', triples: /^(xtensa-esp32[a-z0-9]*-none-elf|riscv32im(a?c|afc)-unknown-none-elf)$/ },
  rp2040: { label: 'the RP2040 (Cortex-M0+)', triples: /^thumbv6m-none-eabi$/ },
  rp235x: { label: 'the RP235x chips (Cortex-M33 or Hazard3 RISC-V)', triples: /^(thumbv8m\.main-none-eabihf|riscv32imac-unknown-none-elf)$/ },
  msp430: { label: 'MSP430 microcontrollers', triples: /^msp430-/ },
  avr: { label: 'AVR microcontrollers', triples: /^avr-/ },
} as const;
export type BareMetalFamily = keyof typeof BARE_METAL_FAMILIES;

/** Crates that only run on bare-metal microcontrollers of one family (their runtime, start-up code or instructions). */
export const BARE_METAL_ONLY = nameTable<{ reason: string; family: BareMetalFamily }>({
  'cortex-m': { reason: 'its instructions are only implemented when building for a Cortex-M target', family: 'cortex-m' },
  'cortex-m-rt': { reason: 'start-up code and linker script for Cortex-M microcontrollers', family: 'cortex-m' },
  'cortex-m-semihosting': { reason: 'semihosting for Cortex-M debug probes', family: 'cortex-m' },
  'riscv-rt': { reason: 'start-up code for bare-metal RISC-V', family: 'riscv' },
  riscv: { reason: 'access to RISC-V registers and instructions, implemented only when building for RISC-V', family: 'riscv' },
  'xtensa-lx': { reason: 'access to Xtensa LX registers and instructions, implemented only when building for Xtensa', family: 'xtensa' },
  'msp430-rt': { reason: 'start-up code for MSP430 microcontrollers', family: 'msp430' },
  'xtensa-lx-rt': { reason: 'start-up code for Xtensa (ESP32) microcontrollers', family: 'xtensa' },
  'esp-hal': { reason: 'hardware abstraction for Espressif chips, bare metal', family: 'esp' },
  'esp-riscv-rt': { reason: 'start-up code for Espressif RISC-V chips', family: 'esp' },
  'esp-backtrace': { reason: 'panic handler for Espressif chips', family: 'esp' },
  'embassy-stm32': { reason: 'HAL for STM32 microcontrollers', family: 'cortex-m' },
  'embassy-nrf': { reason: 'HAL for nRF microcontrollers', family: 'cortex-m' },
  'embassy-rp': { reason: 'HAL for RP2040/RP235x microcontrollers', family: 'cortex-m' },
  'rp2040-hal': { reason: 'HAL for the RP2040 microcontroller', family: 'rp2040' },
  'rp235x-hal': { reason: 'HAL for the RP235x microcontrollers', family: 'rp235x' },
  'avr-device': { reason: 'register access for AVR microcontrollers', family: 'avr' },
  'arduino-hal': { reason: 'HAL for AVR-based Arduino boards', family: 'avr' },
  'avr-hal-generic': { reason: 'HAL for AVR microcontrollers', family: 'avr' },
});

/** Crates that only run on ESP-IDF, the Espressif RTOS (target_os = "espidf"), not bare metal. */
export const ESP_IDF_ONLY = nameTable<string>({
  'esp-idf-sys': 'bindings to the ESP-IDF SDK',
  'esp-idf-hal': 'HAL on the ESP-IDF SDK',
  'esp-idf-svc': 'services on the ESP-IDF SDK',
});

/** Dependencies that put a crate on the browser's wasm32-unknown-unknown (JavaScript bindings). */
export const WASM_BINDGEN_CRATES = new Set(['wasm-bindgen', 'js-sys', 'web-sys', 'wasm-bindgen-futures', 'gloo', 'gloo-utils', 'serde-wasm-bindgen']);

export const ACCELERATORS = ['cuda', 'cudnn', 'rocm', 'metal', 'vulkan', 'webgpu', 'opencl', 'mkl', 'blas', 'accelerate', 'tpu', 'npu'] as const;
export type Accelerator = (typeof ACCELERATORS)[number];

/** Dependencies that mean an accelerator backend. */
export const ACCELERATOR_CRATES = nameTable<Accelerator>({
  cudarc: 'cuda',
  cust: 'cuda',
  'cuda-sys': 'cuda',
  'cuda-runtime-sys': 'cuda',
  'cuda-driver-sys': 'cuda',
  rustacuda: 'cuda',
  'candle-kernels': 'cuda',
  bindgen_cuda: 'cuda',
  'cubecl-cuda': 'cuda',
  cudnn: 'cudnn',
  'cudnn-sys': 'cudnn',
  'hip-sys': 'rocm',
  'hip-runtime-sys': 'rocm',
  'cubecl-hip': 'rocm',
  metal: 'metal',
  'objc2-metal': 'metal',
  'candle-metal-kernels': 'metal',
  ash: 'vulkan',
  vulkano: 'vulkan',
  erupt: 'vulkan',
  vulkanalia: 'vulkan',
  wgpu: 'webgpu',
  'wgpu-core': 'webgpu',
  'cubecl-wgpu': 'webgpu',
  ocl: 'opencl',
  opencl3: 'opencl',
  'cl-sys': 'opencl',
  'opencl-sys': 'opencl',
  'intel-mkl-src': 'mkl',
  'intel-mkl-sys': 'mkl',
  'blas-src': 'blas',
  'openblas-src': 'blas',
  'netlib-src': 'blas',
  'cblas-sys': 'blas',
  'blas-sys': 'blas',
  'accelerate-src': 'accelerate',
});

/** Feature-name words that mean an accelerator backend (`cuda`, `cuda-12000`, `burn-wgpu`, `mkl_static`). */
export const ACCELERATOR_WORDS = nameTable<Accelerator>({
  cuda: 'cuda',
  cudnn: 'cudnn',
  rocm: 'rocm',
  hip: 'rocm',
  metal: 'metal',
  mps: 'metal',
  vulkan: 'vulkan',
  wgpu: 'webgpu',
  webgpu: 'webgpu',
  opencl: 'opencl',
  mkl: 'mkl',
  blas: 'blas',
  openblas: 'blas',
  netlib: 'blas',
  accelerate: 'accelerate',
  tpu: 'tpu',
  npu: 'npu',
});

/** Feature names that contain an accelerator word but do not mean one. */
export const NOT_ACCELERATOR_FEATURES = new Set(['bare-metal', 'bare_metal', 'baremetal']);

/** Accelerators that exist only on Apple platforms, so a hard requirement rules out Linux servers. */
/** The accelerator a feature's name stands for (`cuda`, `metal-backend`, `wgpu_backend`), if any. */
export function acceleratorOfFeature(feature: string): Accelerator | undefined {
  if (NOT_ACCELERATOR_FEATURES.has(feature)) return undefined;
  const word = feature.toLowerCase().split(/[-_/]/).find((w) => ACCELERATOR_WORDS[w]);
  return word ? ACCELERATOR_WORDS[word] : undefined;
}

export const APPLE_ONLY_ACCELERATORS = new Set<Accelerator>(['metal', 'accelerate']);

/** Accelerators a browser cannot reach from wasm32-unknown-unknown (WebGPU it can). */
export const NOT_IN_BROWSER_ACCELERATORS = new Set<Accelerator>(['cuda', 'cudnn', 'rocm', 'metal', 'vulkan', 'opencl', 'mkl', 'blas', 'accelerate', 'tpu', 'npu']);

/**
 * `links` values naming system libraries that neither the browser (wasm32-unknown-unknown) nor
 * bare-metal targets provide. Other `links` values are often built from bundled sources or
 * are only a uniqueness guard, so they rule nothing out.
 */
export const SYSTEM_LIBRARIES = nameTable<string>({
  openssl: 'OpenSSL',
  python: 'the Python interpreter',
  python3: 'the Python interpreter',
  python27: 'the Python interpreter',
  onnxruntime: 'ONNX Runtime',
  tensorflow: 'TensorFlow',
  tch: 'libtorch',
  torch: 'libtorch',
  cuda: 'the CUDA toolkit',
  mkl_core: 'Intel oneMKL',
  pq: 'libpq (PostgreSQL client)',
  mysqlclient: 'the MySQL client library',
  curl: 'libcurl',
  'usb-1.0': 'libusb',
  libudev: 'libudev',
  dbus: 'libdbus',
  alsa: 'ALSA',
  jack: 'JACK',
  SDL2: 'SDL2',
  ffmpeg: 'FFmpeg',
  hdf5: 'HDF5',
  faiss_c: 'Faiss',
  gssapi_krb5: 'Kerberos GSSAPI',
  selinux: 'libselinux',
});

/** Category slugs and keywords that state no_std support. */
export const NO_STD_CATEGORIES = nameTable<'no-std' | 'no-alloc'>({ 'no-std': 'no-std', 'no-std::no-alloc': 'no-alloc' });
export const NO_STD_KEYWORDS = new Set(['no_std', 'no-std', 'nostd']);
