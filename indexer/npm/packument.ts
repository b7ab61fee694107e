import semver from 'semver';
import { z } from 'zod';
import type { NpmVersionFacts } from '../../api/db/schema/index.js';
import { npmNameProblem } from '../../api/engine/formats/names.js';
import { jsonPath, jsonProblem, quote, storableJson } from '../../api/engine/formats/untrusted-json.js';
import type { PackageMeta, NpmVersionInput } from '../../api/packages/write.js';

const StrMap = z.record(z.string(), z.string());
const StrList = z.union([z.array(z.string()), z.string().transform((s) => [s])]);
const Repository = z.union([z.string(), z.looseObject({ url: z.string().optional(), directory: z.string().optional() })]);

/** One version's manifest as npm publishes it; only what decides where it runs is checked strictly. */
const VersionManifest = z.looseObject({
  name: z.string(),
  version: z.string(),
  description: z.string().optional(),
  keywords: z.array(z.string()).optional().catch(undefined),
  homepage: z.string().optional().catch(undefined),
  license: z.union([z.string(), z.looseObject({ type: z.string() })]).optional().catch(undefined),
  repository: Repository.optional().catch(undefined),
  os: StrList.optional(),
  cpu: StrList.optional(),
  libc: StrList.optional(),
  engines: StrMap.optional().catch(undefined),
  napi: z.unknown().optional(),
  main: z.string().optional().catch(undefined),
  files: z.array(z.string()).optional().catch(undefined),
  module: z.string().optional().catch(undefined),
  bin: z.union([z.string(), StrMap]).optional().catch(undefined),
  scripts: StrMap.optional().catch(undefined),
  gypfile: z.boolean().optional().catch(undefined),
  binary: z.looseObject({ napi_versions: z.array(z.number()).optional() }).optional().catch(undefined),
  dependencies: StrMap.optional().catch(undefined),
  devDependencies: StrMap.optional().catch(undefined),
  optionalDependencies: StrMap.optional().catch(undefined),
  deprecated: z.string().optional().catch(undefined),
  // People, for contributor credit: names only; e-mail addresses are never kept.
  author: z.union([z.string(), z.looseObject({ name: z.string() })]).optional().catch(undefined),
  maintainers: z.array(z.union([z.string(), z.looseObject({ name: z.string() })])).optional().catch(undefined),
  _npmUser: z.looseObject({ name: z.string() }).optional().catch(undefined),
  dist: z.looseObject({ shasum: z.string().optional(), integrity: z.string().optional(), tarball: z.string().optional(), fileCount: z.number().optional(), unpackedSize: z.number().optional() }).optional(),
});
type VersionManifest = z.infer<typeof VersionManifest>;

/** A full packument (`versions` is an object) or `npm view --json` output (`versions` is a list of numbers). */
const Document = z.looseObject({
  name: z.string().min(1),
  'dist-tags': StrMap.optional(),
  versions: z.union([z.record(z.string(), z.unknown()), z.array(z.string())]),
  time: z.record(z.string(), z.string()).optional(),
  version: z.string().optional(),
});

export type NpmPackageRecord = { name: string; meta: PackageMeta; versions: NpmVersionInput[]; skippedVersions: string[]; /** The `latest` dist-tag. */ latest: string | null };

/**
 * Turns a packument or `npm view --json` output into what Ferrite stores. A view file carries
 * the latest version's manifest only, so only that version gets facts; a version whose manifest is
 * malformed is reported by the caller and left out.
 *
 * Free text (descriptions, keywords, scripts…) keeps a NUL or a lone surrogate as U+FFFD; the
 * package name and version numbers must then still pass npm's own rules, so a name or version
 * that held one is refused, never stored altered.
 */
