/**
 * `npm run bench`: measured figures, never pass/fail. Each scenario runs in its own process
 * (peak memory is per process) against fresh databases it creates and drops.
 */
import { indexerBench } from './indexer.js';

const sections = [indexerBench];
for (const section of sections) await section();
