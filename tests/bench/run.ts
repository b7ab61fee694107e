/**
 * `npm run bench`: measured figures, never pass/fail. Each scenario runs in its own process
 * (peak memory is per process) against fresh databases it creates and drops.
 */
import { compatBench } from './compat.js';
import { indexerBench } from './indexer.js';
import { searchBench } from './search.js';
import { webBench } from './web.js';
import { governanceBench } from './governance.js';
import { transparencyBench } from './transparency.js';
import { advisoriesBench } from './advisories.js';
import { dependentsBench } from './dependents.js';
import { archivesBench } from './archives.js';
import { withoutFullData } from '../setup/shared-data.js';

// `npm run bench -- compat` runs one section.
// The governance section measures the transparency log beside the hash chain it extends.
const governance = async () => {
  await governanceBench();
  await transparencyBench();
};
const all = { indexer: indexerBench, compat: compatBench, search: searchBench, web: webBench, governance, advisories: advisoriesBench, dependents: dependentsBench, archives: archivesBench };
const wanted = process.argv.slice(2).filter((a): a is keyof typeof all => a in all);
const names = wanted.length ? wanted : (Object.keys(all) as (keyof typeof all)[]);
// These measure the index archives and the whole index-full, which the committed fixtures lack.
const onData = names.filter((n) => n !== 'governance');
const skipped = onData.length > 0 && withoutFullData(`npm run bench (${onData.join(', ')})`);
for (const name of names) if (!skipped || name === 'governance') await all[name]();
