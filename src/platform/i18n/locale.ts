/**
 * Languages and locales people read PromptSales in, and the formatting of money and instants for
 * them. Text exists in English and Spanish; a locale (BCP 47, `es-MX`) adds the regional number,
 * currency and date conventions that `Intl` knows.
 */
export const languages = ['en', 'es'] as const;
export type Language = (typeof languages)[number];

export const defaultLocale = 'en';
export const defaultTimeZone = 'UTC';

/*
 * `Intl` parses a tag in microseconds, but hot paths ask per request (the campaign request reads
 * its organisation's language): the answers for the tags seen last are kept. Bounded, since a tag
 * can come from a request body.
 */
const canonicalForms = new Map<string, string | null>();
const canonicalFormsKept = 256;

/** The canonical form of a BCP 47 tag in a language we write (`es-mx` → `es-MX`), else null. */
export function canonicalLocale(tag: string): string | null {
  const known = canonicalForms.get(tag);
  if (known !== undefined) return known;
  const canonical = parseLocale(tag);
  if (canonicalForms.size >= canonicalFormsKept) canonicalForms.clear();
  canonicalForms.set(tag, canonical);
  return canonical;
}

function parseLocale(tag: string): string | null {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (!canonical) return null;
    const language = new Intl.Locale(canonical).language;
    return (languages as readonly string[]).includes(language) ? canonical : null;
  } catch {
    return null;
  }
}

export function languageOf(locale: string): Language {
  const language = canonicalLocale(locale)?.split('-')[0];
  return language === 'es' ? 'es' : 'en';
}

/** An IANA time zone name `Intl` knows (`America/Mexico_City`), canonically spelled, else null. */
export function canonicalTimeZone(name: string): string | null {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * An amount in minor units as the reader writes money: `formatMoney(1_500_000, 'USD', 'es')` is
 * "15.000,00 US$". The currency's exponent comes from ISO 4217 through Intl (JPY 0, USD 2, KWD 3).
 */
export function formatMoney(amountMinor: number, currency: string, locale: string): string {
  const key = `${locale}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    moneyFormats.set(key, format);
  }
  const exponent = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** exponent);
}

/**
 * An instant (ISO 8601, or PostgreSQL's `2026-12-07 15:00:00+00` text form) as a date and time
 * in the reader's language and time zone, with the zone named: "7 de diciembre de 2026 a las 9:00 GMT-6".
 */
export function formatInstant(instant: string | Date, locale: string, timeZone: string): string {
  const date = typeof instant === 'string' ? parseInstant(instant) : instant;
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(date);
}

/** A calendar day (`2026-12-07`) as the reader writes dates: "7 dic 2026", "Dec 7, 2026". */
export function formatDay(day: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** PostgreSQL writes `+00` where ISO 8601 wants `+00:00`, and a space for the `T`. */
function parseInstant(text: string): Date {
  const iso = text.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not an instant: ${text}`);
  return date;
}
