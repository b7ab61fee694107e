/**
 * Every error the API can answer, in one place. Services throw `new AppError(code, …)`;
 * api/lib/on-error.ts turns it into RFC 9457 problem+json (or an HTML page for the web).
 */
export const PROBLEMS = {
  invalidRequest: { status: 400, title: 'The request is not valid' },
  invalidCursor: { status: 400, title: 'The pagination cursor is not valid' },
  unauthorized: { status: 401, title: 'Authentication is required' },
  forbidden: { status: 403, title: 'This action is not allowed' },
  notFound: { status: 404, title: 'No such resource' },
  packageNotFound: { status: 404, title: 'No such package' },
  versionNotFound: { status: 404, title: 'No such version' },
  targetNotFound: { status: 404, title: 'No such target' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  payloadTooLarge: { status: 413, title: 'The request body is too large' },
  rateLimited: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Something went wrong on our side' },
  notAvailable: { status: 501, title: 'This part of Ferrite is not available yet' },
  searchUnavailable: { status: 503, title: 'Search is unavailable' },
  archiveUnavailable: { status: 503, title: 'The crate archive cannot be fetched from the upstream registry right now' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

export type FieldError = { path: string; message: string };

export class AppError extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly detail?: string;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;

  constructor(code: ProblemCode, opts: { detail?: string; errors?: FieldError[]; headers?: Record<string, string> } = {}) {
    super(opts.detail ?? PROBLEMS[code].title);
    this.code = code;
    this.status = PROBLEMS[code].status;
    this.detail = opts.detail;
    this.errors = opts.errors;
    this.headers = opts.headers;
  }
}

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: ProblemCode;
  requestId: string;
  instance?: string;
  errors?: FieldError[];
};

/** Problem type URIs are relative references to the human page that explains them. */
export function problemType(code: ProblemCode): string {
  return `/problems/${code}`;
}

export function toProblem(err: AppError, requestId: string, instance?: string): Problem {
  return {
    type: problemType(err.code),
    title: PROBLEMS[err.code].title,
    status: err.status,
    ...(err.detail ? { detail: err.detail } : {}),
    code: err.code,
    requestId,
    ...(instance ? { instance } : {}),
    ...(err.errors?.length ? { errors: err.errors } : {}),
  };
}
