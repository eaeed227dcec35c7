import type { MessagingRecipient } from '../../../platform/messaging-audience.js';
import {
  WebhookSignatureError,
  type ChannelWebhookEvent,
  type DeliverableAd,
  type WebhookDelivery,
} from '../domain/channel-adapter.js';
import {
  ConnectionRefusedError,
  type ApiKeyConnectionProvider,
  type Connection,
} from '../domain/connection-provider.js';
import { messageStatusOf } from '../domain/message-status.js';
import { formParams, isTwilioSignatureValid } from '../domain/twilio-signature.js';
import type { ConnectionStore } from './connection-store.js';
import type { MessageSender } from './messaging-channel-adapter.js';
import type { TwilioGateway } from './twilio-client.js';

const accountSidPattern = /^AC[0-9a-fA-F]{32}$/;
const serviceSidPattern = /^MG[0-9a-fA-F]{32}$/;
const e164 = /^\+[1-9]\d{6,14}$/;

/** The text of an SMS for an ad: headline, body and the tracked link, on one message. */
export function smsText(ad: Pick<DeliverableAd, 'headline' | 'body'>, link: string | null): string {
  return [`${ad.headline}: ${ad.body}`, link].filter(Boolean).join(' ');
}

/** Twilio with an organisation's own account: account SID and auth token, a sender. */
export function twilioConnectionProvider(gateway: TwilioGateway): ApiKeyConnectionProvider {
  return {
    id: 'twilio',
    label: 'Twilio',
    credentialKind: 'api_key',
    channels: ['sms'],
    requiredSettings: {
      account_sid: 'the Account SID (AC…); the key is its auth token',
      sender: 'a Messaging Service SID (MG…) or a sending number in E.164 (+15017122661)',
    },
    accountIdProblem: (accountId) =>
      accountSidPattern.test(accountId) ? undefined : 'must be a Twilio Account SID (AC…)',
    async verifyKey({ apiKey, settings }) {
      const accountSid = settings.account_sid ?? '';
      const sender = settings.sender ?? '';
      if (!accountSidPattern.test(accountSid))
        throw new ConnectionRefusedError('settings.account_sid must be a Twilio Account SID (AC…)');
      if (!serviceSidPattern.test(sender) && !e164.test(sender))
        throw new ConnectionRefusedError(
          'settings.sender must be a Messaging Service SID (MG…) or a number in E.164 (+…)',
        );
      const client = gateway.client(accountSid, apiKey);
      const account = await gateway
        .call(accountSid, () => client.api.v2010.accounts(accountSid).fetch())
        .catch((error: unknown) => {
          throw new ConnectionRefusedError(
            `Twilio refused the account SID or auth token: ${(error as Error).message}`,
          );
        });
      if (account.status !== 'active')
        throw new ConnectionRefusedError(`The Twilio account is ${account.status}, not active`);
      return {
        externalAccountId: account.sid,
        accountName: account.friendlyName,
        // Twilio prices messages in USD for nearly every account (`price_unit`); the account
        // resource does not say, and SMS ads carry no budget to convert.
        currency: 'USD',
        accessToken: apiKey,
        refreshToken: null,
        tokenExpiresAt: null,
        scopes: [],
        settings: { account_sid: account.sid, sender },
      };
    },
    // An auth token cannot be revoked without rotating the account's primary token (which would
    // break the owner's other uses of it): disconnecting forgets it here only.
    revoke: async () => undefined,
  };
}

/**
 * SMS through Twilio's Messages API (the official SDK): one message per consenting recipient,
 * from the connection's Messaging Service or number, with a status callback that names the
 * organisation (its auth token signs the callbacks). Inbound `OptOutType=STOP` (Advanced Opt-Out)
 * becomes a withdrawal of SMS consent in the CRM.
 */
export function twilioSmsSender(
  gateway: TwilioGateway,
  store: ConnectionStore,
  publicUrl: string,
): MessageSender<null> {
  return {
    provider: 'twilio',
    label: 'Twilio',
    prepare: async () => null,
    reachable: (recipient: MessagingRecipient) => e164.test(recipient.address),
    async send(connection: Connection, _prepared, { to, ad, link }) {
      const accountSid = connection.externalAccountId;
      const client = gateway.client(accountSid, connection.accessToken);
      const sender = connection.settings.sender ?? '';
      const message = await gateway.call(accountSid, () =>
        client.messages.create({
          to: to.address,
          body: smsText(ad, link),
          statusCallback: `${publicUrl}/webhooks/ads/sms?org=${connection.orgId}`,
          ...(sender.startsWith('MG') ? { messagingServiceSid: sender } : { from: sender }),
        }),
      );
      return {
        providerMessageId: message.sid,
        status: messageStatusOf(message.status) ?? 'queued',
      };
    },
    async receiveWebhook(delivery: WebhookDelivery): Promise<ChannelWebhookEvent[] | undefined> {
      const header = delivery.headers['x-twilio-signature'];
      const signature = Array.isArray(header) ? header[0] : header;
      if (signature === undefined) return undefined;
      const url = new URL(delivery.url ?? '/', publicUrl);
      const orgId = url.searchParams.get('org') ?? '';
      const connection = /^[0-9a-f-]{36}$/i.test(orgId)
        ? await store.find(orgId, 'twilio')
        : undefined;
      const params = formParams(delivery.rawBody);
      if (
        !connection ||
        params.AccountSid !== connection.externalAccountId ||
        !isTwilioSignatureValid(
          connection.accessToken,
          signature,
          `${publicUrl}${delivery.url ?? ''}`,
          params,
        )
      )
        throw new WebhookSignatureError('X-Twilio-Signature does not match the request');
      if (params.OptOutType?.toUpperCase() === 'STOP' && params.From)
        return [{ kind: 'opt_out', orgId, address: params.From, source: 'twilio:STOP' }];
      if (params.MessageSid && params.MessageStatus)
        return [
          {
            kind: 'message_status',
            orgId,
            providerMessageId: params.MessageSid,
            status: params.MessageStatus,
            errorCode: params.ErrorCode ?? null,
          },
        ];
      return [{ kind: 'unknown', externalAdId: null, type: 'twilio.inbound' }];
    },
  };
}
