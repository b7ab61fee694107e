import fs from 'node:fs';
import path from 'node:path';
import { parseIndexLine } from '../../api/engine/formats/index-record.js';
import { type Analysis, analyzeCrate, analyzeNpmPackages, type NpmInput } from '../../api/engine/compat/analyze.js';
import { type CrateVersionInput, toCrateInput } from '../../api/engine/compat/crate-input.js';
import { CrateEngine } from '../../api/engine/compat/infer-crate.js';
import { PlatformTable } from '../../api/engine/compat/profiles.js';
import { loadTargets } from '../../api/engine/targets/data.js';
import { CrateUniverse } from '../../api/engine/compat/universe.js';
import { readPackument } from '../npm/packument.js';
import type { Progress } from '../progress.js';
import { openLocalIndex } from '../sources/crates-index-files.js';

export type AnalyzeResult = { analyses: Analysis[]; problems: string[]; crates: number; versions: number; npm: number };

/**
 * `ferrite analyze`: reads index files, index directories or archives, and packument files, and
 * analyses every package found without any database. Malformed lines and documents are
 * reported with file and line and left out.
 */
export async function analyzePaths(inputs: string[], progress?: Progress): Promise<AnalyzeResult> {
  const problems: string[] = [];
  const crates = new Map<string, { name: string; versions: CrateVersionInput[] }>();
  const npm: NpmInput[] = [];
  let versions = 0;
  for (const input of inputs) {
    if (!fs.existsSync(input)) {
      problems.push(`${input}: no such file or directory`);
      continue;
    }
    const jsonFiles = fs.statSync(input).isDirectory() ? walkJson(input) : input.endsWith('.json') ? [input] : [];
    for (const file of jsonFiles) readNpm(file, npm, problems);
    if (!fs.statSync(input).isDirectory() && input.endsWith('.json')) continue;
    const source = openLocalIndex(input);
    const tick = progress && ((p: { unit: 'files' | 'bytes'; total: number }) => (progress.start(`reading ${input}`, p.unit, p.total), (done: number) => progress.update(done, { crates: crates.size })));
    for await (const file of source.files(tick)) {
      const list: CrateVersionInput[] = [];
      file.text.split('\n').forEach((line, i) => {
        if (!line.trim()) return;
        const parsed = parseIndexLine(line);
        if (!parsed.ok) return void problems.push(`${file.origin}:${i + 1}: ${parsed.reason}`);
        list.push(toCrateInput(parsed.record.name, parsed.record));
      });
      versions += list.length;
      if (list.length) crates.set(file.name.toLowerCase(), { name: list[0]!.name, versions: list });
    }
  }
  progress?.stop();

  const universe = new CrateUniverse((name) => crates.get(name.toLowerCase())?.versions);
  const infos = loadTargets().targets;
  const platforms = new PlatformTable(infos);
  const engine = new CrateEngine(universe, platforms);
  const analyses: Analysis[] = [];
  progress?.start('analysing', 'crates', crates.size);
  let done = 0;
  for (const { name, versions: vs } of crates.values()) {
    analyses.push(analyzeCrate(engine, name, vs, { infos, platforms }));
    if (++done % 500 === 0) progress?.update(done);
  }
  progress?.stop();
  const byKey = new Map([...crates.values()].map((c) => [c.name.toLowerCase().replace(/-/g, '_'), c.name]));
  analyses.push(...analyzeNpmPackages(npm, (n) => byKey.get(n.toLowerCase().replace(/-/g, '_')) ?? null));
  analyses.sort((a, b) => a.ecosystem.localeCompare(b.ecosystem) || a.name.localeCompare(b.name));
  return { analyses, problems, crates: crates.size, versions, npm: npm.length };
}

function readNpm(file: string, out: NpmInput[], problems: string[]): void {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    problems.push(`${file}:1: not JSON: ${(err as Error).message}`);
    return;
  }
  const r = readPackument(value);
  if (!r.ok) return void problems.push(`${file}:1: not a packument: ${r.reason}`);
  for (const skipped of r.record.skippedVersions) problems.push(`${file}:1: version ${skipped}`);
  out.push({ name: r.record.name, latest: r.record.latest, versions: r.record.versions.map((v) => ({ num: v.num, facts: v.facts })) });
}

/** JSON files below a directory; a crates.io index's own config.json is not a package. */
function walkJson(root: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json') || entry.name === 'config.json') continue;
    out.push(path.join(entry.parentPath, entry.name));
  }
  return out.sort();
}

/** A plain-text table for people; `--json` prints the analyses themselves. */
export function formatAnalysisTable(r: AnalyzeResult): string {
  const rows = r.analyses.map((a) => [
    `${a.ecosystem === 'npm' ? 'npm:' : ''}${a.name}`,
    a.version ?? '-',
    a.profiles.cloud,
    a.profiles.wasm,
    a.profiles.embedded,
    a.ecosystem === 'npm' ? `rust ${a.rust}${a.binding ? ` (${a.binding.kind})` : ''}` : a.noStd,
    a.accelerators.join(',') || '-',
  ]);
  const head = ['package', 'version', 'cloud', 'wasm', 'embedded', 'no_std / rust', 'accelerators'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), ...rows.map(line), '', `${r.crates} crates (${r.versions} versions), ${r.npm} npm packages analysed; ${r.problems.length} problems`].join('\n');
}
