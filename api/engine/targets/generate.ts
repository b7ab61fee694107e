/**
 * Regenerates targets.json from the installed rustc: every triple of `rustc --print target-list`
 * with its `--print cfg` values, and tier, std and host-tools support from the platform-support
 * page of the same toolchain's bundled docs (rustup's rust-docs component).
 *
 *   npm run gen:targets
 *
 * Run it when moving to a newer rustc, and commit the result.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCfgLines } from '../compat/cfg.js';
import type { TargetsFile, TargetInfo } from './data.js';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'targets.json');
const rustc = (...args: string[]) => execFileSync('rustc', args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });

type Support = Pick<TargetInfo, 'tier' | 'hostTools' | 'std' | 'notes'>;

/** Rows of the tier tables: `<h2 id="tier-…">` sections, each a table of target, [std], [host], notes. */
function parsePlatformSupport(html: string): Map<string, Support> {
  const out = new Map<string, Support>();
  const sections = html.split(/<h2 id="(tier-[a-z0-9-]+)"/).slice(1);
  for (let i = 0; i < sections.length; i += 2) {
    const id = sections[i]!;
    const body = sections[i + 1]!;
    const tier = /^tier-(\d)/.exec(id)?.[1] ?? null;
    const headers = [...(/<tr><th>[\s\S]*?<\/tr>/.exec(body)?.[0] ?? '').matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((m) => text(m[1]!));
    for (const row of body.matchAll(/<tr><td>([\s\S]*?)<\/tr>/g)) {
      const cells = [...`<td>${row[1]}`.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => text(m[1]!));
      const col = (name: string) => cells[headers.indexOf(name)];
      const triple = cells[0]!.replace(/\s*\[.*$/, '').trim();
      if (!triple || out.has(triple)) continue;
      const std = id.startsWith('tier-1') || id === 'tier-2-with-host-tools' ? 'yes' : stdOf(col('std'));
      const hostTools = id.endsWith('with-host-tools') ? true : id.endsWith('without-host-tools') || id === 'tier-1' ? false : col('host') === '✓' ? true : col('host') === '' ? false : null;
      out.set(triple, { tier, hostTools, std, notes: col('notes') ?? null });
    }
  }
  return out;
}

function stdOf(cell: string | undefined): TargetInfo['std'] {
  if (!cell) return 'unknown';
  if (cell.includes('✓')) return 'yes';
  if (cell.startsWith('*')) return 'no';
  return cell.includes('?') ? 'unknown' : 'partial';
}

function text(html: string): string {
  return html.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/\s+/g, ' ').trim();
}

const version = rustc('--version').trim();
const docs = path.join(rustc('--print', 'sysroot').trim(), 'share', 'doc', 'rust', 'html', 'rustc', 'platform-support.html');
const support = fs.existsSync(docs) ? parsePlatformSupport(fs.readFileSync(docs, 'utf8')) : new Map<string, Support>();
if (support.size === 0) process.stderr.write(`no platform-support page at ${docs}: tiers will be unknown\n`);
const triples = rustc('--print', 'target-list').split('\n').filter(Boolean);
const targets: TargetInfo[] = triples.map((triple) => ({
  triple,
  ...(support.get(triple) ?? { tier: null, hostTools: null, std: 'unknown' as const, notes: null }),
  cfg: parseCfgLines(rustc('--print', 'cfg', '--target', triple).split('\n')),
}));
const file: TargetsFile = { rustc: version, targets };
fs.writeFileSync(OUT, JSON.stringify(file, null, 1) + '\n');
process.stdout.write(`${targets.length} targets from ${version} → ${OUT}\n`);
