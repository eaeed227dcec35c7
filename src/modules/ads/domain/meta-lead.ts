import type { ChannelLeadAnswers } from './channel-adapter.js';

/** A Lead Ads lead as the Graph API returns it (`GET /{leadgen_id}`). */
export interface MetaLead {
  id: string;
  /** ISO 8601 with Meta's `+0000` offset, e.g. `2026-12-07T10:20:30+0000`. */
  created_time?: string;
  field_data?: { name: string; values?: string[] }[];
  ad_id?: string;
  form_id?: string;
}

/**
 * The answers of a lead by the names of Meta's standard questions (`email`, `phone_number`,
 * `full_name` or `first_name`/`last_name`). A full name is split at its first space: the form
 * asked for one name, the CRM keeps two.
 */
export function answersOfMetaLead(lead: MetaLead): ChannelLeadAnswers {
  const answers = new Map<string, string>();
  for (const field of lead.field_data ?? []) {
    const value = field.values?.find((entry) => entry.trim().length > 0)?.trim();
    if (value) answers.set(field.name.toLowerCase(), value);
  }
  const full = answers.get('full_name');
  const [first, ...rest] = full ? full.split(/\s+/) : [];
  return {
    email: answers.get('email') ?? null,
    phone: answers.get('phone_number') ?? answers.get('phone') ?? null,
    firstName: answers.get('first_name') ?? first ?? null,
    lastName: answers.get('last_name') ?? (rest.length > 0 ? rest.join(' ') : null),
  };
}
