/**
 * The one error family of PromptSales. Each code has one HTTP status, fixed here, so handlers
 * never choose statuses themselves and clients can rely on `code` staying stable.
 */
export const errorCodes = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  payment_required: 402,
  quota_exceeded: 402,
  feature_not_in_plan: 402,
  subscription_past_due: 402,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  strategy_name_taken: 409,
  idempotency_key_reused: 422,
  unprocessable: 422,
  precondition_failed: 412,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  rate_limited: 429,
  headers_too_large: 431,
  internal: 500,
  dependency_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export interface FieldError {
  /** JSON pointer-ish dotted path to the offending field, e.g. `budget.amount`. */
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: {
      fields?: FieldError[];
      retryAfterSeconds?: number;
      [key: string]: unknown;
    } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = errorCodes[code];
  }

  static notFound(resource: string, id?: string): AppError {
    return new AppError(
      'not_found',
      id ? `${resource} ${id} was not found` : `${resource} was not found`,
    );
  }

  static validation(message: string, fields: FieldError[]): AppError {
    return new AppError('validation_failed', message, { fields });
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
