/**
 * A PostgreSQL server that cannot be used at start-up is an operator's problem, not a bug: say
 * what is wrong in one line (where, and why), with no stack, and never the password from the URL.
 */
export class DatabaseConnectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseConnectError';
  }
}

type Failure = { code?: string; message?: string; errors?: unknown[]; cause?: unknown };

/** Network failures by errno, said the way an operator checks them. */
const NETWORK: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'timed out',
  CONNECT_TIMEOUT: 'timed out',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOENT: 'no such socket',
  EACCES: 'permission denied',
};

export function toDatabaseConnectError(err: unknown, url: string): DatabaseConnectError {
  const target = describeTarget(url);
  const cause = rootCause(err);
  const code = cause.code ?? '';
  const server = redact(cause.message ?? String(err), url);
  if (NETWORK[code]) {
    return new DatabaseConnectError(`cannot reach PostgreSQL at ${target.where} (${NETWORK[code]}); check that the server runs and that DATABASE_URL names its host and port`);
  }
  if (code === '3D000') {
    return new DatabaseConnectError(`database "${target.database}" does not exist on PostgreSQL at ${target.where}; create it (createdb ${target.database}) or fix DATABASE_URL`);
  }
  if (code === '28P01' || code === '28000' || code.startsWith('SASL') || code === 'AUTH_TYPE_NOT_IMPLEMENTED') {
    return new DatabaseConnectError(`authentication failed for user "${target.user}" at PostgreSQL ${target.where}: ${server}`);
  }
  if (code === '57P03') return new DatabaseConnectError(`PostgreSQL at ${target.where} is starting up or shutting down; try again shortly`);
  if (code === '53300') return new DatabaseConnectError(`PostgreSQL at ${target.where} has no free connections: ${server}`);
  return new DatabaseConnectError(`cannot connect to PostgreSQL at ${target.where}: ${server}`);
}

/** Drizzle wraps the driver's error in `cause`; Node's happy-eyeballs connect gives an AggregateError. */
function rootCause(err: unknown): Failure {
  let e = (err ?? {}) as Failure;
  for (let depth = 0; depth < 5; depth++) {
    if (e.code) return e;
    const next = e.cause ?? e.errors?.[0];
    if (!next || typeof next !== 'object') return e;
    e = next as Failure;
  }
  return e;
}

function describeTarget(url: string) {
  try {
    const u = new URL(url);
    const port = u.port || '5432';
    return {
      where: `${u.hostname || 'localhost'}:${port}`,
      database: decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres',
      user: decodeURIComponent(u.username) || 'postgres',
    };
  } catch {
    return { where: 'the server in DATABASE_URL', database: '(from DATABASE_URL)', user: '(from DATABASE_URL)' };
  }
}

/** A driver message should never hold the password, but nothing printed is allowed to. */
function redact(text: string, url: string): string {
  let password = '';
  try {
    password = new URL(url).password;
  } catch {
    return text.replaceAll(url, '***');
  }
  if (!password) return text;
  let out = text;
  for (const p of new Set([password, safeDecode(password)])) if (p) out = out.replaceAll(p, '***');
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
