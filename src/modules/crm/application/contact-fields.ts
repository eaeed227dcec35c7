import type { FieldCrypto } from '../../../platform/security/field-crypto.js';
import { normaliseEmailAddress, normalisePhone } from '../domain/contact-identity.js';
import type { ContactRow } from '../infrastructure/contacts.repository.js';

/** What a caller may say about a contact (plain personal data; encrypted before it is stored). */
export interface ContactInput {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  nationalId?: string | null;
  companyId?: string | null;
  country?: string | null;
  city?: string | null;
  language?: string | null;
  birthYear?: number | null;
  gender?: string | null;
  interests?: string[];
  tags?: string[];
  lifecycleStage?: string;
  classification?: string;
  source?: string;
  medium?: string | null;
  utm?: Record<string, string>;
  campaignId?: string | null;
  adId?: string | null;
  ownerUserId?: string | null;
}

export type ContactColumns = Partial<Omit<ContactRow, 'orgId' | 'id' | 'createdAt'>>;

/**
 * The stored columns for an input: personal identifiers encrypted, email and phone also keyed-
 * hashed. Keys absent from the input stay absent (a PATCH changes only what it names); a null
 * clears the value and its hash.
 */
export function columnsOf(input: ContactInput, crypto: FieldCrypto): ContactColumns {
  const columns: ContactColumns = {};
  const copy = <K extends keyof ContactInput & keyof ContactColumns>(key: K) => {
    if (input[key] !== undefined) (columns as Record<string, unknown>)[key] = input[key];
  };
  for (const key of [
    'firstName',
    'lastName',
    'companyId',
    'country',
    'city',
    'language',
    'birthYear',
    'gender',
    'interests',
    'tags',
    'lifecycleStage',
    'classification',
    'source',
    'medium',
    'utm',
    'campaignId',
    'adId',
    'ownerUserId',
  ] as const)
    copy(key);
  if (input.email !== undefined) {
    const email = input.email === null ? null : normaliseEmailAddress(input.email);
    columns.emailEncrypted = email === null ? null : crypto.encrypt(email);
    columns.emailHash = email === null ? null : crypto.lookupHash(email);
  }
  if (input.phone !== undefined) {
    const phone = input.phone === null ? undefined : normalisePhone(input.phone);
    columns.phoneEncrypted = phone === undefined ? null : crypto.encrypt(phone);
    columns.phoneHash = phone === undefined ? null : crypto.lookupHash(phone);
  }
  if (input.nationalId !== undefined)
    columns.nationalIdEncrypted =
      input.nationalId === null ? null : crypto.encrypt(input.nationalId.trim());
  return columns;
}

/** Keyed hashes to look a person up by (absent identifiers give no hash). */
export function lookupHashesOf(
  input: { email?: string | null; phone?: string | null },
  crypto: FieldCrypto,
): { emailHash?: string; phoneHash?: string } {
  const phone = input.phone ? normalisePhone(input.phone) : undefined;
  return {
    ...(input.email ? { emailHash: crypto.lookupHash(normaliseEmailAddress(input.email)) } : {}),
    ...(phone ? { phoneHash: crypto.lookupHash(phone) } : {}),
  };
}

/** A contact as other parts of the CRM see it, personal data decrypted. */
export interface ContactView {
  id: string;
  orgId: string;
  companyId: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  /** Only the last four characters leave the database in ordinary reads. */
  nationalIdLast4: string | null;
  country: string | null;
  city: string | null;
  language: string | null;
  birthYear: number | null;
  gender: string | null;
  interests: string[];
  tags: string[];
  lifecycleStage: string;
  classification: string;
  source: string;
  medium: string | null;
  utm: Record<string, string>;
  campaignId: string | null;
  adId: string | null;
  ownerUserId: string | null;
  score: number | null;
  scoreFactors: ContactRow['scoreFactors'];
  scoredAt: string | null;
  mergedIntoId: string | null;
  lastInteractionAt: string | null;
  createdAt: string;
  updatedAt: string;
  erasedAt: string | null;
}

export function viewOf(row: ContactRow, crypto: FieldCrypto): ContactView {
  const nationalId = row.nationalIdEncrypted ? crypto.decrypt(row.nationalIdEncrypted) : null;
  return {
    id: row.id,
    orgId: row.orgId,
    companyId: row.companyId,
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.emailEncrypted ? crypto.decrypt(row.emailEncrypted) : null,
    phone: row.phoneEncrypted ? crypto.decrypt(row.phoneEncrypted) : null,
    nationalIdLast4: nationalId ? nationalId.slice(-4) : null,
    country: row.country,
    city: row.city,
    language: row.language,
    birthYear: row.birthYear,
    gender: row.gender,
    interests: row.interests,
    tags: row.tags,
    lifecycleStage: row.lifecycleStage,
    classification: row.classification,
    source: row.source,
    medium: row.medium,
    utm: row.utm,
    campaignId: row.campaignId,
    adId: row.adId,
    ownerUserId: row.ownerUserId,
    score: row.score,
    scoreFactors: row.scoreFactors,
    scoredAt: row.scoredAt,
    mergedIntoId: row.mergedIntoId,
    lastInteractionAt: row.lastInteractionAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    erasedAt: row.erasedAt,
  };
}
