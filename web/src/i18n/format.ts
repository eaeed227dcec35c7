import { currentLanguage } from './index';

/**
 * Numbers, money and dates in the language in force. Screens re-render on a language switch
 * (the shell remounts the page), so reading the language at call time is enough.
 */
const locales = { en: 'en-US', es: 'es-ES' } as const;
const locale = () => locales[currentLanguage()];

export function formatNumber(value: number | null | undefined, digits?: number): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(
    locale(),
    digits === undefined ? {} : { maximumFractionDigits: digits },
  ).format(value);
}

/** A compact number for axes and tiles ("1.2M", "1,2 M"). */
export function formatCompact(value: number): string {
  return new Intl.NumberFormat(locale(), { notation: 'compact', maximumFractionDigits: 1 }).format(
    value,
  );
}

export function formatPercent(ratio: number | null | undefined, digits = 2): string {
  if (ratio === null || ratio === undefined) return '—';
  return new Intl.NumberFormat(locale(), {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(ratio);
}

/** The number of decimals a currency's minor unit has (USD 2, JPY 0, BHD 3): ISO 4217 via Intl. */
export function currencyExponent(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

/** Minor units (cents) in `currency`, shown in major units with the currency's own decimals. */
export function formatMoney(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '—';
  return new Intl.NumberFormat(locale(), { style: 'currency', currency }).format(
    minor / 10 ** currencyExponent(currency),
  );
}

/** Minor units as a short amount for chart axes ("$1.2K", "1,2 mil €"). */
export function formatCompactMoney(minor: number, currency: string): string {
  return new Intl.NumberFormat(locale(), {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(minor / 10 ** currencyExponent(currency));
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

export function formatDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(iso),
  );
}
