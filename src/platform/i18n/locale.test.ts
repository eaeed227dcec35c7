import { describe, expect, it } from 'vitest';
import {
  canonicalLocale,
  canonicalTimeZone,
  formatDay,
  formatInstant,
  formatMoney,
  languageOf,
} from './locale.js';

/** Intl separates number and symbol with a no-break space; compare with plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('locales and time zones', () => {
  it('accepts BCP 47 tags of the languages we write, canonically spelled', () => {
    expect(canonicalLocale('es-mx')).toBe('es-MX');
    expect(canonicalLocale('en')).toBe('en');
    expect(canonicalLocale('fr')).toBeNull();
    expect(canonicalLocale('not a tag')).toBeNull();
    expect(languageOf('es-MX')).toBe('es');
    expect(languageOf('en-GB')).toBe('en');
  });

  it('accepts IANA time zones only', () => {
    expect(canonicalTimeZone('america/mexico_city')).toBe('America/Mexico_City');
    expect(canonicalTimeZone('Mars/Olympus')).toBeNull();
  });
});

describe('formatting for the reader', () => {
  it('formats minor units with the currency exponent and the locale conventions', () => {
    expect(plain(formatMoney(1_500_000, 'USD', 'en'))).toBe('$15,000.00');
    expect(plain(formatMoney(1_500_000, 'USD', 'es'))).toBe('15.000,00 US$');
    expect(plain(formatMoney(1_500_000, 'JPY', 'en'))).toBe('¥1,500,000');
    expect(plain(formatMoney(1_500, 'KWD', 'en'))).toBe('KWD 1.500');
  });

  it('formats PostgreSQL and ISO instants in the reader time zone, naming the zone', () => {
    const due = '2026-12-07 15:00:00+00';
    expect(plain(formatInstant(due, 'en', 'UTC'))).toBe('December 7, 2026 at 3:00 PM UTC');
    expect(plain(formatInstant(due, 'es', 'America/Mexico_City'))).toBe(
      '7 de diciembre de 2026 a las 9:00 GMT-6',
    );
    expect(formatInstant('2026-12-07T15:00:00.000Z', 'en', 'UTC')).toBe(
      formatInstant(due, 'en', 'UTC'),
    );
    expect(() => formatInstant('tomorrow', 'en', 'UTC')).toThrow(RangeError);
  });

  it('formats calendar days without shifting them by a time zone', () => {
    expect(formatDay('2026-12-07', 'en')).toBe('Dec 7, 2026');
    expect(plain(formatDay('2026-12-07', 'es'))).toBe('7 dic 2026');
  });
});
