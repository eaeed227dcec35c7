import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { raiseRightsAlerts } from '../src/modules/content/application/rights-expiry-alerts.job.js';
import { rightsExpiringEvent } from '../src/modules/content/index.js';
import { apiClient, json, type Page } from './support/http.js';
import { signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Asset {
  id: string;
  usage_rights: { expires_at: string | null; alerted_at: string | null; expires_soon: boolean };
}

const day = 86_400_000;

/** Usage-rights expiry alerts: the daily job, its events, and what the API shows of them. */
describe('usage rights expiry alerts', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let other: SignedUp;

  // Without workers, so the outbox keeps the events for the assertions below.
  beforeAll(async () => {
    app = await startTestApp({ work: false });
    api = apiClient(app.url);
    owner = await signUp(app);
    other = await signUp(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  async function upload(who: SignedUp, title: string, expiresInDays: number | null) {
    const response = await api('POST', '/api/v1/assets', {
      token: who.token,
      body: {
        type: 'text',
        title,
        description: `${title}: licensed copy`,
        body: 'Licensed copy.',
        licence: 'Agency licence 7',
        ...(expiresInDays === null
          ? {}
          : { rights_expires_at: new Date(Date.now() + expiresInDays * day).toISOString() }),
      },
    });
    expect(response.status, await response.clone().text()).toBe(201);
    return json<Asset>(response);
  }
  const alertsFor = async (assetId: string) => {
    const rows = await app.runtime.database.query<{ payload: Record<string, unknown> }>(
      sql`select payload from platform.outbox_events
          where type = ${rightsExpiringEvent} and payload->>'assetId' = ${assetId}`,
    );
    return rows.map((r) => r.payload);
  };
  const get = async (who: SignedUp, id: string) =>
    json<Asset>(await api('GET', `/api/v1/assets/${id}`, { token: who.token }));

  it('alerts once per asset and expiry, shows it on the asset and in the alerted list', async () => {
    const soon = await upload(owner, 'Soon', 10);
    const later = await upload(owner, 'Later', 90);
    const lapsed = await upload(owner, 'Lapsed', -1);
    const open = await upload(owner, 'No expiry', null);
    const foreign = await upload(other, 'Foreign soon', 5);

    expect(await raiseRightsAlerts(app.runtime)).toBeGreaterThanOrEqual(2);
    const [alert] = await alertsFor(soon.id);
    expect(alert).toMatchObject({ assetId: soon.id, title: 'Soon', daysLeft: 10 });
    expect(await alertsFor(foreign.id)).toHaveLength(1);
    for (const quiet of [later, lapsed, open]) expect(await alertsFor(quiet.id)).toEqual([]);

    expect((await get(owner, soon.id)).usage_rights.alerted_at).not.toBeNull();
    expect((await get(owner, later.id)).usage_rights.alerted_at).toBeNull();
    const alerted = await json<Page<Asset>>(
      await api('GET', '/api/v1/assets?rights=alerted', { token: owner.token }),
    );
    // Tenant-scoped: the other organisation's alerted asset is not listed.
    expect(alerted.data.map((a) => a.id)).toEqual([soon.id]);

    // Idempotent: the next run raises nothing new.
    expect(await raiseRightsAlerts(app.runtime)).toBe(0);
    expect(await alertsFor(soon.id)).toHaveLength(1);
  });

  it('alerts again for a new expiry date, and for rights entering the window later', async () => {
    const renewed = await upload(owner, 'Renewed', 20);
    await raiseRightsAlerts(app.runtime);
    expect(await alertsFor(renewed.id)).toHaveLength(1);

    const patched = await api('PATCH', `/api/v1/assets/${renewed.id}`, {
      token: owner.token,
      body: { rights_expires_at: new Date(Date.now() + 25 * day).toISOString() },
    });
    expect(patched.status, await patched.clone().text()).toBe(200);
    // The new expiry is not alerted yet.
    expect((await get(owner, renewed.id)).usage_rights.alerted_at).toBeNull();
    await raiseRightsAlerts(app.runtime);
    const alerts = await alertsFor(renewed.id);
    expect(alerts).toHaveLength(2);
    expect(alerts[1]).toMatchObject({ daysLeft: 25 });

    // An asset 40 days out is alerted by the run 15 days from now, not by today's.
    const distant = await upload(owner, 'Distant', 40);
    await raiseRightsAlerts(app.runtime);
    expect(await alertsFor(distant.id)).toEqual([]);
    await raiseRightsAlerts(app.runtime, new Date(Date.now() + 15 * day));
    expect(await alertsFor(distant.id)).toHaveLength(1);
  });

  it('is registered as a daily scheduled job', () => {
    const job = app.runtime.jobs
      .definitions()
      .find((definition) => definition.name === 'content.rights-expiry-alerts');
    expect(job?.cron).toBe('15 5 * * *');
  });
});
