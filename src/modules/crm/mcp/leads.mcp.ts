import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { listPage } from '../../../platform/http/pagination.js';
import { parseSort, sortCursor, sortPositionOf } from '../../../platform/http/sorting.js';
import { requireOrgId } from '../../../platform/mcp/mcp-caller.js';
import type { McpRegistry } from '../../../platform/mcp/mcp-registry.js';
import type { Runtime } from '../../../platform/runtime.js';
import { lookupHashesOf, viewOf, type ContactView } from '../application/contact-fields.js';
import { crmServicesFor } from '../application/crm-services.js';
import { classifications, leadSources, lifecycleStages } from '../domain/lead-vocabulary.js';
import { consentsOf } from '../infrastructure/consents.repository.js';
import {
  findContact,
  listContacts,
  type ContactRow,
} from '../infrastructure/contacts.repository.js';
import { listDeals } from '../infrastructure/deals.repository.js';
import { listInteractions } from '../infrastructure/interactions.repository.js';
import { activeModel } from '../infrastructure/scoring.repository.js';

const newestFirst = parseSort('-created');

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a lead list shows: enough to pick one, without the whole record. */
function leadSummary(view: ContactView) {
  return {
    id: view.id,
    name: [view.firstName, view.lastName].filter(Boolean).join(' ') || null,
    email: view.email,
    phone: view.phone,
    country: view.country,
    city: view.city,
    lifecycleStage: view.lifecycleStage,
    classification: view.classification,
    score: view.score,
    source: view.source,
    campaignId: view.campaignId,
    adId: view.adId,
    createdAt: new Date(view.createdAt).toISOString(),
  };
}

/** A live contact by id or exact email (its keyed hash); merged ones answer with their survivor. */
async function leadByRef(runtime: Runtime, orgId: string, ref: string): Promise<ContactRow> {
  const crypto = crmServicesFor(runtime).crypto;
  let row: ContactRow | undefined;
  if (uuidPattern.test(ref)) row = await findContact(runtime.db, orgId, ref);
  else if (ref.includes('@')) {
    const { emailHash } = lookupHashesOf({ email: ref }, crypto);
    [row] = await listContacts(runtime.db, orgId, { emailHash }, { limit: 1 });
  }
  if (row?.mergedIntoId) row = await findContact(runtime.db, orgId, row.mergedIntoId);
  if (!row || row.erasedAt) throw AppError.notFound('Contact', ref);
  return row;
}

/** Leads for AI assistants: search them, and read one with the reasons behind its score. */
export function registerLeadsMcp(registry: McpRegistry): void {
  registry.tool({
    name: 'crm_find_leads',
    title: 'Find leads',
    description:
      'Contacts/leads of the organisation, newest first, filtered by lifecycle stage, classification (hot, warm, cold), source, campaign, tag, exact email or phone, or name prefix. Returns up to `limit` leads and a `nextCursor` for the next page.',
    input: {
      lifecycleStage: z.enum(lifecycleStages).optional(),
      classification: z.enum(classifications).optional(),
      source: z.enum(leadSources).optional(),
      campaignId: z.uuid().optional().describe('PromptAds campaign the lead is attributed to'),
      tag: z.string().trim().min(1).max(60).optional(),
      email: z.email().optional().describe('Exact email'),
      phone: z.string().trim().min(7).max(30).optional().describe('Exact phone, any format'),
      name: z.string().trim().min(1).max(120).optional().describe('Prefix of first or last name'),
      limit: z.number().int().min(1).max(50).default(20),
      cursor: z.string().min(1).max(512).optional().describe('`nextCursor` of the previous page'),
    },
    readOnly: true,
    permission: 'crm:read',
    run: async (input, { runtime, caller }) => {
      const orgId = requireOrgId(caller);
      const crypto = crmServicesFor(runtime).crypto;
      const hashes = lookupHashesOf({ email: input.email, phone: input.phone }, crypto);
      if (input.phone && !hashes.phoneHash)
        throw AppError.validation('The phone number has too few or too many digits', [
          { field: 'phone', message: 'must have 7 to 15 digits' },
        ]);
      const page = await listPage(input, {
        cursor: (cursor) => sortPositionOf(cursor, newestFirst),
        rows: (range) =>
          listContacts(
            runtime.db,
            orgId,
            {
              lifecycleStage: input.lifecycleStage,
              classification: input.classification,
              source: input.source,
              campaignId: input.campaignId,
              tag: input.tag?.toLowerCase(),
              ...hashes,
              name: input.name,
            },
            range,
          ),
        item: (row) => leadSummary(viewOf(row, crypto)),
        position: (row) => sortCursor(newestFirst, row.createdAt, row.id),
      });
      return { leads: page.data, nextCursor: page.next_cursor };
    },
  });

  registry.tool({
    name: 'crm_get_lead',
    title: 'Lead details and score explanation',
    description:
      "One lead (by id or exact email): contact data, attribution (source, UTM, campaign, ad), consent per channel, its purchase-intent score 0–100 with the model that produced it and the strongest factors behind it (each factor's push on the score, largest first), its latest interactions and its deals.",
    input: {
      lead: z.string().trim().min(1).max(320).describe('Contact id or exact email'),
    },
    readOnly: true,
    permission: 'crm:read',
    run: async ({ lead }, { runtime, caller }) => {
      const orgId = requireOrgId(caller);
      const row = await leadByRef(runtime, orgId, lead);
      const view = viewOf(row, crmServicesFor(runtime).crypto);
      const [model, consents, timeline, dealRows] = await Promise.all([
        activeModel(runtime.db, orgId),
        consentsOf(runtime.db, orgId, [row.id]),
        listInteractions(runtime.db, orgId, row.id, { limit: 10 }),
        listDeals(runtime.db, orgId, { contactId: row.id }, { limit: 20 }),
      ]);
      return {
        ...leadSummary(view),
        firstName: view.firstName,
        lastName: view.lastName,
        language: view.language,
        birthYear: view.birthYear,
        interests: view.interests,
        tags: view.tags,
        companyId: view.companyId,
        ownerUserId: view.ownerUserId,
        medium: view.medium,
        utm: view.utm,
        lastInteractionAt: view.lastInteractionAt,
        consent: consents.map((c) => ({
          channel: c.channel,
          status: c.status,
          source: c.source,
          recordedAt: new Date(c.recordedAt).toISOString(),
        })),
        scoring: {
          score: view.score,
          scoredAt: view.scoredAt ? new Date(view.scoredAt).toISOString() : null,
          model: { kind: model?.kind ?? 'rules', version: model?.version ?? null },
          factors: (view.scoreFactors ?? []).map((factor) => ({
            feature: factor.name,
            // Points under rules, log-odds under the fitted model; the detail names which.
            contribution: factor.weight,
            detail: factor.detail ?? null,
          })),
        },
        interactions: timeline.map((item) => ({
          id: item.id,
          channel: item.channel,
          direction: item.direction,
          subject: item.subject,
          status: item.status,
          occurredAt: new Date(item.occurredAt).toISOString(),
        })),
        deals: dealRows.map((deal) => ({
          id: deal.id,
          title: deal.title,
          status: deal.status,
          amountMinor: deal.amountMinor,
          currency: deal.currency,
          lostReason: deal.lostReason,
          wonAt: deal.wonAt ? new Date(deal.wonAt).toISOString() : null,
          campaignId: deal.campaignId,
        })),
      };
    },
  });
}