export function readPackument(value: unknown): { ok: true; record: NpmPackageRecord } | { ok: false; reason: string } {
  const tooDeep = jsonProblem(value, { text: false });
  if (tooDeep) return { ok: false, reason: tooDeep };
  const clean = storableJson(value);
  const doc = Document.safeParse(clean);
  if (!doc.success) return { ok: false, reason: issue(doc.error) };
  const d = doc.data;
  const badName = npmNameProblem(d.name);
  if (badName) return { ok: false, reason: `name ${quote(d.name)}: ${badName}` };
  const manifests: unknown[] = Array.isArray(d.versions) ? [clean] : Object.values(d.versions);
  const versions: NpmVersionInput[] = [];
  const skippedVersions: string[] = [];
  let latest: VersionManifest | null = null;
  let last: VersionManifest | null = null;
  const latestNum = d['dist-tags']?.latest ?? d.version;
  for (const raw of manifests) {
    const m = VersionManifest.safeParse(raw);
    if (!m.success) {
      skippedVersions.push(`${quote(String((raw as { version?: unknown })?.version ?? '?'))}: ${issue(m.error)}`);
      continue;
    }
    const v = m.data;
    // npm publishes only versions that parse as semver (loosely, as normalize-package-data reads them).
    if (!semver.valid(v.version, { loose: true })) {
      skippedVersions.push(`${quote(v.version)}: not a semantic version`);
      continue;
    }
    if (v.version === latestNum) latest = v;
    last = v;
    versions.push({ num: v.version, publishedAt: dateOrNull(d.time?.[v.version]), facts: factsOf(v) });
  }
  const src = latest ?? last;
  if (!src) return { ok: false, reason: 'no valid version manifest' };
  return {
    ok: true,
    record: {
      name: d.name,
      meta: {
        description: src.description ?? null,
        homepage: src.homepage ?? null,
        license: typeof src.license === 'string' ? src.license : src.license?.type ?? null,
        repository: repositoryUrl(src.repository),
        keywords: src.keywords ?? [],
      },
      versions,
      skippedVersions,
      latest: latestNum ?? null,
    },
  };
}

/** A `time` entry that is not a date is left out rather than stored as an invalid timestamp. */
function dateOrNull(s: string | undefined): Date | null {
  const d = s ? new Date(s) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
}

function factsOf(v: VersionManifest): NpmVersionFacts {
  const facts: NpmVersionFacts = {};
  if (v.os) facts.os = v.os;
  if (v.cpu) facts.cpu = v.cpu;
  if (v.libc) facts.libc = v.libc;
  if (v.engines) facts.engines = v.engines;
  if (v.napi !== undefined) facts.napi = v.napi;
  if (v.main) facts.main = v.main;
  if (v.files) facts.files = v.files;
  if (v.module) facts.module = v.module;
  if (v.bin) facts.bin = v.bin;
  if (v.scripts) facts.scripts = v.scripts;
  if (v.gypfile !== undefined) facts.gypfile = v.gypfile;
  if (v.binary?.napi_versions) facts.napiVersions = v.binary.napi_versions;
  if (v.dependencies) facts.dependencies = v.dependencies;
  if (v.devDependencies) facts.devDependencies = v.devDependencies;
  if (v.optionalDependencies) facts.optionalDependencies = v.optionalDependencies;
  if (v.deprecated) facts.deprecated = v.deprecated;
  if (v.repository) facts.repository = v.repository;
  if (v.dist) facts.dist = v.dist;
  const author = typeof v.author === 'string' ? v.author.replace(/\s*[<(].*$/, '').trim() : v.author?.name;
  if (author) facts.author = author;
  if (v.maintainers?.length) facts.maintainers = v.maintainers.map((m) => (typeof m === 'string' ? m.replace(/\s*[<(].*$/, '').trim() : m.name)).filter(Boolean);
  if (v._npmUser?.name) facts.publisher = v._npmUser.name;
  return facts;
}

/** `git+https://github.com/a/b.git` → `https://github.com/a/b`; shorthand `github:a/b` and `a/b` too. */
export function repositoryUrl(repo: VersionManifest['repository']): string | null {
  const raw = typeof repo === 'string' ? repo : repo?.url;
  if (!raw) return null;
  const shorthand = /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(raw);
  if (shorthand) return `https://github.com/${shorthand[1]}`;
  return raw.replace(/^git\+/, '').replace(/^git:\/\//, 'https://').replace(/^ssh:\/\/git@/, 'https://').replace(/\.git$/, '');
}

function issue(error: z.ZodError): string {
  const i = error.issues[0]!;
  return `${jsonPath(i.path)}: ${i.message}`;
}
