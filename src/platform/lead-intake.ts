import type { Runtime } from './runtime.js';

/** A person who filled in a channel's lead form on an ad, with the answers the channel gave. */
export interface ChannelLead {
  /** The channel's id of the lead (Meta's `leadgen_id`): each is captured once. */
  externalId: string;
  /** The channel the ad ran on (`facebook`, `instagram`…). */
  channel: string;
  campaignId: string;
  adId: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
}

/**
 * Where leads collected by an ad channel's own forms go: the CRM captures them
 * (`ModuleDefinition.leadIntake`), so the ads module hands them over without importing the CRM
 * (which depends on ads).
 */
export interface LeadIntake {
  /** Captures the lead attributed to its campaign and ad; a lead already captured changes nothing. */
  captureChannelLead(orgId: string, lead: ChannelLead): Promise<'captured' | 'duplicate'>;
}

/** The loaded module's lead intake (undefined when no module offers one, e.g. ads alone). */
export function leadIntakeOf(runtime: Runtime): LeadIntake | undefined {
  for (const module of runtime.modules) {
    const intake = module.leadIntake?.(runtime);
    if (intake) return intake;
  }
  return undefined;
}
