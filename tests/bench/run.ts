/**
 * `npm run bench`: measured figures, never pass/fail. Each scenario runs in its own process
 * (peak memory is per process) against fresh databases it creates and drops.
 */
import { compatBench } from './compat.js';
import { indexerBench } from './indexer.js';
import { searchBench } from './search.js';
import { webBench } from './web.js';
import { governanceBench } from './governance.js';

// `npm run bench -- compat` runs one section.
const all = { indexer: indexerBench, compat: compatBench, search: searchBench, web: webBench, governance: governanceBench };
const wanted = process.argv.slice(2).filter((a): a is keyof typeof all => a in all);
const sections = wanted.length ? wanted.map((w) => all[w]) : Object.values(all);
for (const section of sections) await section();
