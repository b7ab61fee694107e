import { parse as parseToml } from 'smol-toml';
import { crateNameProblem } from '../engine/formats/names.js';
import { quote, storableText } from '../engine/formats/untrusted-json.js';
import type { ArchiveManifest } from './facts-types.js';

export type ArchiveManifestResult = { ok: true; manifest: ArchiveManifest } | { ok: false; reason: string };

const str = (v: unknown) => (typeof v === 'string' ? storableText(v) : undefined);
const strs = (v: unknown) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v.map(storableText) : undefined);
const table = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/**
 * Reads the Cargo.toml cargo packaged into a `.crate`. `cargo package` normalises it (workspace
 * inheritance resolved, `readme` pointing inside the package), so the file alone is complete.
 */
export function readArchiveManifest(text: string): ArchiveManifestResult {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (err) {
    // The parser quotes the text around the error, which may hold anything.
    return { ok: false, reason: `Cargo.toml is not TOML: ${storableText((err as Error).message.split('\n')[0]!)}` };
  }
  const pkg = table(doc.package);
  if (!pkg || typeof pkg.name !== 'string' || typeof pkg.version !== 'string') return { ok: false, reason: 'Cargo.toml has no [package] name and version' };
  const badName = crateNameProblem(pkg.name);
  if (badName) return { ok: false, reason: `Cargo.toml name ${quote(pkg.name)}: ${badName}` };
  const m: ArchiveManifest = { name: pkg.name, version: storableText(pkg.version) };
  const set = <K extends keyof ArchiveManifest>(k: K, v: ArchiveManifest[K] | undefined) => {
    if (v !== undefined) m[k] = v;
  };
  set('description', str(pkg.description)?.trim());
  set('license', str(pkg.license));
  set('licenseFile', str(pkg['license-file']));
  set('repository', str(pkg.repository));
  set('homepage', str(pkg.homepage));
  set('documentation', str(pkg.documentation));
  set('keywords', strs(pkg.keywords));
  set('categories', strs(pkg.categories));
  set('readme', pkg.readme === false ? false : str(pkg.readme));
  set('rustVersion', str(pkg['rust-version']));
  set('edition', str(pkg.edition));
  set('maintenance', str(table(table(doc.badges)?.maintenance)?.status));
  const metadata = table(pkg.metadata);
  const docsRs = table(metadata?.['docs.rs']) ?? table(table(metadata?.docs)?.rs);
  if (docsRs) {
    const d: NonNullable<ArchiveManifest['docsRs']> = {};
    if (str(docsRs['default-target'])) d.defaultTarget = str(docsRs['default-target']);
    if (strs(docsRs.targets)) d.targets = strs(docsRs.targets);
    set('docsRs', d);
  }
  const libPath = str(table(doc.lib)?.path);
  if (libPath && libPath !== 'src/lib.rs') m.libPath = libPath.replace(/^\.\//, '');
  return { ok: true, manifest: m };
}
