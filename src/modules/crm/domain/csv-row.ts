import { normalisePhone } from './contact-identity.js';

/** Columns a CSV import understands (header names, case-insensitive); others are ignored. */
export const importColumns = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'company',
  'country',
  'city',
  'language',
  'birth_year',
  'gender',
  'tags',
  'interests',
  'consent',
  'utm_source',
  'utm_medium',
  'utm_campaign',
] as const;

export interface ImportedContact {
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  company?: string;
  country?: string;
  city?: string;
  language?: string;
  birthYear?: number;
  gender?: string;
  tags: string[];
  interests: string[];
  consents: string[];
  utm: Record<string, string>;
}

export type RowCheck = { ok: true; contact: ImportedContact } | { ok: false; reasons: string[] };

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const channels = new Set(['email', 'whatsapp', 'sms', 'voice', 'chat']);
const list = (value: string | undefined) =>
  (value ?? '')
    .split(/[;|]/)
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);

/**
 * Checks one CSV row (header → value) and returns the contact it describes, or every reason it
 * cannot be imported. A row needs an email or a phone: that is what an import upserts by.
 */
export function checkImportRow(raw: Record<string, string | undefined>): RowCheck {
  const get = (key: string) => {
    const value = raw[key]?.trim();
    return value ? value : undefined;
  };
  const reasons: string[] = [];
  const email = get('email')?.toLowerCase();
  if (email && (!emailPattern.test(email) || email.length > 254))
    reasons.push(`email "${email}" is not an email address`);
  const rawPhone = get('phone');
  const phone = rawPhone ? normalisePhone(rawPhone) : undefined;
  if (rawPhone && !phone) reasons.push(`phone "${rawPhone}" must have 7 to 15 digits`);
  if (!email && !rawPhone) reasons.push('email or phone is required');
  const country = get('country')?.toUpperCase();
  if (country && !/^[A-Z]{2}$/.test(country))
    reasons.push(`country "${country}" must be an ISO 3166-1 alpha-2 code`);
  const language = get('language')?.toLowerCase();
  if (language && !/^[a-z]{2}$/.test(language))
    reasons.push(`language "${language}" must be an ISO 639-1 code`);
  const birthYearText = get('birth_year');
  const birthYear = birthYearText ? Number(birthYearText) : undefined;
  if (
    birthYear !== undefined &&
    (!Number.isInteger(birthYear) || birthYear < 1900 || birthYear > 2030)
  )
    reasons.push(`birth_year "${birthYearText}" must be a year between 1900 and 2030`);
  const gender = get('gender')?.toLowerCase();
  if (gender && !['female', 'male', 'other'].includes(gender))
    reasons.push(`gender "${gender}" must be female, male or other`);
  const consents = list(get('consent'));
  const unknown = consents.filter((channel) => !channels.has(channel));
  if (unknown.length > 0) reasons.push(`consent names unknown channels: ${unknown.join(', ')}`);
  if (reasons.length > 0) return { ok: false, reasons };
  const utm: Record<string, string> = {};
  for (const key of ['source', 'medium', 'campaign'] as const) {
    const value = get(`utm_${key}`);
    if (value) utm[key] = value;
  }
  return {
    ok: true,
    contact: {
      firstName: get('first_name'),
      lastName: get('last_name'),
      email,
      phone,
      company: get('company'),
      country,
      city: get('city'),
      language,
      birthYear,
      gender,
      tags: list(get('tags')),
      interests: list(get('interests')),
      consents,
      utm,
    },
  };
}
