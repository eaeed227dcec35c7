import { isTransientError } from '../db/transient-error.js';
import { isAppError } from './app-error.js';

/**
 * An error whose message is written for the person whose work it stopped (an AI provider's
 * refusal, say), as opposed to a driver's or the runtime's message, which may quote SQL.
 */
export interface UserFacingError extends Error {
  readonly userFacing: true;
}

function isUserFacing(error: unknown): error is UserFacingError {
  return error instanceof Error && (error as Partial<UserFacingError>).userFacing === true;
}

/**
 * What a failed job may store for the user to read (`failure_reason`): plain language, never SQL
 * or a stack. The error itself goes to the log.
 */
export function userFacingReason(error: unknown): string {
  if (isAppError(error) || isUserFacing(error)) return error.message.slice(0, 500);
  if (isTransientError(error))
    return 'A temporary outage kept this from finishing; please retry it.';
  return 'An unexpected error stopped this; it has been logged for the team.';
}
