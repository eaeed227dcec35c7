import type { Runtime } from '../../../platform/runtime.js';
import { normaliseEmailAddress } from '../domain/contact-identity.js';
import { theirsWins, type PulledFields, type SyncProvider } from '../domain/crm-sync.js';
import { findContactsByHashes } from '../infrastructure/contacts.repository.js';
import { captureLead, updateContact } from './capture-lead.js';
import { viewOf } from './contact-fields.js';
import { crmServicesFor } from './crm-services.js';

/** A contact (or lead) as another CRM holds it, ready to compare with ours. */
export interface PulledRecord {
  email: string | undefined;
  /** When the provider last changed it (epoch ms), if it said. */
  modifiedAt: number | undefined;
  /** The fields the provider holds differently from ours: what applying its change would set. */
  changesAgainst(ours: PulledFields): PulledFields;
}

export type PullOutcome = 'applied' | 'kept_ours' | 'unchanged';

/**
 * Applies one change from another CRM, matched by email: a person unknown here is captured as a
 * lead (source `api`, medium the provider); a known one is updated only if the provider's change
 * is newer than ours (last writer wins).
 */
export async function applyPulledContact(
  runtime: Runtime,
  orgId: string,
  provider: SyncProvider,
  record: PulledRecord,
): Promise<PullOutcome> {
  const email = record.email?.trim();
  if (!email) return 'unchanged';
  const crypto = crmServicesFor(runtime).crypto;
  const emailHash = crypto.lookupHash(normaliseEmailAddress(email));
  return runtime.db.transaction(async (tx) => {
    const [ours] = await findContactsByHashes(tx, orgId, { emailHash });
    if (!ours) {
      await captureLead(
        runtime,
        tx,
        orgId,
        { ...record.changesAgainst({}), email, medium: provider },
        { source: 'api', upsert: true },
      );
      return 'applied';
    }
    const changes = record.changesAgainst(viewOf(ours, crypto));
    if (Object.keys(changes).length === 0) return 'unchanged';
    if (!theirsWins(record.modifiedAt ?? 0, Date.parse(ours.updatedAt))) return 'kept_ours';
    await updateContact(runtime, tx, orgId, ours.id, changes);
    return 'applied';
  });
}
