import type { HubSpotContact } from '../domain/hubspot-contact.js';
import { HubSpotError, hubspotErrorOf } from './hubspot-errors.js';
import { jsonOf } from './vendor-json.js';
import type { VendorPolicies } from '../../../platform/vendor-policy.js';

/** HubSpot's cap on inputs per batch call and on results per search page. */
export const hubspotBatchLimit = 100;
/** A search reaches at most this many results however it pages; beyond, narrow the filter. */
export const hubspotSearchResultLimit = 10_000;

export interface HubSpotAccount {
  portalId: number;
  currency: string | null;
}

export interface HubSpotSearchPage {
  results: HubSpotContact[];
  /** The `after` of the next page, when there is one. */
  after: string | undefined;
}

/**
 * The parts of HubSpot's API the contact sync uses, over plain `fetch` with a private-app
 * token. Every call goes through the connection's retry and circuit-breaker policy.
 */
export class HubSpotClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly connectionKey: string,
    private readonly policies: VendorPolicies,
  ) {}

  async accountDetails(): Promise<HubSpotAccount> {
    const body = await this.call<{ portalId: number; companyCurrency?: string }>(
      'GET',
      '/account-info/v3/details',
    );
    return { portalId: body.portalId, currency: body.companyCurrency ?? null };
  }

  /** Creates or updates contacts by email; answers the contacts HubSpot now holds. */
  async upsertContactsByEmail(
    contacts: readonly { email: string; properties: Record<string, string> }[],
  ): Promise<HubSpotContact[]> {
    const inputs = contacts.map(({ email, properties }) => ({
      idProperty: 'email',
      id: email,
      properties,
    }));
    const body = await this.call<{ results: HubSpotContact[] }>(
      'POST',
      '/crm/v3/objects/contacts/batch/upsert',
      { inputs },
    );
    return body.results;
  }

  /** Contacts changed after `since`, oldest change first, one page of up to 100. */
  async contactsModifiedAfter(
    since: string,
    properties: readonly string[],
    after: string | undefined,
  ): Promise<HubSpotSearchPage> {
    const body = await this.call<{
      results: HubSpotContact[];
      paging?: { next?: { after: string } };
    }>('POST', '/crm/v3/objects/contacts/search', {
      filterGroups: [
        {
          filters: [
            { propertyName: 'lastmodifieddate', operator: 'GT', value: String(Date.parse(since)) },
          ],
        },
      ],
      sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
      properties,
      limit: hubspotBatchLimit,
      ...(after ? { after } : {}),
    });
    return { results: body.results, after: body.paging?.next?.after };
  }

  /**
   * Permanently deletes the contact with this email and its history (GDPR); false when HubSpot
   * has no contact with it.
   */
  async gdprDeleteByEmail(email: string): Promise<boolean> {
    try {
      await this.call('POST', '/crm/v3/objects/contacts/gdpr-delete', {
        objectId: email,
        idProperty: 'email',
      });
      return true;
    } catch (error) {
      if (error instanceof HubSpotError && error.status === 404) return false;
      throw error;
    }
  }

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.policies.execute(this.connectionKey, async () => {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const parsed = await jsonOf(response);
      if (!response.ok) throw hubspotErrorOf(response.status, parsed);
      return parsed as T;
    });
  }
}
