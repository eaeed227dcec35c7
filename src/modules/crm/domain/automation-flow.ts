import { createHmac } from 'node:crypto';
import { z } from 'zod';

/**
 * An attention flow: a TRIGGER starts a run for one contact, CONDITIONS (the segment rule
 * language) decide whether it goes on, then STEPS run one by one, each as its own job.
 */

/** CRM events a flow can start on; every one of them names a contact. */
export const flowEvents = [
  'crm.lead-captured',
  'crm.contact-updated',
  'crm.deal-created',
  'crm.deal-stage-changed',
  'crm.deal-won',
  'crm.deal-lost',
  'crm.message-received',
  'crm.consent-changed',
] as const;
export type FlowEvent = (typeof flowEvents)[number];

export const flowTriggerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event'), event: z.enum(flowEvents) }),
  z.object({
    type: z.literal('segment_entry'),
    segment_id: z.uuid().describe('Runs for each contact that enters this segment'),
  }),
  z.object({
    type: z.literal('schedule'),
    every_minutes: z
      .number()
      .int()
      .min(5)
      .max(10_080)
      .describe('Runs for every contact matching the conditions, this often (UTC-aligned)'),
  }),
]);
export type FlowTrigger = z.infer<typeof flowTriggerSchema>;

export const messageStepChannels = ['email', 'whatsapp', 'sms'] as const;

export const flowStepSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('send_message'),
    channel: z.enum(messageStepChannels),
    subject: z.string().trim().min(1).max(200).optional().describe('Email only'),
    body: z
      .string()
      .trim()
      .min(1)
      .max(5_000)
      .describe('Text; {{first_name}}, {{last_name}}, {{city}}, {{country}} are filled in'),
  }),
  z.object({ action: z.literal('wait'), minutes: z.number().int().min(1).max(43_200) }),
  z.object({ action: z.literal('assign_owner'), user_id: z.uuid() }),
  z.object({
    action: z.literal('move_deal_stage'),
    stage_id: z.uuid().describe("Moves the contact's newest open deal to this stage"),
  }),
  z.object({ action: z.literal('add_tag'), tag: z.string().trim().min(1).max(60) }),
  z.object({
    action: z.literal('call_webhook'),
    url: z
      .url({ protocol: /^https$/ })
      .max(2_000)
      .describe('HTTPS endpoint; POSTed JSON signed in the PromptSales-Signature header'),
  }),
]);
export type FlowStep = z.infer<typeof flowStepSchema>;
export type FlowAction = FlowStep['action'];

export interface RunLogEntry {
  step: number;
  action: FlowAction | 'conditions';
  status: 'completed' | 'failed' | 'skipped' | 'waiting';
  at: string;
  detail?: string;
  error?: string;
}

/** The key flows are indexed by, so an event finds its flows with one indexed read. */
export function triggerKeyOf(trigger: FlowTrigger): string {
  switch (trigger.type) {
    case 'event':
      return `event:${trigger.event}`;
    case 'segment_entry':
      return `segment:${trigger.segment_id}`;
    case 'schedule':
      return 'schedule';
  }
}

/**
 * Whether a schedule fires at this minute, and the occurrence it names: runs are unique per
 * occurrence, so two workers ticking the same minute start each run once.
 */
export function scheduleOccurrence(everyMinutes: number, now: Date): string | undefined {
  const minute = Math.floor(now.getTime() / 60_000);
  return minute % everyMinutes === 0 ? `schedule:${minute}` : undefined;
}

/** Fills `{{name}}` placeholders; unknown or empty ones become empty text. */
export function renderTemplate(
  template: string,
  values: Record<string, string | null | undefined>,
): string {
  return template
    .replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_, name: string) => values[name] ?? '')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/**
 * `PromptSales-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, Stripe-style:
 * the receiver recomputes it with the flow's secret and refuses old timestamps (replays).
 */
export function webhookSignature(secret: string, timestampSeconds: number, body: string): string {
  const digest = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${digest}`;
}
