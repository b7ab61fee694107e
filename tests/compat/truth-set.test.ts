import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Analysis } from '../../api/engine/compat/analyze.js';
import { analyzePaths } from '../../indexer/commands/analyze.js';
import { indexManifests } from '../../indexer/commands/index-manifests.js';
import { indexNpm } from '../../indexer/commands/index-npm.js';
import { runCompatPass } from '../../indexer/sync/compat-claims.js';
import { seedTargets } from '../../api/targets/seed.js';
import { useTestApp } from '../setup/app.js';
import { describeWithFullData } from '../setup/full-data.js';
import { INDEX_FULL, INDEX_RECENT } from '../setup/index-fixtures.js';
import { runIndexCrates } from '../setup/indexer.js';
import { SHARED_DATA } from '../setup/shared-data.js';
import { type Answer, formatScore, type Label, loadLabels, questions, score, type Scored } from './truth-set.js';

/**
 * Ferrite's answers against the labelled truth set, twice: `ferrite analyze` over the index alone,
 * and the served API over what the hub indexes on a first start (index files, repository manifests,
 * npm packuments). A yes or no must be right at least 98% of the time; the unknown rate is printed,
 * not asserted: an honest unknown is allowed, a wrong answer is not.
 */
const PACKUMENTS = path.join(SHARED_DATA, 'npm-packuments', 'packuments');
const MANIFESTS = path.join(SHARED_DATA, 'crate-metadata', 'manifests', 'raw');
const CLOSURE = path.join(SHARED_DATA, 'crates-index', 'crates-io-index-closure.tar.gz');
const PRECISION_GOAL = 0.98;
const quiet = { write: () => true } as unknown as NodeJS.WritableStream;
const silent = { start() {}, update() {}, stop() {} };

let labels: Label[];
beforeAll(() => {
  labels = loadLabels();
});

const asAnswer = (s: string | undefined): Answer => (s === 'yes' || s === 'no' || s === 'partial' ? s : 'unknown');
/** Profiles that `analyze` does not print answer from their representative target. */
const PROFILE_TRIPLE: Record<string, string> = { wasi: 'wasm32-wasip1', mobile: 'aarch64-linux-android' };

function analyzeAnswer(a: Analysis | undefined, q: string): Answer {
  if (!a) return 'unknown';
  if (q === 'rust') return asAnswer(a.rust);
  if (q.startsWith('profile:')) {
    const p = q.slice('profile:'.length);
    if (p in a.profiles) return asAnswer(a.profiles[p as keyof Analysis['profiles']]);
    return asAnswer(a.targets?.[PROFILE_TRIPLE[p]!]);
  }
  const triple = q.slice('target:'.length);
  // An npm binding answers for the targets it ships prebuilt binaries for.
  if (a.ecosystem === 'npm') return a.binding?.triples.includes(triple) ? 'yes' : 'unknown';
  return asAnswer(a.targets?.[triple]);
}

describeWithFullData('the labelled truth set', () => {
  it('has at least 150 labelled packages, every one with its reason', () => {
    expect(labels.length).toBeGreaterThanOrEqual(150);
    for (const l of labels) expect([l.name, l.why.length > 10]).toEqual([l.name, true]);
  });

  it(`ferrite analyze (index only): yes/no precision ≥ ${PRECISION_GOAL}`, { timeout: 600_000 }, async () => {
    const { analyses } = await analyzePaths([CLOSURE, PACKUMENTS]);
    const by = new Map(analyses.map((a) => [`${a.ecosystem === 'crates' ? 'crate' : 'npm'}:${a.name}`, a]));
    const all = labels.flatMap((l) => questions(l, (q) => analyzeAnswer(by.get(`${l.kind}:${l.name}`), q)));
    const s = score(all);
    console.log(formatScore('ferrite analyze, index only', s));
    expect(s.precision).toBeGreaterThanOrEqual(PRECISION_GOAL);
  });
});

describeWithFullData('the labelled truth set on the served API', () => {
  const t = useTestApp();
  beforeAll(async () => {
    await seedTargets(t.database);
    await runIndexCrates(t.database, [INDEX_FULL, INDEX_RECENT]);
    await indexManifests(t.database, [MANIFESTS], { out: quiet });
    await indexNpm(t.database, [PACKUMENTS], { out: quiet, progress: silent, registry: null });
    await runCompatPass(t.database);
  }, 900_000);

  it(`index + manifests + packuments: yes/no precision ≥ ${PRECISION_GOAL}`, { timeout: 600_000 }, async () => {
    const all: Scored[] = [];
    let missing = 0;
    for (const l of labels) {
      const answers = l.kind === 'crate' ? await crateAnswers(l.name) : await npmAnswers(l.name);
      if (!answers) missing++;
      all.push(...questions(l, (q) => answers?.get(q) ?? 'unknown'));
    }
    const s = score(all);
    console.log(formatScore(`served API (${labels.length - missing} of ${labels.length} labelled packages indexed)`, s));
    expect(s.precision).toBeGreaterThanOrEqual(PRECISION_GOAL);
  });

  const json = async (url: string) => (await t.app.request(url)).json();

  async function crateAnswers(name: string): Promise<Map<string, Answer> | null> {
    const res = await t.app.request(`/api/v1/crates/${encodeURIComponent(name)}`);
    if (res.status !== 200) return null;
    const version = (await res.json()).crate.default_version as string | null;
    if (!version) return null;
    const [compat, targets] = await Promise.all([
      json(`/api/v1/crates/${encodeURIComponent(name)}/${version}/compat`),
      json(`/api/v1/crates/${encodeURIComponent(name)}/${version}/targets`),
    ]);
    const out = new Map<string, Answer>();
    for (const c of compat.summary as { subject: string; status: string }[]) if (c.subject.startsWith('profile:')) out.set(c.subject, asAnswer(c.status));
    for (const a of targets.targets as { triple: string; status: string }[]) out.set(`target:${a.triple}`, asAnswer(a.status));
    return out;
  }

  async function npmAnswers(name: string): Promise<Map<string, Answer> | null> {
    const res = await t.app.request(`/api/v1/npm/${encodeURIComponent(name)}/compat`);
    if (res.status !== 200) return null;
    const compat = await res.json();
    const out = new Map<string, Answer>();
    for (const c of compat.summary as { subject: string; status: string }[]) {
      if (c.subject.startsWith('profile:')) out.set(c.subject, asAnswer(c.status));
      if (c.subject === 'rust') out.set('rust', asAnswer(c.status));
    }
    return out;
  }
});
