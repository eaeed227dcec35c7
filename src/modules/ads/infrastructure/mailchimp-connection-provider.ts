import {
  ConnectionRefusedError,
  type ApiKeyConnectionProvider,
} from '../domain/connection-provider.js';
import type { MailchimpClient } from './mailchimp-client.js';

/** The platform's webhooks at a list (the revocation deletes them). */
export async function platformWebhooks(
  client: MailchimpClient,
  apiKey: string,
  listId: string,
  publicUrl: string,
  orgId: string,
): Promise<{ id: string; url: string }[]> {
  const listed = await client.call<{ webhooks: { id: string; url: string }[] }>(
    apiKey,
    'GET',
    `/lists/${listId}/webhooks`,
  );
  return listed.webhooks.filter(
    (hook) =>
      hook.url.startsWith(`${publicUrl}/webhooks/ads/email?`) && hook.url.includes(`org=${orgId}`),
  );
}

/** Mailchimp with an organisation's API key and the audience (list) campaigns are sent to. */
export function mailchimpConnectionProvider(
  client: MailchimpClient,
  publicUrl: string,
): ApiKeyConnectionProvider {
  return {
    id: 'mailchimp',
    label: 'Mailchimp',
    credentialKind: 'api_key',
    channels: ['email'],
    requiredSettings: {
      list_id: 'the audience id (Audience → Settings → Audience name and defaults)',
      from_name: 'the sender name the emails show',
      reply_to: 'the reply-to address (verified at Mailchimp)',
    },
    accountIdProblem: (accountId) =>
      /^[0-9a-f]{6,40}$/.test(accountId) ? undefined : 'must be a Mailchimp account id',
    async verifyKey({ apiKey, settings }) {
      client.baseUrl(apiKey);
      const listId = settings.list_id ?? '';
      if (!/^[0-9a-z]{5,20}$/.test(listId))
        throw new ConnectionRefusedError('settings.list_id must be a Mailchimp audience id');
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(settings.reply_to ?? ''))
        throw new ConnectionRefusedError('settings.reply_to must be an email address');
      const refused = (error: unknown): never => {
        throw new ConnectionRefusedError(
          `Mailchimp refused the key or audience: ${(error as Error).message}`,
        );
      };
      const account = await client
        .call<{ account_id: string; account_name: string }>(apiKey, 'GET', '/')
        .catch(refused);
      const list = await client
        .call<{ id: string; name: string }>(apiKey, 'GET', `/lists/${listId}`)
        .catch(refused);
      return {
        externalAccountId: account.account_id,
        accountName: `${account.account_name} · ${list.name}`,
        // The API root names no currency and emails carry no spend: USD, Mailchimp's billing one.
        currency: 'USD',
        accessToken: apiKey,
        refreshToken: null,
        tokenExpiresAt: null,
        scopes: [],
        settings: {
          list_id: list.id,
          from_name: settings.from_name ?? '',
          reply_to: settings.reply_to ?? '',
        },
      };
    },
    // API keys cannot be revoked through the API; the list webhooks the platform made are removed.
    async revoke(connection) {
      const listId = connection.settings.list_id ?? '';
      for (const hook of await platformWebhooks(
        client,
        connection.accessToken,
        listId,
        publicUrl,
        connection.orgId,
      ))
        await client.call(connection.accessToken, 'DELETE', `/lists/${listId}/webhooks/${hook.id}`);
    },
  };
}
