/**
 * Salesforce's REST error answers (an array `[{message, errorCode, fields}]`) as errors the sync
 * can tell apart: a refused session stops the connection, the request limit or an outage is worth
 * another attempt, anything else fails the call plainly.
 */
export class SalesforceError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'SalesforceError';
  }
}

/** 401 `INVALID_SESSION_ID`: the access token expired or was revoked. */
export class SalesforceAuthError extends SalesforceError {}

/**
 * One entry of Salesforce's error array; a Composite sObject Collections record's `errors` name
 * the code `statusCode` instead.
 */
export interface SalesforceErrorEntry {
  message?: string;
  errorCode?: string;
  statusCode?: string;
  fields?: string[];
}

/** The first entry of an error array, or of a body that is not one (a proxy's page). */
function firstEntry(body: unknown): SalesforceErrorEntry {
  const entry: unknown = Array.isArray(body) ? body[0] : body;
  return typeof entry === 'object' && entry !== null ? (entry as SalesforceErrorEntry) : {};
}

/** "REQUIRED_FIELD_MISSING: Required fields are missing: [LastName] (LastName)". */
export function describeEntry(entry: SalesforceErrorEntry): string {
  const fields = entry.fields?.length ? ` (${entry.fields.join(', ')})` : '';
  return `${entry.errorCode ?? entry.statusCode ?? 'UNKNOWN'}: ${entry.message ?? 'no message'}${fields}`;
}

/** The error of a non-2xx answer, from its status and Salesforce's error array when it has one. */
export function salesforceErrorOf(status: number, body: unknown): SalesforceError {
  const entry = firstEntry(body);
  const message = `Salesforce answered ${status}: ${describeEntry(entry)}`;
  if (status === 401) return new SalesforceAuthError(status, entry.errorCode, message);
  return new SalesforceError(status, entry.errorCode, message);
}

/**
 * Worth retrying: `REQUEST_LIMIT_EXCEEDED` (a 403, the org's rolling 24-hour API limit or too
 * many concurrent long requests) and Salesforce's own outages (503 during maintenance, other 5xx).
 */
export function isTransientSalesforceError(error: unknown): boolean {
  if (error instanceof SalesforceError)
    return error.errorCode === 'REQUEST_LIMIT_EXCEEDED' || error.status >= 500;
  // fetch itself failed: connection refused or reset.
  return error instanceof TypeError;
}
