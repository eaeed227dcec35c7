import { customerIdOf } from '../domain/google-ads-mapping.js';
import type { GoogleAdsClient } from './google-ads-client.js';

/** A Google Ads account as GAQL returns it (`customer` or `customer_client`). */
export interface GoogleCustomer {
  id: string;
  descriptiveName?: string;
  currencyCode: string;
  manager?: boolean;
  status?: string;
}

export interface ChosenCustomer {
  customer: GoogleCustomer;
  /** The manager account calls go through (`login-customer-id`), when not directly accessible. */
  loginCustomerId: string | undefined;
}

/** The account-choice policy key: these calls are not one customer's. */
const oauthKey = 'oauth';

/** Customers the token can reach directly (`customers:listAccessibleCustomers`). */
export async function accessibleCustomers(
  client: GoogleAdsClient,
  accessToken: string,
): Promise<string[]> {
  const answer = await client.call<{ resourceNames?: string[] }>(oauthKey, {
    method: 'GET',
    path: 'customers:listAccessibleCustomers',
    accessToken,
    // Listing must not go through a manager: it is the user's own reach.
    loginCustomerId: undefined,
  });
  return (answer.resourceNames ?? []).map(customerIdOf);
}

async function search<T>(
  client: GoogleAdsClient,
  accessToken: string,
  customerId: string,
  loginCustomerId: string | undefined,
  query: string,
): Promise<T[]> {
  const answer = await client.call<{ results?: T[] }>(oauthKey, {
    method: 'POST',
    path: `customers/${customerId}/googleAds:search`,
    accessToken,
    loginCustomerId,
    body: { query },
  });
  return answer.results ?? [];
}

/** The account's name, currency, status and whether it is a manager (GAQL on `customer`). */
export async function describeCustomer(
  client: GoogleAdsClient,
  accessToken: string,
  customerId: string,
  loginCustomerId: string | undefined,
): Promise<GoogleCustomer | undefined> {
  const [row] = await search<{ customer?: GoogleCustomer }>(
    client,
    accessToken,
    customerId,
    loginCustomerId,
    'SELECT customer.id, customer.descriptive_name, customer.currency_code, customer.manager, customer.status FROM customer LIMIT 1',
  );
  return row?.customer;
}

/** An account under a manager the user can reach (GAQL on the manager's `customer_client`). */
async function clientOfManager(
  client: GoogleAdsClient,
  accessToken: string,
  managerId: string,
  customerId: string,
): Promise<GoogleCustomer | undefined> {
  const [row] = await search<{ customerClient?: GoogleCustomer }>(
    client,
    accessToken,
    managerId,
    managerId,
    `SELECT customer_client.id, customer_client.descriptive_name, customer_client.currency_code, customer_client.manager, customer_client.status FROM customer_client WHERE customer_client.id = ${customerId}`,
  );
  return row?.customerClient;
}

const servable = (customer: GoogleCustomer | undefined): customer is GoogleCustomer =>
  customer !== undefined &&
  customer.manager !== true &&
  (customer.status ?? 'ENABLED') === 'ENABLED';

/**
 * The account to connect: the one asked for (directly accessible, or reached through one of the
 * user's manager accounts, which then becomes the `login-customer-id`), else the first enabled
 * non-manager account the user can reach directly. With a platform manager account configured
 * (GOOGLE_ADS_LOGIN_CUSTOMER_ID) every call goes through it.
 */
export async function chooseCustomer(
  client: GoogleAdsClient,
  accessToken: string,
  requested: string | null,
  platformManager: string | undefined,
): Promise<ChosenCustomer | undefined> {
  if (platformManager) {
    const id = requested ?? undefined;
    if (!id) return undefined;
    const customer = await describeCustomer(client, accessToken, id, platformManager);
    return servable(customer) ? { customer, loginCustomerId: platformManager } : undefined;
  }
  const reachable = (await accessibleCustomers(client, accessToken)).slice(0, 20);
  if (requested && reachable.includes(requested)) {
    const customer = await describeCustomer(client, accessToken, requested, undefined);
    return servable(customer) ? { customer, loginCustomerId: undefined } : undefined;
  }
  const described: GoogleCustomer[] = [];
  for (const id of reachable) {
    const customer = await describeCustomer(client, accessToken, id, undefined);
    if (!customer) continue;
    if (!requested && servable(customer)) return { customer, loginCustomerId: undefined };
    described.push(customer);
  }
  if (!requested) return undefined;
  for (const manager of described.filter((c) => c.manager === true)) {
    const customer = await clientOfManager(client, accessToken, manager.id, requested);
    if (servable(customer)) return { customer, loginCustomerId: manager.id };
  }
  return undefined;
}
