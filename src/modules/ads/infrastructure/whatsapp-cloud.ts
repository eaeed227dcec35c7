import type { WhatsAppConfig } from '../../../platform/config/config.js';
import type { MessagingRecipient } from '../../../platform/messaging-audience.js';
import {
  TransientChannelError,
  type ChannelWebhookEvent,
  type WebhookDelivery,
} from '../domain/channel-adapter.js';
import {
  ConnectionRefusedError,
  type ApiKeyConnectionProvider,
  type Connection,
} from '../domain/connection-provider.js';
import { verifyMetaSignature } from '../domain/meta-webhook.js';
import {
  chooseTemplate,
  parseWhatsAppWebhook,
  templateParameters,
  type WhatsAppTemplate,
} from '../domain/whatsapp-webhook.js';
import { ConnectionNeedsReauthError, MetaApiError } from './meta-graph-client.js';
import type { MessageSender } from './messaging-channel-adapter.js';
import { retryAfterMs } from './twilio-client.js';
import { VendorPolicies } from '../../../platform/vendor-policy.js';

/** Throughput (130429), pair (131056), WABA (80007) and app (4) rate limits. */
const rateLimitCodes = new Set([4, 80_007, 130_429, 131_056]);

class WhatsAppApiError extends MetaApiError {
  constructor(
    message: string,
    status: number,
    code: number | undefined,
    readonly retryAfter: number | undefined,
  ) {
    super(message, status, code, undefined, undefined);
    this.name = 'WhatsAppApiError';
  }
}

/**
 * The WhatsApp Business Cloud API (Graph) over plain `fetch`: Meta's own Node SDK for it
 * (WhatsApp/WhatsApp-Nodejs-SDK) is deprecated, and Graph is JSON over HTTPS. Per WhatsApp
 * Business Account: retries of rate limits and 5xx with backoff (Retry-After when given), and a
 * circuit breaker. Error 190 (token expired or revoked) asks for the connection again.
 */
export class WhatsAppCloudClient {
  private readonly policies: VendorPolicies;

  constructor(private readonly config: WhatsAppConfig) {
    this.policies = new VendorPolicies({
      vendor: 'WhatsApp',
      retryBaseMs: config.retryBaseMs,
      isTransient: (error) =>
        error instanceof WhatsAppApiError &&
        (error.status >= 500 || error.status === 429 || rateLimitCodes.has(error.code ?? 0)),
      retryAfterMs: (error) => (error instanceof WhatsAppApiError ? error.retryAfter : undefined),
      circuitOpen: (message) => new TransientChannelError(message),
    });
  }

  async call<T>(
    accountKey: string,
    token: string,
    method: 'GET' | 'POST',
    path: string,
    body?: object,
  ): Promise<T> {
    try {
      return await this.policies.execute(accountKey, () => this.send<T>(token, method, path, body));
    } catch (error) {
      if (error instanceof WhatsAppApiError && error.code === 190)
        throw new ConnectionNeedsReauthError(`WhatsApp refused the token: ${error.message}`);
      if (error instanceof WhatsAppApiError && (error.status >= 500 || error.status === 429))
        throw new TransientChannelError(`WhatsApp: ${error.message}`);
      throw error;
    }
  }

