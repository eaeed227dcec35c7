import type { TFunction } from 'i18next';
import { z } from 'zod';
import { currencyExponent } from '../i18n/format';

/** Splits "a, b  c" or one per line into a clean list. */
export function listOf(text: string, separators: RegExp = /[,\n]+/): string[] {
  return text
    .split(separators)
    .map((item) => item.trim())
    .filter(Boolean);
}

/** A budget typed in major units (12.50) as the API's minor units, per the currency's exponent. */
export function toMinor(amount: string, currency: string): number {
  return Math.round(Number(amount) * 10 ** currencyExponent(currency));
}

export function toMajor(minor: number, currency: string): string {
  return String(minor / 10 ** currencyExponent(currency));
}

/** The rules the forms check before the server does, in the reader's language. */
export function fieldRules(t: TFunction) {
  const text = z.string().trim().min(1, t('form.errors.required'));
  const age = z.coerce.number<string>().int().min(13).max(100);
  return {
    text,
    choices: z.array(z.string()).min(1, t('form.errors.atLeastOne')),
    lines: z.string().refine((value) => listOf(value, /\n+/).length > 0, t('form.errors.oneLine')),
    currency: z.string().regex(/^[A-Za-z]{3}$/, t('form.errors.currency')),
    budget: z.string().refine((v) => Number(v) > 0, t('form.errors.budget')),
    optionalBudget: z
      .string()
      .refine((v) => v === '' || Number(v) > 0, t('form.errors.budgetOrEmpty')),
    audience: z
      .object({
        name: text,
        countries: z.array(z.string()).min(1, t('form.errors.atLeastOne')),
        ageMin: age,
        ageMax: age,
        interests: z.string(),
      })
      .refine((a) => a.ageMin <= a.ageMax, { message: t('form.errors.ages'), path: ['ageMax'] }),
  };
}

/** Ends on or after starts (both ISO days), checked where both are given. */
export function datesInOrder(starts: string | undefined, ends: string | undefined): boolean {
  return !starts || !ends || ends >= starts;
}
