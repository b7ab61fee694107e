export * from './catalog.js';
export * from './targets.js';
export * from './compat.js';
export * from './audit.js';
export * from './indexing.js';
export * from './search.js';
export * from './accounts.js';
export * from './metadata.js';
