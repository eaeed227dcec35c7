import type { ChannelWebhookEvent } from './channel-adapter.js';

interface WhatsAppStatus {
  id?: string;
  status?: string;
  timestamp?: string;
  recipient_id?: string;
  errors?: { code?: number; title?: string }[];
}
interface WhatsAppNotification {
  object?: string;
  entry?: {
    id?: string;
    changes?: { field?: string; value?: { statuses?: WhatsAppStatus[]; messages?: unknown[] } }[];
  }[];
}

/**
 * A verified WhatsApp Business Account notification → events. Message statuses (`sent`,
 * `delivered`, `read`, `failed` with its error code, e.g. 131026 undeliverable or 131047
 * re-engagement) become message statuses; inbound messages and other fields are reported as
 * unknown (they carry no ad).
 */
export function parseWhatsAppWebhook(rawBody: string): ChannelWebhookEvent[] {
  let body: WhatsAppNotification;
  try {
    body = JSON.parse(rawBody) as WhatsAppNotification;
  } catch {
    return [{ kind: 'unknown', externalAdId: null, type: 'unparseable' }];
  }
  const events: ChannelWebhookEvent[] = [];
  for (const entry of body.entry ?? [])
    for (const change of entry.changes ?? []) {
      const value = change.value ?? {};
      for (const status of value.statuses ?? [])
        if (status.id && status.status)
          events.push({
            kind: 'message_status',
            orgId: null,
            providerMessageId: status.id,
            status: status.status,
            errorCode: status.errors?.[0]?.code?.toString() ?? null,
          });
      for (let i = 0; i < (value.messages ?? []).length; i += 1)
        events.push({ kind: 'unknown', externalAdId: null, type: 'whatsapp.message' });
      if (!value.statuses && !value.messages)
        events.push({
          kind: 'unknown',
          externalAdId: null,
          type: `whatsapp.${change.field ?? '?'}`,
        });
    }
  return events;
}

/** An approved template as `/{waba-id}/message_templates` lists it. */
export interface WhatsAppTemplate {
  name: string;
  language: string;
  status: string;
  components?: { type: string; text?: string }[];
}

/**
 * The template to send for an ad: the one named in the connection, approved, in the ad's
 * language if Meta approved it in that one (else the first approved language); with the number
 * of body variables (`{{1}}`, `{{2}}`…) it takes. Undefined when none is approved.
 */
export function chooseTemplate(
  templates: readonly WhatsAppTemplate[],
  name: string,
  language: string,
): { name: string; language: string; variables: number } | undefined {
  const approved = templates.filter((t) => t.name === name && t.status === 'APPROVED');
  const chosen =
    approved.find((t) => t.language === language) ??
    approved.find((t) => t.language.split('_')[0] === language) ??
    approved[0];
  if (!chosen) return undefined;
  const body = chosen.components?.find((c) => c.type.toUpperCase() === 'BODY')?.text ?? '';
  const variables = new Set(body.match(/\{\{\d+\}\}/g) ?? []).size;
  return { name: chosen.name, language: chosen.language, variables };
}

/** The body parameters for a template with `variables` slots: headline, body, link, in order. */
export function templateParameters(
  variables: number,
  ad: { headline: string; body: string },
  link: string | null,
): { type: 'text'; text: string }[] {
  return [ad.headline, ad.body, link ?? '']
    .slice(0, variables)
    .map((text) => ({ type: 'text' as const, text }));
}
