import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, json, type Page, type Problem } from './support/http.js';
import { createMember, signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Stage {
  id: string;
  name: string;
  kind: string;
  probability: number;
}
interface Pipeline {
  id: string;
  name: string;
  is_default: boolean;
  stages: Stage[];
}
interface Deal {
  id: string;
  status: string;
  stage_id: string;
  pipeline_id: string;
  contact_id: string | null;
  amount: { amount_minor: number; currency: string };
  products: { name: string; quantity: number; unit_price_minor: number }[];
  lost_reason: string | null;
  won_at: string | null;
  campaign_id: string | null;
}
interface Sales {
  data: { key: string | null; currency: string; orders: number; amount_minor: number }[];
}

const today = () => new Date().toISOString().slice(0, 10);

describe('CRM pipelines, deals and sales through the HTTP API', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let agent: string;
  let pipeline: Pipeline;
  // The campaign the lead came from: a body may only name the organisation's own campaigns.
  let campaignId: string;

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
    owner = await signUp(app);
    agent = await createMember(app, owner.token, 'sales_agent');
    const today = new Date().toISOString().slice(0, 10);
    const campaign = await api('POST', '/api/v1/campaigns', {
      token: owner.token,
      body: {
        brand: 'Aurora',
        name: 'Pipeline source',
        objective: 'sales',
        countries: ['CR'],
        budget: { amount_minor: 1_000_000, currency: 'USD' },
        start_date: today,
        end_date: today,
      },
    });
    campaignId = (await json<{ id: string }>(campaign)).id;
  });
  afterAll(async () => app?.close());

  it('gives every organisation a default pipeline and creates custom ones closed by Won and Lost', async () => {
    const list = await json<{ data: Pipeline[] }>(
      await api('GET', '/api/v1/pipelines', { token: agent }),
    );
    expect(list.data).toHaveLength(1);
    pipeline = list.data[0]!;
    expect(pipeline.is_default).toBe(true);
    expect(pipeline.stages.map((s) => s.name)).toEqual([
      'New',
      'Qualified',
      'Proposal',
      'Negotiation',
      'Won',
      'Lost',
    ]);
    const again = await json<{ data: Pipeline[] }>(
      await api('GET', '/api/v1/pipelines', { token: agent }),
    );
    expect(again.data).toHaveLength(1);

    const custom = await api('POST', '/api/v1/pipelines', {
      token: agent,
      body: { name: 'Wholesale', stages: [{ name: 'Sample sent', probability: 30 }] },
    });
    expect(custom.status).toBe(201);
    expect((await json<Pipeline>(custom)).stages.map((s) => s.kind)).toEqual([
      'open',
      'won',
      'lost',
    ]);
  });

  it('takes a lead through the pipeline to a won sale counted by campaign and month', async () => {
    const contact = await json<{ id: string }>(
      await api('POST', '/api/v1/leads', {
        token: agent,
        body: { email: 'deal.lead@example.test', campaign_id: campaignId },
      }),
    );
    const created = await api('POST', '/api/v1/deals', {
      token: agent,
      body: {
        title: 'Cold brew subscription',
        contact_id: contact.id,
        owner_user_id: owner.userId,
        currency: 'USD',
        products: [
          { name: 'Cold brew 12-pack', quantity: 2, unit_price_minor: 4_500 },
          { name: 'Grinder', quantity: 1, unit_price_minor: 12_000 },
        ],
      },
    });
    expect(created.status).toBe(201);
    const deal = await json<Deal>(created);
    expect(deal).toMatchObject({
      status: 'open',
      stage_id: pipeline.stages[0]!.id,
      amount: { amount_minor: 21_000, currency: 'USD' },
      campaign_id: campaignId,
      // The owner by name, for people; the id stays for programs.
      owner_user_id: owner.userId,
      owner_name: 'Test Owner',
    });
    const lead = await json<{ lifecycle_stage: string }>(
      await api('GET', `/api/v1/contacts/${contact.id}`, { token: agent }),
    );
    expect(lead.lifecycle_stage).toBe('opportunity');

    const moved = await api('POST', `/api/v1/deals/${deal.id}/move`, {
      token: agent,
      body: { stage_id: pipeline.stages[2]!.id },
    });
    expect((await json<Deal>(moved)).stage_id).toBe(pipeline.stages[2]!.id);

    const won = await json<Deal>(
      await api('POST', `/api/v1/deals/${deal.id}/win`, { token: agent }),
    );
    expect(won.status).toBe('won');
    expect(won.won_at).toBeTruthy();
    const customer = await json<{ lifecycle_stage: string }>(
      await api('GET', `/api/v1/contacts/${contact.id}`, { token: agent }),
    );
    expect(customer.lifecycle_stage).toBe('customer');

    const reopen = await api('POST', `/api/v1/deals/${deal.id}/move`, {
      token: agent,
      body: { stage_id: pipeline.stages[1]!.id },
    });
    expect(reopen.status).toBe(409);

    const byCampaign = await json<Sales>(
      await api('GET', `/api/v1/sales?from=${today()}&to=${today()}&group_by=campaign`, {
        token: agent,
      }),
    );
    expect(byCampaign.data).toEqual([
      { key: campaignId, currency: 'USD', orders: 1, amount_minor: 21_000 },
    ]);
    const byMonth = await json<Sales>(
      await api('GET', `/api/v1/sales?from=${today()}&to=${today()}&group_by=month`, {
        token: agent,
      }),
    );
    expect(byMonth.data[0]).toMatchObject({ key: today().slice(0, 7), orders: 1 });
    const before = await json<Sales>(
      await api('GET', '/api/v1/sales?from=2020-01-01&to=2020-12-31', { token: agent }),
    );
    expect(before.data).toEqual([]);
  });

  it('loses a deal only with a reason', async () => {
    const deal = await json<Deal>(
      await api('POST', '/api/v1/deals', {
        token: agent,
        body: { title: 'Too expensive', amount_minor: 99_000, currency: 'EUR' },
      }),
    );
    const lostStage = pipeline.stages.find((s) => s.kind === 'lost')!;
    const noReason = await api('POST', `/api/v1/deals/${deal.id}/move`, {
      token: agent,
      body: { stage_id: lostStage.id },
    });
    expect(noReason.status).toBe(400);
    expect((await json<Problem>(noReason)).errors?.[0]?.field).toBe('body.reason');
    const lost = await json<Deal>(
      await api('POST', `/api/v1/deals/${deal.id}/lose`, {
        token: agent,
        body: { reason: 'Price' },
      }),
    );
    expect(lost).toMatchObject({ status: 'lost', lost_reason: 'Price', stage_id: lostStage.id });
    const listed = await json<Page<Deal>>(
      await api('GET', '/api/v1/deals?status=lost', { token: agent }),
    );
    expect(listed.data.map((d) => d.id)).toEqual([deal.id]);
  });

  it('refuses stages of another pipeline, unknown contacts and foreign deals', async () => {
    const deal = await json<Deal>(
      await api('POST', '/api/v1/deals', {
        token: agent,
        body: { title: 'X', amount_minor: 1, currency: 'USD' },
      }),
    );
    const other = await json<{ data: Pipeline[] }>(
      await api('GET', '/api/v1/pipelines', { token: agent }),
    );
    const wholesale = other.data.find((p) => !p.is_default)!;
    const wrongStage = await api('POST', `/api/v1/deals/${deal.id}/move`, {
      token: agent,
      body: { stage_id: wholesale.stages[0]!.id },
    });
    expect(wrongStage.status).toBe(400);
    const unknownContact = await api('POST', '/api/v1/deals', {
      token: agent,
      body: { title: 'Y', amount_minor: 1, currency: 'USD', contact_id: deal.id },
    });
    expect(unknownContact.status).toBe(400);
    const stranger = await signUp(app);
    expect((await api('GET', `/api/v1/deals/${deal.id}`, { token: stranger.token })).status).toBe(
      404,
    );
    expect(
      (await api('POST', `/api/v1/deals/${deal.id}/win`, { token: stranger.token })).status,
    ).toBe(404);
  });
});
