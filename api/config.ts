import path from 'node:path';
import { z } from 'zod';

/**
 * Configuration is read once, from the environment, at the entry point.
 * Absent DATABASE_URL → embedded PGlite under FERRITE_DATA_DIR; absent MEILI_HOST → Postgres search.
 */
const EnvSchema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  FERRITE_DATA_DIR: z.string().min(1).default('.ferrite'),
  MEILI_HOST: z.url().optional(),
  MEILI_API_KEY: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z.enum(['0', '1', 'false', 'true']).default('0'),
  GITHUB_CLIENT_ID: z.string().optional(),
  GITHUB_CLIENT_SECRET: z.string().optional(),
  FERRITE_LOG_KEY: z.string().optional(),
  FERRITE_UPSTREAM_INDEX: z.union([z.literal('none'), z.url({ protocol: /^(sparse\+)?https?$/ })]).optional(),
  CARGO_HOME: z.string().optional(),
}).refine((e) => !e.GITHUB_CLIENT_ID === !e.GITHUB_CLIENT_SECRET, { message: 'set both GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET, or neither', path: ['GITHUB_CLIENT_SECRET'] });

export type Config = {
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  search: { kind: 'meilisearch'; host: string; apiKey?: string } | { kind: 'postgres' };
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** Behind a reverse proxy: clients are known by the address it appends to X-Forwarded-For. */
  trustProxy: boolean;
  /** GitHub sign-in (OAuth), when its client is configured. */
  github: { clientId: string; clientSecret: string } | null;
  /** The Ed25519 key (PKCS#8 PEM, or its DER in base64) that signs log checkpoints; unset → generated once and kept in the database. */
  logKey: string | null;
  /** The `.crate` store (`<data dir>/archives`) and where missing archives come from (mirror mode). */
  archives: {
    dir: string;
    /** FERRITE_UPSTREAM_INDEX as set: a sparse index URL, `none`, or unset (the registry cargo here uses). */
    upstreamSetting: string | undefined;
    cargoHome: string | undefined;
  };
};

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.FERRITE_DATA_DIR);
  return {
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'db') },
    search: e.MEILI_HOST
      ? { kind: 'meilisearch', host: e.MEILI_HOST, apiKey: e.MEILI_API_KEY }
      : { kind: 'postgres' },
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/$/, ''),
    dataDir,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY === '1' || e.TRUST_PROXY === 'true',
    github: e.GITHUB_CLIENT_ID && e.GITHUB_CLIENT_SECRET ? { clientId: e.GITHUB_CLIENT_ID, clientSecret: e.GITHUB_CLIENT_SECRET } : null,
    logKey: e.FERRITE_LOG_KEY ?? null,
    archives: { dir: path.join(dataDir, 'archives'), upstreamSetting: e.FERRITE_UPSTREAM_INDEX, cargoHome: e.CARGO_HOME },
  };
}

/** Empty strings in the environment mean "unset", as shells commonly export them. */
function stripEmpty(env: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
}

/** A database URL with its password masked, for start-up logs. */
export function describeDatabase(db: Config['database']): string {
  if (db.kind === 'pglite') return `embedded PostgreSQL (PGlite) in ${db.dataDir}`;
  const u = new URL(db.url);
  if (u.password) u.password = '***';
  return `PostgreSQL server ${u.toString()}`;
}
