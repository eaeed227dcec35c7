/**
 * Pure rules about who a contact is: normalising the identifiers we hash for look-up, classifying
 * a fresh lead, and telling whether two names probably belong to one person.
 */

/** Lower-cased and trimmed; the form whose keyed hash finds a contact by email. */
export function normaliseEmailAddress(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Digits with a leading `+` when the caller gave an international number; spaces, dots, dashes
 * and brackets dropped. Undefined when fewer than 7 or more than 15 digits remain (E.164 bounds).
 */
export function normalisePhone(phone: string): string | undefined {
  const trimmed = phone.trim();
  const international = trimmed.startsWith('+') || trimmed.startsWith('00');
  const digits = trimmed.replace(/\D/g, '').replace(/^00/, '');
  if (digits.length < 7 || digits.length > 15) return undefined;
  return international ? `+${digits}` : digits;
}

export type LeadClassification = 'hot' | 'warm' | 'cold';

export interface LeadSignals {
  source: string;
  hasEmail: boolean;
  hasPhone: boolean;
  /** An ads conversion kind (`lead`, `purchase`, `signup`, …) when the lead came from one. */
  conversionKind?: string;
  conversionValueMinor?: number;
  attributedToCampaign: boolean;
}

/**
 * The classification a lead gets on arrival, before any scoring model has history: a purchase or
 * a valued conversion is hot; a reachable lead (email and phone) or one attributed to a campaign
 * is warm; anything else is cold. Scoring refines it later.
 */
export function classifyLead(signals: LeadSignals): LeadClassification {
  if (signals.conversionKind === 'purchase' || (signals.conversionValueMinor ?? 0) > 0)
    return 'hot';
  if (signals.hasEmail && signals.hasPhone) return 'warm';
  if (signals.attributedToCampaign && (signals.hasEmail || signals.hasPhone)) return 'warm';
  return 'cold';
}

/** Lower-case, accents removed, single spaces: the form names are compared in. */
export function nameKey(...parts: (string | null | undefined)[]): string {
  return parts
    .filter((part): part is string => Boolean(part))
    .join(' ')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** 1 for the same normalised name, falling towards 0 with the edit distance. */
export function nameSimilarity(a: string, b: string): number {
  const left = nameKey(a);
  const right = nameKey(b);
  if (!left || !right) return 0;
  if (left === right) return 1;
  return 1 - levenshtein(left, right) / Math.max(left.length, right.length);
}

/** Two names this close (at the same company) are suggested as one person. */
export const similarNameThreshold = 0.85;
