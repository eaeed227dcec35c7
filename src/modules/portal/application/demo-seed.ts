import { and, count, eq } from 'drizzle-orm';
import type { Runtime } from '../../../platform/runtime.js';
import { demoOrganizationId } from '../../identity/index.js';
import { campaignRequests } from '../infrastructure/portal.tables.js';
import type { CampaignRequestInput } from './draft-plan.js';
import { submitCampaignRequest } from './submit-campaign-request.js';

export const portalDemoActor = 'system:demo-seed';

const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Demo Agency's campaign requests this month: what a Growth customer submits in a few weeks. */
function demoRequests(): Omit<CampaignRequestInput, 'strategyId' | 'brand'>[] {
  const professionals = {
    name: 'Young professionals',
    countries: ['CR', 'MX'],
    ageMin: 25,
    ageMax: 40,
    interests: ['coffee', 'remote work'],
  };
  const families = {
    name: 'Families',
    countries: ['CO'],
    ageMin: 30,
    ageMax: 50,
    interests: ['travel', 'outdoors'],
  };
  return [
    {
      name: 'Aurora cold brew — summer launch',
      objective: 'sales',
      product: 'Aurora cold brew',
      messages: ['Cold brew in 24 hours', 'Delivered to your office'],
      audiences: [professionals],
      channels: ['instagram', 'facebook'],
      budget: { amount: 1_500_000, currency: 'USD' },
      startsAt: day(2),
      endsAt: day(32),
      language: 'en',
    },
    {
      name: 'Lago Verde — fin de semana en familia',
      objective: 'leads',
      product: 'Lago Verde eco-lodge',
      messages: ['Dos noches, niños gratis', 'Reserva con 10 % de anticipo'],
      audiences: [families],
      channels: ['facebook', 'google_ads'],
      budget: { amount: 900_000, currency: 'USD' },
      startsAt: day(5),
      endsAt: day(26),
      language: 'es',
    },
    {
      name: 'Cowork Plus — open house',
      objective: 'awareness',
      product: 'Cowork Plus memberships',
      messages: ['Your first week is on us'],
      audiences: [professionals],
      channels: ['linkedin'],
      budget: { amount: 600_000, currency: 'USD' },
      startsAt: day(7),
      endsAt: day(21),
      language: 'en',
    },
  ];
}

/**
 * A few campaign requests for Demo Agency, submitted as a customer would (planned by the
 * portal's job when jobs run): the Billing page shows campaign requests used this month.
 * Idempotent: submits only the ones missing.
 */
export async function seedPortalDemo(runtime: Runtime, signal?: AbortSignal): Promise<void> {
  const orgId = await demoOrganizationId(runtime);
  if (!orgId) return;
  const [present] = await runtime.db
    .select({ n: count() })
    .from(campaignRequests)
    .where(and(eq(campaignRequests.orgId, orgId), eq(campaignRequests.createdBy, portalDemoActor)));
  for (const input of demoRequests().slice(present?.n ?? 0)) {
    if (signal?.aborted) return;
    await submitCampaignRequest(runtime, { orgId, actor: portalDemoActor, userId: null }, input);
  }
}
