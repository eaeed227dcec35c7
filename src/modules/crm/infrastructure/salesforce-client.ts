import type { SalesforceLead } from '../domain/salesforce-lead.js';
import type { VendorPolicies } from '../../../platform/vendor-policy.js';
import {
  SalesforceError,
  salesforceErrorOf,
  type SalesforceErrorEntry,
} from './salesforce-errors.js';
import { jsonOf } from './vendor-json.js';

/** The REST API version the sync speaks. */
export const salesforceApiVersion = 'v60.0';
const dataPath = `/services/data/${salesforceApiVersion}`;

/** Records per sObject Collections call (Salesforce's cap) and per query page asked for. */
export const salesforceBatchLimit = 200;

export interface SalesforceQueryPage {
  records: SalesforceLead[];
  /** Where the next page is (`nextRecordsUrl`), when the query has more. */
  next: string | undefined;
}

/** One record's result of a Composite sObject Collections call, in the order sent. */
export interface SalesforceSaveResult {
  id?: string | null;
  success: boolean;
  errors: SalesforceErrorEntry[];
}

/**
 * The parts of Salesforce's REST API the lead sync uses, over plain `fetch` with an access token
 * on the org's instance. Every call goes through the connection's retry and circuit-breaker
 * policy, and none follows a redirect (the instance URL was checked, a redirect's target was not).
 */
export class SalesforceClient {
  constructor(
    private readonly instanceUrl: string,
    private readonly token: string,
    private readonly connectionKey: string,
    private readonly policies: VendorPolicies,
  ) {}

  /** The organization the token belongs to (OpenID Connect userinfo). */
  async organizationId(): Promise<string> {
    const body = await this.call<{ organization_id: string }>('GET', '/services/oauth2/userinfo');
    return body.organization_id;
  }

  /** One page of a SOQL query, 200 records per page asked for. */
  async query(soql: string): Promise<SalesforceQueryPage> {
    return this.page(`${dataPath}/query?q=${encodeURIComponent(soql)}`);
  }

  /** The page after this one, from the previous page's `nextRecordsUrl`. */
  async nextPage(nextRecordsUrl: string): Promise<SalesforceQueryPage> {
    return this.page(nextRecordsUrl);
  }

  /** Creates Leads (at most 200); one result per record, in order; failures do not stop others. */
  async createLeads(records: readonly Record<string, string>[]): Promise<SalesforceSaveResult[]> {
    return this.collection('POST', records);
  }

  /** Updates Leads by `id` (at most 200), like `createLeads`. */
  async updateLeads(
    records: readonly ({ id: string } & Record<string, string>)[],
  ): Promise<SalesforceSaveResult[]> {
    return this.collection('PATCH', records);
  }

  /** Deletes a Lead (to Salesforce's recycle bin); false when it was already gone. */
  async deleteLead(id: string): Promise<boolean> {
    try {
      await this.call('DELETE', `${dataPath}/sobjects/Lead/${encodeURIComponent(id)}`);
      return true;
    } catch (error) {
      if (error instanceof SalesforceError && error.status === 404) return false;
      throw error;
    }
  }

  private async page(path: string): Promise<SalesforceQueryPage> {
    const body = await this.call<{ records: SalesforceLead[]; nextRecordsUrl?: string }>(
      'GET',
      path,
    );
    return { records: body.records, next: body.nextRecordsUrl };
  }

  private collection(
    method: 'POST' | 'PATCH',
    records: readonly Record<string, string>[],
  ): Promise<SalesforceSaveResult[]> {
    return this.call<SalesforceSaveResult[]>(method, `${dataPath}/composite/sobjects`, {
      allOrNone: false,
      records: records.map((record) => ({ attributes: { type: 'Lead' }, ...record })),
    });
  }

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.policies.execute(this.connectionKey, async () => {
      const response = await fetch(`${this.instanceUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: 'application/json',
          // Pages of 200 (the default is 2000): the cursor moves after each.
          'sforce-query-options': `batchSize=${salesforceBatchLimit}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'error',
        signal: AbortSignal.timeout(30_000),
      });
      const parsed = await jsonOf(response);
      if (!response.ok) throw salesforceErrorOf(response.status, parsed);
      return parsed as T;
    });
  }
}
