import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendKpiAnomalyAlerts } from '../src/modules/portal/application/kpi-anomalies.job.js';
import { eventually } from './support/eventually.js';
import { apiClient, json, type Page } from './support/http.js';
import { createMember, mailbox, signUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface CampaignRequest {
  id: string;
  status: string;
  campaignId: string;
}
interface Notification {
  kind: string;
  title: string;
  body: string;
  request_id: string | null;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const inDays = (days: number) => dayOf(Date.now() + days * 86_400_000);

describe('KPI anomaly alerts', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
  });
  afterAll(async () => app?.close());

  it('alerts approvers and marketers in-app and by email when yesterday’s CTR collapsed, once a day', async () => {
    const owner = await signUp(app);
    const marketer = await createMember(app, owner.token, 'marketer');
    const created = await api('POST', '/api/v1/campaign-requests', {
      token: marketer,
      body: {
        name: 'Cold brew launch',
        objective: 'sales',
        product: 'Aurora cold brew',
        messages: ['Cold brew delivered in 24 hours'],
        audiences: [
          { name: 'Coffee lovers', countries: ['CR'], ageMin: 25, ageMax: 45, interests: [] },
        ],
        channels: ['instagram'],
        budget: { amount: 1_500_000, currency: 'USD' },
        startsAt: inDays(0),
        endsAt: inDays(14),
      },
    });
    expect(created.status).toBe(202);
    const { id } = await json<CampaignRequest>(created);
    const read = async () =>
      json<CampaignRequest>(
        await api('GET', `/api/v1/campaign-requests/${id}`, { token: marketer }),
      );
    const request = await eventually(read, (r) => r.status === 'awaiting_approval');
    const approved = await api('POST', `/api/v1/campaign-requests/${request.id}/approve`, {
      token: owner.token,
      body: {},
    });
    expect(approved.status).toBe(200);
    await eventually(read, (r) => r.status === 'active');

    // Seven healthy days (2 % CTR) before yesterday, on an ad key of the test's own; the simulated
    // delivery of a campaign starting today writes today only, but clear those days anyway.
    const adId = randomUUID();
    const writeDay = (day: string, impressions: number, clicks: number) =>
      app.runtime.db.execute(sql`
        insert into ads.performance_daily (org_id, ad_id, campaign_id, channel, country, city, day,
          impressions, reach, clicks, reactions, interactions, exposure_seconds, conversions,
          cost_minor, revenue_minor, currency)
        values (${owner.orgId}, ${adId}, ${request.campaignId}, 'instagram', 'CR', 'San José',
          ${day}, ${impressions}, ${impressions}, ${clicks}, 0, ${clicks}, 0, 1, 5000, 9000, 'USD')
        on conflict (org_id, ad_id, channel, country, city, day)
          do update set impressions = excluded.impressions, clicks = excluded.clicks`);
    await app.runtime.db.execute(sql`
      delete from ads.performance_daily
      where org_id = ${owner.orgId} and campaign_id = ${request.campaignId}
        and day between ${inDays(-8)} and ${inDays(-1)}`);
    for (let back = 8; back >= 2; back -= 1) await writeDay(inDays(-back), 2_000, 40);
    await writeDay(inDays(-1), 2_000, 40);

    const now = new Date();
    const mailsBefore = mailbox(app).sent(owner.email).length;
    expect(await sendKpiAnomalyAlerts(app.runtime, now)).toBe(0);

    // Yesterday the CTR collapses to 0.25 %.
    await writeDay(inDays(-1), 2_000, 5);
    expect(await sendKpiAnomalyAlerts(app.runtime, now)).toBe(1);

    const forOwner = await json<Page<Notification>>(
      await api('GET', '/api/v1/notifications', { token: owner.token }),
    );
    const alert = forOwner.data.find((n) => n.kind === 'kpi_anomaly');
    expect(alert).toMatchObject({ request_id: request.id });
    expect(alert!.title).toBe('KPI anomaly in Cold brew launch: CTR');
    expect(alert!.body).toContain('CTR 0.25%');
    expect(alert!.body).toContain('87.5% below the 2.00%');
    const forMarketer = await json<Page<Notification>>(
      await api('GET', '/api/v1/notifications', { token: marketer }),
    );
    expect(forMarketer.data.filter((n) => n.kind === 'kpi_anomaly')).toHaveLength(1);
    const mails = mailbox(app).sent(owner.email).slice(mailsBefore);
    expect(mails.map((m) => m.subject)).toEqual(['KPI anomaly in Cold brew launch: CTR']);
    expect(mails[0]!.text).toContain(`/campaign-requests/${request.id}`);

    // The same day again: nothing new.
    expect(await sendKpiAnomalyAlerts(app.runtime, now)).toBe(0);
    expect(mailbox(app).sent(owner.email).slice(mailsBefore)).toHaveLength(1);
    const again = await json<Page<Notification>>(
      await api('GET', '/api/v1/notifications', { token: owner.token }),
    );
    expect(again.data.filter((n) => n.kind === 'kpi_anomaly')).toHaveLength(1);
  });
});
