/**
 * An error as it may be logged: type, message, code, stack frames and causes, and nothing that
 * carries data. Drizzle's "Failed query" message and its `params` hold the SQL parameters (names,
 * emails, token hashes); PostgreSQL's `detail` repeats row values, and its data-exception
 * messages (class 22, such as `invalid input syntax for type integer: "…"`) quote the input.
 */
export type SafeError = { type: string; message: string; code?: string; stack?: string; cause?: SafeError };

export function safeError(err: unknown, depth = 0): SafeError {
  if (isSafeShape(err)) return reshaped(err, depth);
  if (!(err instanceof Error)) return { type: typeof err, message: typeof err === 'string' ? withoutParams(err).slice(0, 500) : '(not an Error)' };
  const raw = (err as Error & { code?: unknown }).code;
  const code = typeof raw === 'string' ? raw : undefined;
  const message = code?.startsWith('22') && isPostgresError(err) ? '(data exception; message withheld)' : withoutParams(err.message);
  const frames = (err.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const out: SafeError = { type: err.name, message, ...(code ? { code } : {}) };
  if (frames.length) out.stack = [`${err.name}: ${message}`, ...frames].join('\n');
  if (err.cause !== undefined && depth < 3) out.cause = safeError(err.cause, depth + 1);
  return out;
}

/**
 * Already made safe (the logger's `err` serializer may meet what a caller passed through safeError):
 * kept, by its known fields only.
 */
function isSafeShape(v: unknown): v is SafeError {
  return typeof v === 'object' && v !== null && !(v instanceof Error) && Object.getPrototypeOf(v) === Object.prototype
    && typeof (v as SafeError).type === 'string' && typeof (v as SafeError).message === 'string';
}

function reshaped(v: SafeError, depth: number): SafeError {
  const out: SafeError = { type: v.type, message: withoutParams(v.message) };
  if (typeof v.code === 'string') out.code = v.code;
  if (typeof v.stack === 'string') out.stack = v.stack.split('\n').filter((line, i) => i === 0 ? true : /^\s+at /.test(line)).map((line, i) => (i === 0 ? `${v.type}: ${out.message}` : line)).join('\n');
  if (v.cause !== undefined && depth < 3) out.cause = safeError(v.cause, depth + 1);
  return out;
}

/** Drizzle's message is `Failed query: <sql>\nparams: <values>`: the query (placeholders only) stays. */
function withoutParams(message: string): string {
  const at = message.search(/\r?\nparams:/);
  return at === -1 ? message : message.slice(0, at);
}

function isPostgresError(err: Error): boolean {
  return err.name === 'PostgresError' || 'severity' in err;
}
