import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real public data set beside the checkout (../shared/data); FERRITE_SHARED_DATA overrides it. */
export const SHARED_DATA = process.env.FERRITE_SHARED_DATA
  ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data');

if (!fs.existsSync(SHARED_DATA)) {
  throw new Error(`Shared data not found at ${SHARED_DATA}; set FERRITE_SHARED_DATA to the folder.`);
}
