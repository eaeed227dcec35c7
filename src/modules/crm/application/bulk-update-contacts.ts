import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import {
  checkBulkAction,
  maxTagsPerContact,
  type BulkContactAction,
} from '../domain/contact-bulk.js';
import { crmEventTypes, type ContactUpdatedPayload } from '../domain/crm-events.js';
import {
  lockLiveContacts,
  updateContactsColumns,
  withoutTag,
  withTag,
} from '../infrastructure/contacts.repository.js';

/**
 * Assigns an owner to, or adds or removes a tag on, many contacts in one transaction: every id
 * must be a live contact of the organisation (else a 400 naming the others, and nothing changes).
 * Each contact gets its `crm.contact-updated` event, so segments and automations react as they
 * do to a single change.
 */
export async function bulkUpdateContacts(
  runtime: Runtime,
  orgId: string,
  ids: readonly string[],
  action: BulkContactAction,
): Promise<number> {
  return runtime.db.transaction(async (tx) => {
    const found = await lockLiveContacts(tx, orgId, ids);
    const check = checkBulkAction(ids, found, action);
    if (!check.ok) {
      const message =
        check.reason === 'unknown_contacts'
          ? 'names no live contact of this organisation'
          : `already has ${maxTagsPerContact} tags`;
      throw AppError.validation(
        `${check.ids.length} of the ids cannot be changed (nothing was): ${check.ids.join(', ')}`,
        check.ids.map((id) => ({
          field: `body.ids.${ids.indexOf(id)}`,
          message: `${id} ${message}`,
        })),
      );
    }
    const changed = action.action === 'assign_owner' ? 'ownerUserId' : 'tags';
    await updateContactsColumns(
      tx,
      orgId,
      ids,
      action.action === 'assign_owner'
        ? { ownerUserId: action.ownerUserId }
        : { tags: action.action === 'add_tag' ? withTag(action.tag) : withoutTag(action.tag) },
    );
    await runtime.events.publishMany<ContactUpdatedPayload>(
      tx,
      ids.map((contactId) => ({
        type: crmEventTypes.contactUpdated,
        orgId,
        payload: { orgId, contactId, changed: [changed] },
      })),
    );
    return ids.length;
  });
}