  private async send<T>(
    token: string,
    method: 'GET' | 'POST',
    path: string,
    body?: object,
  ): Promise<T> {
    const url = `${this.config.graphBaseUrl}/${this.config.graphVersion}/${path.replace(/^\//, '')}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new WhatsAppApiError(
        `no answer: ${(error as Error).message}`,
        599,
        undefined,
        undefined,
      );
    }
    const text = await response.text();
    let parsed: { error?: { message?: string; code?: number; error_data?: { details?: string } } };
    try {
      parsed = text ? (JSON.parse(text) as typeof parsed) : {};
    } catch {
      parsed = {};
    }
    if (!response.ok || parsed.error) {
      const detail = parsed.error?.error_data?.details;
      throw new WhatsAppApiError(
        `${parsed.error?.message ?? `HTTP ${response.status}`}${detail ? ` (${detail})` : ''}`,
        response.status,
        parsed.error?.code,
        retryAfterMs(response.headers.get('retry-after') ?? undefined),
      );
    }
    return parsed as T;
  }
}

/** WhatsApp with a system-user token of the organisation's Business Account. */
export function whatsappConnectionProvider(client: WhatsAppCloudClient): ApiKeyConnectionProvider {
  return {
    id: 'whatsapp',
    label: 'WhatsApp Business',
    credentialKind: 'api_key',
    channels: ['whatsapp'],
    requiredSettings: {
      waba_id: 'the WhatsApp Business Account id',
      phone_number_id: 'the id of the business phone number messages are sent from',
      template_name: 'the approved marketing template the ads are sent with',
    },
    accountIdProblem: (accountId) =>
      /^\d{5,30}$/.test(accountId) ? undefined : 'must be a WhatsApp Business Account id',
    async verifyKey({ apiKey, settings }) {
      const wabaId = settings.waba_id ?? '';
      const phoneNumberId = settings.phone_number_id ?? '';
      if (!/^\d{5,30}$/.test(wabaId) || !/^\d{5,30}$/.test(phoneNumberId))
        throw new ConnectionRefusedError(
          'settings.waba_id and settings.phone_number_id are numeric ids',
        );
      const refused = (error: unknown): never => {
        throw new ConnectionRefusedError(
          `WhatsApp refused the token or ids: ${(error as Error).message}`,
        );
      };
      const account = await client
        .call<{ id: string; name: string; currency?: string }>(
          wabaId,
          apiKey,
          'GET',
          `${wabaId}?fields=id,name,currency`,
        )
        .catch(refused);
      const phone = await client
        .call<{ id: string; display_phone_number: string; verified_name: string }>(
          wabaId,
          apiKey,
          'GET',
          `${phoneNumberId}?fields=id,display_phone_number,verified_name`,
        )
        .catch(refused);
      return {
        externalAccountId: account.id,
        accountName: `${account.name} (${phone.display_phone_number})`,
        currency: account.currency ?? 'USD',
        accessToken: apiKey,
        refreshToken: null,
        // System-user tokens can be made without expiry; a refused one marks needs_reauth.
        tokenExpiresAt: null,
        scopes: ['whatsapp_business_messaging', 'whatsapp_business_management'],
        settings: {
          waba_id: account.id,
          phone_number_id: phone.id,
          template_name: settings.template_name ?? '',
        },
      };
    },
    // The token belongs to the organisation's system user: disconnecting forgets it here only.
    revoke: async () => undefined,
  };
}

type Prepared = { name: string; language: string; variables: number };

/**
 * Template messages (the only kind a business may start a conversation with) to contacts with
 * WhatsApp consent, through `/{phone-number-id}/messages`; statuses come back through the Business
 * Account's webhook (X-Hub-Signature-256 under the app secret).
 */
export function whatsappSender(
  client: WhatsAppCloudClient,
  config: WhatsAppConfig,
): MessageSender<Prepared> {
  return {
    provider: 'whatsapp',
    label: 'WhatsApp',
    reachable: (recipient: MessagingRecipient) => /^\+[1-9]\d{6,14}$/.test(recipient.address),
    async prepare(connection: Connection, ad) {
      const listed = await client.call<{ data: WhatsAppTemplate[] }>(
        connection.externalAccountId,
        connection.accessToken,
        'GET',
        `${connection.externalAccountId}/message_templates?fields=name,language,status,components&status=APPROVED&limit=100`,
      );
      const name = connection.settings.template_name ?? '';
      const chosen = chooseTemplate(listed.data, name, ad.language);
      if (!chosen)
        throw new Error(`WhatsApp has no approved template named "${name}" for this account`);
      return chosen;
    },
    async send(connection, template, { to, ad, link }) {
      const sent = await client.call<{ messages: { id: string; message_status?: string }[] }>(
        connection.externalAccountId,
        connection.accessToken,
        'POST',
        `${connection.settings.phone_number_id}/messages`,
        {
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to: to.address.replace(/^\+/, ''),
          type: 'template',
          template: {
            name: template.name,
            language: { code: template.language },
            components:
              template.variables > 0
                ? [{ type: 'body', parameters: templateParameters(template.variables, ad, link) }]
                : [],
          },
        },
      );
      const message = sent.messages[0];
      if (!message) throw new Error('WhatsApp answered no message id');
      return { providerMessageId: message.id, status: 'accepted' };
    },
    async receiveWebhook(delivery: WebhookDelivery): Promise<ChannelWebhookEvent[] | undefined> {
      if (delivery.headers['x-hub-signature-256'] === undefined) return undefined;
      verifyMetaSignature(delivery, config.appSecret);
      return parseWhatsAppWebhook(delivery.rawBody);
    },
  };
}
