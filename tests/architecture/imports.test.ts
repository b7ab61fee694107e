import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Imports point one way (CONVENTIONS.md): the rules live in .dependency-cruiser.cjs and are checked
 * by dependency-cruiser over the real source, so a new upward import or loop fails `npm test`.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('the house’s floors', () => {
  it('have no upward import, no import loop, no database in the pages and a pure engine', () => {
    const out = execFileSync(path.join(ROOT, 'node_modules', '.bin', 'depcruise'), ['api', 'web', 'indexer', 'bin', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const result = JSON.parse(out) as { summary: { violations: { rule: { name: string }; from: string; to: string }[]; totalCruised: number } };
    expect(result.summary.totalCruised).toBeGreaterThan(150);
    expect(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  }, 60_000);
});
