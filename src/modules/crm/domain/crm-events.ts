/**
 * Events the CRM publishes through the outbox (in the transaction of the change). Other parts of
 * the CRM (scoring, segments, automations, chatbot) and other modules react to them. Payloads
 * carry ids, not personal data, except `crm.person-erased` (which must name what to erase) and
 * `crm.message-received` (the text a chatbot answers).
 */
export const crmEventTypes = {
  leadCaptured: 'crm.lead-captured',
  contactUpdated: 'crm.contact-updated',
  contactsMerged: 'crm.contacts-merged',
  dealCreated: 'crm.deal-created',
  dealStageChanged: 'crm.deal-stage-changed',
  dealWon: 'crm.deal-won',
  dealLost: 'crm.deal-lost',
  messageReceived: 'crm.message-received',
  messageSent: 'crm.message-sent',
  consentChanged: 'crm.consent-changed',
  personErased: 'crm.person-erased',
} as const;

export type CrmEventType = (typeof crmEventTypes)[keyof typeof crmEventTypes];

export type LeadSource = 'ads' | 'web_form' | 'csv_import' | 'api' | 'chat' | 'manual';

export interface LeadCapturedPayload {
  orgId: string;
  contactId: string;
  source: LeadSource;
  /** false when the capture matched an existing contact (upsert). */
  created: boolean;
  classification: string;
  campaignId: string | null;
  adId: string | null;
  /** The ads conversion behind the lead, when it came from one. */
  conversionId?: string;
}

export interface ContactUpdatedPayload {
  orgId: string;
  contactId: string;
  /** Names of the fields that changed (camelCase), never their values. */
  changed: string[];
}

export interface ContactsMergedPayload {
  orgId: string;
  survivorId: string;
  mergedId: string;
}

export interface DealPayload {
  orgId: string;
  dealId: string;
  contactId: string | null;
  pipelineId: string;
  stageId: string;
  amountMinor: number;
  currency: string;
  campaignId: string | null;
}

export interface DealStageChangedPayload extends DealPayload {
  fromStageId: string;
}

export interface DealLostPayload extends DealPayload {
  reason: string;
}

export type MessageChannel = 'email' | 'whatsapp' | 'sms' | 'voice' | 'chat';

export interface MessageReceivedPayload {
  orgId: string;
  contactId: string;
  interactionId: string;
  channel: MessageChannel;
  /** The message text (blanked from the outbox row on erasure). */
  body: string;
}

export interface MessageSentPayload {
  orgId: string;
  contactId: string;
  interactionId: string;
  channel: MessageChannel;
  status: string;
}

export interface ConsentChangedPayload {
  orgId: string;
  contactId: string;
  channel: MessageChannel;
  status: 'granted' | 'withdrawn';
}

export interface PersonErasedPayload {
  orgId: string;
  personId: string;
  emails: string[];
  phones: string[];
}
