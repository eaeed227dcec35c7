import { describe, expect, it } from 'vitest';
import { chooseTemplate, parseWhatsAppWebhook, templateParameters } from './whatsapp-webhook.js';

describe('WhatsApp Cloud API webhooks and templates', () => {
  it('turns statuses into message statuses, with the error code of a failure', () => {
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: {
                  display_phone_number: '15550783881',
                  phone_number_id: '106540352242922',
                },
                statuses: [
                  {
                    id: 'wamid.A',
                    status: 'read',
                    timestamp: '1750263773',
                    recipient_id: '50688881111',
                  },
                  {
                    id: 'wamid.B',
                    status: 'failed',
                    timestamp: '1750263773',
                    recipient_id: '50688882222',
                    errors: [{ code: 131026, title: 'Message undeliverable' }],
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    expect(parseWhatsAppWebhook(body)).toEqual([
      {
        kind: 'message_status',
        orgId: null,
        providerMessageId: 'wamid.A',
        status: 'read',
        errorCode: null,
      },
      {
        kind: 'message_status',
        orgId: null,
        providerMessageId: 'wamid.B',
        status: 'failed',
        errorCode: '131026',
      },
    ]);
    expect(parseWhatsAppWebhook('{not json')).toEqual([
      { kind: 'unknown', externalAdId: null, type: 'unparseable' },
    ]);
  });

  it('chooses the approved template in the ad language and fills its variables in order', () => {
    const templates = [
      {
        name: 'launch',
        language: 'en_US',
        status: 'APPROVED',
        components: [{ type: 'BODY', text: '{{1}}: {{2}}' }],
      },
      {
        name: 'launch',
        language: 'es',
        status: 'APPROVED',
        components: [{ type: 'BODY', text: '{{1}} — {{2}} {{3}}' }],
      },
      { name: 'launch', language: 'fr', status: 'REJECTED' },
    ];
    expect(chooseTemplate(templates, 'launch', 'es')).toEqual({
      name: 'launch',
      language: 'es',
      variables: 3,
    });
    expect(chooseTemplate(templates, 'launch', 'en')).toMatchObject({
      language: 'en_US',
      variables: 2,
    });
    expect(chooseTemplate(templates, 'launch', 'fr')).toMatchObject({ language: 'en_US' });
    expect(chooseTemplate(templates, 'other', 'es')).toBeUndefined();
    expect(templateParameters(2, { headline: 'Volta', body: 'Ride' }, 'https://x/t/1')).toEqual([
      { type: 'text', text: 'Volta' },
      { type: 'text', text: 'Ride' },
    ]);
  });
});
