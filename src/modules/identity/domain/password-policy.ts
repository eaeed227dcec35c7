import type { FieldError } from '../../../platform/errors/app-error.js';
import { isGuessablePassword } from './guessable-password.js';

export const minPasswordLength = 12;
export const maxPasswordLength = 256;

const classes: RegExp[] = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];

/**
 * Strength rules, all reported at once so the form can show every problem: long enough, more than
 * one kind of character, not built around the person's own email name, and not a common
 * (breached) password or an easy variant of one.
 */
export function passwordProblems(
  password: string,
  email: string,
  field = 'body.password',
): FieldError[] {
  const problems: FieldError[] = [];
  if (password.length < minPasswordLength)
    problems.push({ field, message: `must be at least ${minPasswordLength} characters long` });
  if (password.length > maxPasswordLength)
    problems.push({ field, message: `must be at most ${maxPasswordLength} characters long` });
  if (classes.filter((pattern) => pattern.test(password)).length < 2)
    problems.push({
      field,
      message:
        'must mix at least two kinds of characters (lower case, upper case, digits, symbols)',
    });
  const localPart = email.split('@')[0]?.trim().toLowerCase() ?? '';
  if (localPart.length >= 3 && password.toLowerCase().includes(localPart))
    problems.push({ field, message: 'must not contain the name part of your email address' });
  // The costly check only for a password that passes the cheap ones.
  if (problems.length === 0 && isGuessablePassword(password))
    problems.push({
      field,
      message: 'is a common password or too close to one; choose a less predictable one',
    });
  return problems;
}
