import { osvEvents } from '../engine/advisories/affected.js';
import type { AdvisoryRow } from './service.js';
import { kindOf } from './status.js';

/** The RustSec site's page for an advisory: the reference OSV consumers link to. */
const advisoryPage = (id: string) => `https://rustsec.org/advisories/${id}.html`;
const dayStart = (d: string) => `${d}T00:00:00Z`;

/**
 * An advisory in the OSV format, schema 1.6 (ossf.github.io/osv-schema), shaped as RustSec's own
 * export: one `affected` entry for the crate with one SEMVER range whose events are the gaps
 * between the patched and unaffected requirements; `ecosystem_specific.affects` carries the
 * functions, architectures and systems, and `informational` the kind of notice.
 */
export function toOsv(a: AdvisoryRow) {
  const cvssType = a.cvss?.startsWith('CVSS:4') ? 'CVSS_V4' : 'CVSS_V3';
  return {
    schema_version: '1.6.0',
    id: a.id,
    modified: a.updatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    published: dayStart(a.date),
    ...(a.withdrawn ? { withdrawn: dayStart(a.withdrawn) } : {}),
    aliases: a.aliases,
    related: a.related,
    summary: a.title,
    details: a.description,
    ...(a.cvss ? { severity: [{ type: cvssType, score: a.cvss }] } : {}),
    affected: [
      {
        package: { ecosystem: 'crates.io', name: a.package, purl: `pkg:cargo/${a.package}` },
        ranges: [{ type: 'SEMVER', events: osvEvents(a) }],
        ecosystem_specific: {
          affects: { arch: a.affected.arch, os: a.affected.os, functions: Object.keys(a.affected.functions) },
          ...(a.informational ? { informational: a.informational } : {}),
        },
      },
    ],
    references: [
      { type: 'ADVISORY', url: advisoryPage(a.id) },
      ...(a.url ? [{ type: /\/(advisories|security)\/|cve\.org|nvd\.nist\.gov/.test(a.url) ? 'ADVISORY' : 'REPORT', url: a.url }] : []),
      ...a.references.map((url) => ({ type: 'WEB', url })),
    ],
    database_specific: {
      license: a.license ?? 'CC0-1.0',
      kind: kindOf(a),
      categories: a.categories,
      keywords: a.keywords,
      cvss: a.cvss,
      informational: a.informational,
      source: a.sourcePath,
    },
  };
}

export { advisoryPage };
