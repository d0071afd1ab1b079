import type { z } from 'zod';

/** The one error shape of every API response: `{ error: { code, message, issues? } }`. */
export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export interface ErrorIssue {
  path: (string | number)[];
  message: string;
  code?: string;
}

export interface ErrorBody {
  /** `details`: extra machine-readable context for the client (e.g. the header cells of a CSV to map) */
  error: { code: ErrorCode; message: string; issues?: ErrorIssue[]; details?: Record<string, unknown> };
}

export class AppError extends Error {
  readonly status: number;
  /** response headers that go with this error (e.g. Retry-After on a 429) */
  headers?: Record<string, string>;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorIssue[],
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = STATUS[code];
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.issues ? { issues: this.issues } : {}),
        ...(this.details ? { details: this.details } : {}),
      },
    };
  }

  static notFound(what: string): AppError {
    return new AppError('not_found', `${what} not found`);
  }

  static fromZod(err: z.ZodError, where: string): AppError {
    const issues = flattenUnions(err.issues).map((i) => ({
      path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
      message: i.message,
      code: i.code,
    }));
    const first = issues[0];
    const at = first && first.path.length ? ` at ${first.path.join('.')}` : '';
    return new AppError('validation_failed', `Invalid ${where}${at}: ${first?.message ?? 'invalid input'}`, issues);
  }
}

/**
 * A failed union (e.g. one offer or a batch of them) reports the issues of the alternative the input looks like —
 * the one with the fewest missing fields — instead of zod's bare "Invalid input".
 */
function flattenUnions(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((i) => {
    if (i.code !== 'invalid_union' || i.errors.length === 0) return [i];
    const missing = (branch: z.core.$ZodIssue[]) => branch.filter((b) => /received undefined$/.test(b.message)).length;
    const closest = i.errors.reduce((a, b) => (missing(b) < missing(a) ? b : a));
    return flattenUnions(closest.map((b) => ({ ...b, path: [...i.path, ...b.path] })));
  });
}

export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}
