import { planFeature } from '../../billing/index.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../../platform/http/authentication.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import { assertReferences } from '../../../platform/references.js';
import type { Runtime } from '../../../platform/runtime.js';
import { bulkUpdateContacts } from '../application/bulk-update-contacts.js';
import { maxBulkContacts, type BulkContactAction } from '../domain/contact-bulk.js';

const ids = z
  .array(z.uuid())
  .min(1)
  .max(maxBulkContacts)
  .refine((list) => new Set(list).size === list.length, 'must not repeat an id')
  .describe(`Contacts to change, 1 to ${maxBulkContacts}, all of the caller’s organisation`);

const tag = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .transform((value) => value.toLowerCase());

const bulkBody = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('assign_owner'),
    ids,
    owner_user_id: z.uuid().nullable().describe('A member of the organisation; null unassigns'),
  }),
  z.object({ action: z.literal('add_tag'), ids, tag }),
  z.object({ action: z.literal('remove_tag'), ids, tag }),
]);

const bulkResult = z.object({
  object: z.literal('bulk_result'),
  action: z.enum(['assign_owner', 'add_tag', 'remove_tag']),
  updated: z.number().int(),
});

/** Bulk actions on the contact list: assign an owner, add or remove a tag, all or nothing. */
export const contactBulkRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  planFeature(app, 'crm');
  app.post(
    '/contacts/bulk',
    {
      preHandler: requirePermission('crm:write'),
      config: { audit: 'crm.contacts_bulk_updated' },
      schema: {
        tags: ['crm'],
        summary: 'Assign an owner to, or add or remove a tag on, up to 500 contacts at once',
        description:
          'All or nothing: every id must be a live contact of the caller’s organisation, else 400 naming the others and nothing changes. Each contact gets a `crm.contact-updated` event.',
        body: bulkBody,
        response: { 200: bulkResult },
      },
    },
    async (request) => {
      const body = request.body;
      const orgId = tenantOf(request);
      await assertReferences(runtime, orgId, [
        {
          field: 'body.owner_user_id',
          kind: 'identity.member',
          id: body.action === 'assign_owner' ? body.owner_user_id : undefined,
        },
      ]);
      const action: BulkContactAction =
        body.action === 'assign_owner'
          ? { action: body.action, ownerUserId: body.owner_user_id }
          : { action: body.action, tag: body.tag };
      const updated = await bulkUpdateContacts(runtime, orgId, body.ids, action);
      const what = action.action === 'assign_owner' ? action.ownerUserId : action.tag;
      request.auditContext = { target: `${body.action} ${what ?? 'nobody'} (${updated} contacts)` };
      return { object: 'bulk_result' as const, action: body.action, updated };
    },
  );
};
