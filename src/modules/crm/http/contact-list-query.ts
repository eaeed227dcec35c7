import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { parseSort, sortDescription, sortValues } from '../../../platform/http/sorting.js';
import { lookupHashesOf } from '../application/contact-fields.js';
import type { FieldCrypto } from '../../../platform/security/field-crypto.js';
import {
  contactSortFields,
  type ContactFilter,
  type ContactSortField,
} from '../infrastructure/contacts.repository.js';
import { classifications, leadSources, lifecycleStages } from '../domain/lead-vocabulary.js';
import { phoneSchema } from './crm-schemas.js';

/** Filters, search and order of the contact list; the CSV export and bulk actions take the same. */
export const contactListQuery = z.object({
  lifecycle_stage: z.enum(lifecycleStages).optional(),
  classification: z.enum(classifications).optional(),
  source: z.enum(leadSources).optional(),
  campaign_id: z.uuid().optional(),
  company_id: z.uuid().optional(),
  owner_user_id: z.uuid().optional(),
  tag: z.string().trim().min(1).max(60).optional(),
  email: z.email().optional().describe('Exact email (found by its keyed hash)'),
  phone: phoneSchema.optional().describe('Exact phone (found by its keyed hash)'),
  name: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .optional()
    .describe('Start of the first or last name (or of "first last"); accents and case ignored'),
  sort: z.enum(sortValues(contactSortFields)).default('-created').describe(sortDescription),
});

export type ContactListQuery = z.infer<typeof contactListQuery>;

/** The repository filter of a list query; a phone that cannot be a number is a 400. */
export function contactFilterOf(query: ContactListQuery, crypto: FieldCrypto): ContactFilter {
  const hashes = lookupHashesOf({ email: query.email, phone: query.phone }, crypto);
  if (query.phone && !hashes.phoneHash)
    throw AppError.validation('The phone number has too few or too many digits', [
      { field: 'query.phone', message: 'must have 7 to 15 digits' },
    ]);
  return {
    lifecycleStage: query.lifecycle_stage,
    classification: query.classification,
    source: query.source,
    campaignId: query.campaign_id,
    companyId: query.company_id,
    ownerUserId: query.owner_user_id,
    tag: query.tag?.toLowerCase(),
    ...hashes,
    name: query.name,
  };
}

export const contactSortOf = (query: ContactListQuery) => parseSort<ContactSortField>(query.sort);
