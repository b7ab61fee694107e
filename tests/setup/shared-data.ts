import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The real public data set, when the checkout sits beside it (see ../shared/data/README.md). */
const BESIDE_CHECKOUT = path.resolve(HERE, '..', '..', '..', 'shared', 'data');
/** A byte-identical subset of it, committed so a clone alone passes its tests (tests/fixtures/SOURCE.md). */
export const FIXTURE_DATA = path.resolve(HERE, '..', 'fixtures', 'data');

/**
 * Where test data comes from: FERRITE_SHARED_DATA when set (`none` pretends the real set is
 * absent), else ../shared/data when present, else the committed fixtures. A folder that is
 * named but missing is an error, never a silent fallback.
 */
function resolveSharedData(env: NodeJS.ProcessEnv): { root: string; reason: string } {
  const named = env.FERRITE_SHARED_DATA;
  if (named === 'none') return { root: FIXTURE_DATA, reason: 'FERRITE_SHARED_DATA=none' };
  if (named) {
    if (!fs.existsSync(named)) throw new Error(`Shared data not found at ${named} (FERRITE_SHARED_DATA); unset it to use ${BESIDE_CHECKOUT} or the fixtures.`);
    return { root: path.resolve(named), reason: `FERRITE_SHARED_DATA=${named}` };
  }
  if (fs.existsSync(BESIDE_CHECKOUT)) return { root: BESIDE_CHECKOUT, reason: BESIDE_CHECKOUT };
  return { root: FIXTURE_DATA, reason: `no ${BESIDE_CHECKOUT}` };
}

const resolved = resolveSharedData(process.env);

/** The data folder tests read, in the shared layout (crates-index/index-full/…, npm-packuments/…). */
export const SHARED_DATA = resolved.root;

/**
 * True when the real full data set is in use: the fixtures never hold the index archives, which
 * the full set always has.
 */
export const FULL_DATA = SHARED_DATA !== FIXTURE_DATA
  && fs.existsSync(path.join(SHARED_DATA, 'crates-index', 'crates-io-index-closure.tar.gz'));

const MISSING = SHARED_DATA === FIXTURE_DATA
  ? `${resolved.reason}, so tests read the subset in tests/fixtures/data`
  : `${SHARED_DATA} lacks crates-index/crates-io-index-closure.tar.gz`;

/**
 * For suites that need the whole data set (every index file analysed as a set, the archives,
 * the judged catalog): without it, returns true (skip) after one line saying what and why. In
 * CI (`CI=true`) a missing data set is a failure, so it throws instead.
 */
export function withoutFullData(what: string): boolean {
  if (FULL_DATA) return false;
  if (process.env.CI === 'true') {
    throw new Error(`${what} needs the full data set (../shared/data, or FERRITE_SHARED_DATA), and CI must provide it (${MISSING}).`);
  }
  console.log(`skipped without the full data set: ${what} (${MISSING})`);
  return true;
}
