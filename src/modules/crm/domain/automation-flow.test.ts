import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  flowStepSchema,
  renderTemplate,
  scheduleOccurrence,
  triggerKeyOf,
  webhookSignature,
} from './automation-flow.js';

describe('attention flow definitions', () => {
  it('signs webhook bodies so a receiver can verify them with the shared secret', () => {
    const header = webhookSignature('whsec_test', 1_700_000_000, '{"a":1}');
    const expected = createHmac('sha256', 'whsec_test').update('1700000000.{"a":1}').digest('hex');
    expect(header).toBe(`t=1700000000,v1=${expected}`);
    expect(webhookSignature('other', 1_700_000_000, '{"a":1}')).not.toBe(header);
  });

  it('fills placeholders and leaves no trace of missing ones', () => {
    expect(
      renderTemplate('Hola {{first_name}} {{ last_name }}, ¿qué tal en {{city}}?', {
        first_name: 'Ana',
        last_name: null,
        city: 'San José',
      }),
    ).toBe('Hola Ana , ¿qué tal en San José?');
  });

  it('fires a schedule once per interval, naming the occurrence', () => {
    const aligned = new Date(Date.UTC(2026, 10, 25, 12, 0));
    expect(scheduleOccurrence(60, aligned)).toBe(`schedule:${aligned.getTime() / 60_000}`);
    expect(scheduleOccurrence(60, new Date(aligned.getTime() + 60_000))).toBeUndefined();
  });

  it('indexes flows by what starts them and accepts only HTTPS webhooks', () => {
    expect(triggerKeyOf({ type: 'event', event: 'crm.deal-won' })).toBe('event:crm.deal-won');
    expect(triggerKeyOf({ type: 'schedule', every_minutes: 60 })).toBe('schedule');
    expect(
      flowStepSchema.safeParse({ action: 'call_webhook', url: 'http://example.com' }).success,
    ).toBe(false);
    expect(
      flowStepSchema.safeParse({ action: 'call_webhook', url: 'https://example.com/h' }).success,
    ).toBe(true);
  });
});
