import { and, eq } from 'drizzle-orm';
import type { ChannelLead, LeadIntake } from '../../../platform/lead-intake.js';
import type { Runtime } from '../../../platform/runtime.js';
import { capturedChannelLeads } from '../infrastructure/crm.tables.js';
import { captureLead } from './capture-lead.js';

/**
 * A lead an ad channel collected with its own form becomes a CRM lead attributed to the campaign
 * and ad, matched to an existing person by email or phone. The guard row commits with it, so a
 * lead the channel reports again (webhook redeliveries, two copies racing) is captured once.
 */
export async function captureChannelLead(
  runtime: Runtime,
  orgId: string,
  lead: ChannelLead,
): Promise<'captured' | 'duplicate'> {
  return runtime.db.transaction(async (tx) => {
    const guard = await tx
      .insert(capturedChannelLeads)
      .values({
        orgId,
        channel: lead.channel,
        externalId: lead.externalId,
      })
      .onConflictDoNothing()
      .returning({ externalId: capturedChannelLeads.externalId });
    if (guard.length === 0) return 'duplicate';
    const { contact } = await captureLead(
      runtime,
      tx,
      orgId,
      {
        firstName: lead.firstName,
        lastName: lead.lastName,
        email: lead.email,
        phone: lead.phone,
        medium: 'paid',
        utm: { source: lead.channel, medium: 'paid', campaign: lead.campaignId },
        campaignId: lead.campaignId,
        adId: lead.adId,
      },
      { source: 'ads', upsert: true },
    );
    await tx
      .update(capturedChannelLeads)
      .set({ contactId: contact.id })
      .where(
        and(
          eq(capturedChannelLeads.orgId, orgId),
          eq(capturedChannelLeads.channel, lead.channel),
          eq(capturedChannelLeads.externalId, lead.externalId),
        ),
      );
    return 'captured';
  });
}

/** The CRM's answer to `ModuleDefinition.leadIntake`. */
export function crmLeadIntake(runtime: Runtime): LeadIntake {
  return { captureChannelLead: (orgId, lead) => captureChannelLead(runtime, orgId, lead) };
}
