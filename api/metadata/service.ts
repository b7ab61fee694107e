import { and, desc, eq, inArray } from 'drizzle-orm';
import semver from 'semver';
import { parse as parseToml } from 'smol-toml';
import type { Principal } from '../accounts/principal.js';
import { requireScope } from '../accounts/principal.js';
import type { Database, DbOrTx } from '../db/client.js';
import { compatClaims, metadataRevisions, targets, users, versions } from '../db/schema/index.js';
import { SEARCH_TOPIC, enqueue } from '../outbox/topics.js';
import { audit } from '../lib/audit.js';
import { zodFieldErrors } from '../lib/on-error.js';
import { AppError } from '../lib/problems.js';
import { requireOwner } from '../owners/service.js';
import { requirePackage } from '../packages/service.js';
import { CLAIM_STATUS, type Manifest, MetadataManifest } from './manifest.js';
import { creditFerriteActivity } from '../contributors/import.js';
import { logRegistryChange } from '../transparency/registry-log.js';

/** Reads a manifest body as JSON or TOML; a body that is neither names the problem. */
export function readManifestBody(text: string, format: 'json' | 'toml'): Manifest {
  let raw: unknown;
  try {
    raw = format === 'json' ? JSON.parse(text) : parseToml(text);
  } catch (err) {
    throw new AppError('invalidRequest', { detail: `The body is not valid ${format.toUpperCase()}: ${(err as Error).message.split('\n')[0]}` });
  }
  return parseManifest(raw);
}

export function parseManifest(raw: unknown): Manifest {
  const r = MetadataManifest.safeParse(raw);
  if (!r.success) throw new AppError('invalidRequest', { detail: 'The metadata manifest is not valid.', errors: zodFieldErrors(r.error) });
  return r.data;
}

/** The declared claims one manifest makes about each version it covers. */
function declaredClaims(m: Manifest, revisionId: number, username: string) {
  const evidence = (subject: string, d?: { note?: string; features?: string[] }) => [
    {
      claim: subject,
      source: `metadata revision ${revisionId}`,
      detail: [`declared by ${username}`, d?.features?.length ? `with features ${d.features.join(', ')}` : '', d?.note ?? ''].filter(Boolean).join('; '),
    },
  ];
  const out: { subject: string; status: string; evidence: ReturnType<typeof evidence> }[] = [];
  for (const [p, d] of Object.entries(m.profiles)) out.push({ subject: `profile:${p}`, status: CLAIM_STATUS[d!.status], evidence: evidence(`profile:${p}`, d) });
  for (const [t, d] of Object.entries(m.targets)) out.push({ subject: `target:${t}`, status: CLAIM_STATUS[d.status], evidence: evidence(`target:${t}`, d) });
  if (m.nostd) out.push({ subject: 'nostd', status: m.nostd, evidence: evidence('nostd') });
  for (const a of m.accelerators ?? []) out.push({ subject: `accel:${a}`, status: 'yes', evidence: evidence(`accel:${a}`) });
  return out;
}

/**
 * Publishes a manifest: checks the credential (scope, glob, ownership), validates it against the
 * catalog (known targets, covered versions), keeps it as a new revision, and replaces the
 * package's declared claims with the new ones: all in one transaction with its audit entry and
 * its search update.
 */
export async function publishMetadata(database: Database, principal: Principal | undefined, ecosystem: 'crates' | 'npm', name: string, manifest: Manifest, format: 'json' | 'toml' | 'form', at: Date) {
  return database.db.transaction(async (tx) => {
    const pkg = await requirePackage(tx, ecosystem, name);
    const user = requireScope(principal, 'metadata:write', pkg.name);
    await requireOwner(tx, pkg, user);
    const triples = Object.keys(manifest.targets);
    if (triples.length) {
      const known = new Set((await tx.select({ t: targets.triple }).from(targets).where(inArray(targets.triple, triples))).map((r) => r.t));
      const unknown = triples.filter((t) => !known.has(t));
      if (unknown.length) throw new AppError('invalidRequest', { detail: 'Some targets are not targets rustc knows.', errors: unknown.map((t) => ({ path: `targets.${t}`, message: 'unknown target' })) });
    }
    const all = await tx.select({ id: versions.id, num: versions.num, yanked: versions.yanked }).from(versions).where(eq(versions.packageId, pkg.id));
    const covered = all.filter((v) => !v.yanked && semver.satisfies(v.num, manifest.versions, { includePrerelease: true, loose: true }));
    if (!covered.length) throw new AppError('invalidRequest', { detail: `No published version of ${pkg.name} matches '${manifest.versions}'.`, errors: [{ path: 'versions', message: 'matches no published version' }] });
    const [rev] = await tx
      .insert(metadataRevisions)
      .values({ packageId: pkg.id, userId: user.id, tokenId: principal!.kind === 'token' ? principal!.tokenId : null, format, manifest: manifest as Record<string, unknown>, createdAt: at })
      .returning({ id: metadataRevisions.id });
    await tx.delete(compatClaims).where(and(eq(compatClaims.sourceKind, 'declared'), inArray(compatClaims.versionId, all.map((v) => v.id))));
    const claims = declaredClaims(manifest, rev!.id, user.username);
    const rows = covered.flatMap((v) => claims.map((c) => ({ versionId: v.id, subject: c.subject, status: c.status, sourceKind: 'declared' as const, source: `user:${user.username}`, evidence: c.evidence, createdAt: at })));
    for (let i = 0; i < rows.length; i += 2000) await tx.insert(compatClaims).values(rows.slice(i, i + 2000));
    await audit(tx, { principal: principal!, action: 'metadata.published', subjectType: 'package', subjectKey: String(pkg.id), data: { revision: rev!.id, format, versions: covered.length } });
    await enqueue(tx, SEARCH_TOPIC, [pkg.id]);
    await creditFerriteActivity(tx, user.id);
    const logged = await logRegistryChange(tx, at, {
      kind: 'declared-metadata',
      package: `${pkg.ecosystem}/${pkg.name}`,
      by: user.username,
      revision: rev!.id,
      versions: manifest.versions,
      claims: claims.map((c) => ({ subject: c.subject, status: c.status })).sort((a, b) => a.subject.localeCompare(b.subject)),
      maintenance: manifest.maintenance?.status ?? null,
    });
    return { revision: rev!.id, versionsCovered: covered.length, claims: rows.length, log: logged };
  });
}

/** The newest manifest of a package with who published it, or null. */
export async function currentMetadata(db: DbOrTx, packageId: number) {
  const [row] = await metadataHistory(db, packageId, 1);
  return row ?? null;
}

export function metadataHistory(db: DbOrTx, packageId: number, limit = 50) {
  return db
    .select({ revision: metadataRevisions.id, manifest: metadataRevisions.manifest, format: metadataRevisions.format, publishedBy: users.username, tokenId: metadataRevisions.tokenId, publishedAt: metadataRevisions.createdAt })
    .from(metadataRevisions)
    .innerJoin(users, eq(users.id, metadataRevisions.userId))
    .where(eq(metadataRevisions.packageId, packageId))
    .orderBy(desc(metadataRevisions.id))
    .limit(limit)
    .then((rows) => rows.map((r) => ({ ...r, manifest: r.manifest as Manifest })));
}
