import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArchiveFacts } from '../../api/archives/extract.js';
import { renderReadme } from '../../api/archives/readme.js';
import { packCrate } from './crate-files.js';

const HOSTILE = fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'hostile-readme.md'), 'utf8');
const COMMIT = '0123456789abcdef0123456789abcdef01234567';

describe('README rendering', () => {
  const html = renderReadme(HOSTILE, { repository: 'https://github.com/owner/repo.git', commit: COMMIT, pathInVcs: 'crates/hostile', readmePath: 'README.md' });

  it('drops scripts, event handlers, javascript: and data: URLs, frames, objects, forms and styles', () => {
    expect(html).not.toMatch(/<script|alert\(/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/data:/i);
    expect(html).not.toMatch(/<iframe|<object|<embed|<form|<style/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/type="password"/);
    expect(html).not.toContain('evil.example');
  });

  it('keeps harmless HTML and Markdown structure', () => {
    expect(html).toContain('<h3>Hostile README</h3>');
    expect(html).toContain('<details><summary>Kept</summary>HTML that is allowed stays.</details>');
    expect(html).toContain('<a href="https://example.org/page" rel="nofollow ugc noopener">absolute link</a>');
  });

  it('resolves relative links to the repository blob and images to raw files, at the packaged commit and folder', () => {
    expect(html).toContain(`href="https://github.com/owner/repo/blob/${COMMIT}/crates/hostile/docs/guide.md"`);
    expect(html).toContain(`src="https://raw.githubusercontent.com/owner/repo/${COMMIT}/crates/hostile/images/logo.png"`);
    // A leading slash means the repository root; `../` cannot climb above it.
    expect(html).toContain(`href="https://github.com/owner/repo/blob/${COMMIT}/LICENSE-MIT"`);
    expect(html).toContain(`href="https://github.com/owner/repo/blob/${COMMIT}/escape.md"`);
  });

  it('follows GitLab\'s URL layout, and drops relative references it cannot resolve on other hosts', () => {
    const gitlab = renderReadme('[a](docs/a.md) ![i](i.png)', { repository: 'https://gitlab.com/group/sub/project', readmePath: 'README.md' });
    expect(gitlab).toContain('href="https://gitlab.com/group/sub/project/-/blob/HEAD/docs/a.md"');
    expect(gitlab).toContain('src="https://gitlab.com/group/sub/project/-/raw/HEAD/i.png"');
    const other = renderReadme('[a](docs/a.md) ![i](i.png)', { repository: 'https://git.example.org/project', readmePath: 'README.md' });
    expect(other).not.toMatch(/href=|src=/);
    expect(other).toContain('>a</a>');
  });

  it('shows a plain-text README as text, not markup', () => {
    expect(renderReadme('<b>not bold</b>', { readmePath: 'README.txt' }, 'text')).toBe('<pre>&lt;b&gt;not bold&lt;/b&gt;</pre>');
  });
});

describe('reading a hostile archive', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-hostile-'));
  const manifest = '[package]\nname = "hostile"\nversion = "1.0.0"\nrepository = "https://github.com/owner/repo"\nreadme = "docs/READ.md"\n';

  it('reads the README Cargo.toml names, and ignores entries outside the package folder', async () => {
    const file = path.join(dir, 'ok.crate');
    await packCrate(file, [
      ['hostile-1.0.0/Cargo.toml', manifest],
      ['hostile-1.0.0/src/lib.rs', '//! docs\n#![cfg_attr(all(not(feature = "std"), not(test)), no_std)]\n'],
      ['hostile-1.0.0/docs/READ.md', HOSTILE],
      ['../../outside/evil.sh', 'rm -rf /'],
      ['hostile-1.0.0/../../etc/passwd', 'x'],
    ]);
    const facts = await extractArchiveFacts(file, 'hostile', '1.0.0');
    expect(facts.readmePath).toBe('docs/READ.md');
    expect(facts.readmeHtml).toContain('href="https://github.com/owner/repo/blob/HEAD/docs/docs/guide.md"');
    expect(facts.readmeHtml).not.toMatch(/<script/);
    expect(facts.noStd).toMatchObject({ kind: 'without-std-feature', feature: 'std' });
    expect(facts.problems.join()).toMatch(/1 entries outside hostile-1.0.0\/ ignored/);
    expect(fs.existsSync(path.join(dir, '..', 'outside'))).toBe(false);
  });

  it('refuses an archive whose Cargo.toml names another crate or version', async () => {
    const file = path.join(dir, 'other.crate');
    await packCrate(file, [['hostile-1.0.0/Cargo.toml', manifest.replace('1.0.0', '2.0.0')]]);
    await expect(extractArchiveFacts(file, 'hostile', '1.0.0')).rejects.toThrow(/says hostile 2.0.0/);
  });

  it('stops at the entry limit and the unpacked size limit, and refuses what is not a gzip\'d tar', async () => {
    const { scanArchive } = await import('../../api/archives/read-archive.js');
    const many = path.join(dir, 'many.crate');
    await packCrate(many, Array.from({ length: 50 }, (_, i) => [`hostile-1.0.0/f${i}`, 'x'] as [string, string]));
    await expect(scanArchive(many, 'hostile-1.0.0', () => true, { maxEntries: 10, maxUnpackedBytes: 1e9, maxTextBytes: 1e6 })).rejects.toThrow(/more than 10 entries/);
    const big = path.join(dir, 'big.crate');
    await packCrate(big, [['hostile-1.0.0/big', 'y'.repeat(5_000_000)]]);
    await expect(scanArchive(big, 'hostile-1.0.0', () => true, { maxEntries: 10, maxUnpackedBytes: 1_000_000, maxTextBytes: 1e6 })).rejects.toThrow(/unpacks to more than/);
    const junk = path.join(dir, 'junk.crate');
    fs.writeFileSync(junk, 'not gzip at all');
    await expect(extractArchiveFacts(junk, 'hostile', '1.0.0')).rejects.toThrow(/not a readable .crate/);
  });
});
