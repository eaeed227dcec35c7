import { uuidv7 } from 'uuidv7';
import type { Runtime } from '../../../platform/runtime.js';
import { nameKey } from '../domain/contact-identity.js';
import type { MessageChannel } from '../domain/crm-events.js';
import { upsertConsents } from '../infrastructure/consents.repository.js';
import { findOrCreateCompanyByName } from '../infrastructure/companies.repository.js';
import { interactions } from '../infrastructure/crm.tables.js';
import type { FormRow } from '../infrastructure/forms.repository.js';
import { captureLead } from './capture-lead.js';

export interface FormSubmission {
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  company?: string;
  message?: string;
  consents: MessageChannel[];
  utm: Record<string, string>;
}

/**
 * A web form's lead: captured (upsert by email/phone) with the form's tags and campaign, UTM from
 * the page (else the form's defaults), the company found by name or created, the consents the
 * visitor ticked recorded with the form as their source, and the message on the timeline.
 */
export async function submitForm(
  runtime: Runtime,
  form: FormRow,
  submission: FormSubmission,
): Promise<string> {
  const orgId = form.orgId;
  return runtime.db.transaction(async (tx) => {
    const companyId = submission.company
      ? await findOrCreateCompanyByName(
          tx,
          orgId,
          submission.company,
          nameKey(submission.company),
          uuidv7(),
        )
      : undefined;
    const utm = Object.keys(submission.utm).length > 0 ? submission.utm : form.defaultUtm;
    const { contact } = await captureLead(
      runtime,
      tx,
      orgId,
      {
        firstName: submission.firstName,
        lastName: submission.lastName,
        email: submission.email,
        phone: submission.phone,
        companyId,
        tags: form.tags,
        medium: utm.medium ?? 'web',
        utm,
        campaignId: form.campaignId,
      },
      { source: 'web_form', upsert: true },
    );
    await upsertConsents(
      tx,
      submission.consents.map((channel) => ({
        orgId,
        contactId: contact.id,
        channel,
        status: 'granted',
        source: `web_form:${form.id}`,
      })),
    );
    if (submission.message)
      await tx.insert(interactions).values({
        orgId,
        id: uuidv7(),
        contactId: contact.id,
        channel: 'note',
        direction: 'inbound',
        subject: `Web form: ${form.name}`,
        body: submission.message,
        status: 'received',
      });
    return contact.id;
  });
}
