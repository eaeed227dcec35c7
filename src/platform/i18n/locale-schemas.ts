import { z } from 'zod';
import { canonicalLocale, canonicalTimeZone, languages } from './locale.js';

/** A BCP 47 locale in a language we write, stored canonically spelled. */
export const localeSchema = z
  .string()
  .trim()
  .min(2)
  .max(35)
  .refine((tag) => canonicalLocale(tag) !== null, {
    message: 'must be a BCP 47 locale in English or Spanish, e.g. en, en-US, es, es-MX',
  })
  .transform((tag) => canonicalLocale(tag)!)
  .describe('BCP 47 locale, English or Spanish (en, en-US, es, es-MX, …)');

export const timeZoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((name) => canonicalTimeZone(name) !== null, {
    message: 'must be an IANA time zone, e.g. UTC, America/Mexico_City',
  })
  .transform((name) => canonicalTimeZone(name)!)
  .describe('IANA time zone (UTC, America/Mexico_City, …)');

export const languageSchema = z
  .enum(languages)
  .describe('Language of the generated copy: en or es (default: the organisation’s language)');
