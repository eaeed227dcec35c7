import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, json, type Page, type Problem } from './support/http.js';
import { createMember, mailbox, signUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';
import { inDays, requestBody } from './support/campaign-request-body.js';

interface Proposal {
  adSets: { adSetId: string; channel: string; share: number; dailyBudgetMinor: number }[];
  contentVariants: {
    adId: string;
    adSetId: string;
    headline: string;
    contentAssetId: string | null;
  }[];
  suggestions: string[];
  serverMs: number;
}
interface CampaignRequest {
  id: string;
  status: string;
  campaignId: string | null;
  contentRequestIds: string[];
  segmentIds: string[];
  failureReason: string | null;
  proposal: Proposal | null;
  createdByName: string | null;
  decision: {
    byName: string | null;
    verdict: string;
    comment: string | null;
    contentVariants: Record<string, { decision: string }>;
  } | null;
  planning: { stage: string | null; attempts: number };
}

describe('campaign requests through the HTTP API', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: Awaited<ReturnType<typeof signUp>>;
  let marketer: string;
  let analyst: string;

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
    owner = await signUp(app);
    marketer = await createMember(app, owner.token, 'marketer');
    analyst = await createMember(app, owner.token, 'analyst');
  });
  afterAll(async () => app?.close());

  const get = async (id: string, token = marketer) =>
    json<CampaignRequest>(await api('GET', `/api/v1/campaign-requests/${id}`, { token }));

  it('refuses bad input with field errors and writes nothing', async () => {
    const bad = await api('POST', '/api/v1/campaign-requests', {
      token: marketer,
      body: requestBody({
        objective: 'fame',
        audiences: [
          { name: 'x', countries: ['Costa Rica'], ageMin: 50, ageMax: 20, interests: [] },
        ],
        budget: { amount: -5, currency: 'USD' },
        endsAt: inDays(-3),
      }),
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const problem = await json<Problem>(bad);
    const fields = problem.errors!.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'body.objective',
        'body.audiences.0.countries.0',
        'body.budget.amount',
      ]),
    );
    const list = await json<Page<CampaignRequest>>(
      await api('GET', '/api/v1/campaign-requests', { token: marketer }),
    );
    expect(list.data).toHaveLength(0);
    const campaigns = await json<Page<unknown>>(
      await api('GET', '/api/v1/campaigns', { token: marketer }),
    );
    expect(campaigns.data).toHaveLength(0);
  });

  it('lets an analyst read but not request', async () => {
    const refused = await api('POST', '/api/v1/campaign-requests', {
      token: analyst,
      body: requestBody(),
    });
    expect(refused.status).toBe(403);
  });

  it('plans a request into a proposal, streaming progress, and an approver approves it item by item', async () => {
    const key = `req-${Date.now()}`;
    const created = await api('POST', '/api/v1/campaign-requests', {
      token: marketer,
      body: requestBody(),
      headers: { 'idempotency-key': key },
    });
    expect(created.status).toBe(202);
    const accepted = await json<CampaignRequest>(created);
    expect(accepted.status).toBe('planning');
    expect(accepted.planning.stage).toBe('queued');

    const replay = await api('POST', '/api/v1/campaign-requests', {
      token: marketer,
      body: requestBody({ name: 'other' }),
      headers: { 'idempotency-key': key },
    });
    expect(replay.status).toBe(422);

    // Planning drafts the segment, the PromptAds campaign and the PromptContent requests first.
    const request = await eventually(
      () => get(accepted.id),
      (r) => r.campaignId !== null,
    );
    expect(request.contentRequestIds.length).toBeGreaterThan(0);
    expect(request.segmentIds).toHaveLength(1);

    // The draft exists in PromptAds but nothing is published before approval.
    const draft = await json<{ status: string }>(
      await api('GET', `/api/v1/campaigns/${request.campaignId}`, { token: marketer }),
    );
    expect(draft.status).toBe('draft');

    const events = await fetch(`${app.url}/api/v1/campaign-requests/${request.id}/events`, {
      headers: { authorization: `Bearer ${marketer}` },
    });
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    const stream = await events.text();
    expect(stream).toContain('"status":"awaiting_approval"');

    const proposed = await get(request.id);
    expect(proposed.status).toBe('awaiting_approval');
    const proposal = proposed.proposal!;
    expect(proposal.adSets).toHaveLength(2);
    expect(proposal.adSets.reduce((sum, s) => sum + s.share, 0)).toBeCloseTo(1, 2);
    expect(proposal.contentVariants).toHaveLength(4);
    expect(proposal.contentVariants.every((v) => v.headline.length > 0)).toBe(true);
    // The PromptContent banners were generated in time and attached to the variants.
    expect(proposal.contentVariants.every((v) => v.contentAssetId !== null)).toBe(true);
    expect(
      mailbox(app)
        .sent(owner.email)
        .some((m) => /awaits your approval/.test(m.subject)),
    ).toBe(true);

    const byMarketer = await api('POST', `/api/v1/campaign-requests/${request.id}/approve`, {
      token: marketer,
      body: {},
    });
    expect(byMarketer.status).toBe(403);

    const rejectedVariant = proposal.contentVariants[1]!;
    const approved = await api('POST', `/api/v1/campaign-requests/${request.id}/approve`, {
      token: owner.token,
      body: {
        comment: 'Go, without variant B on the first ad set',
        contentVariants: [{ id: rejectedVariant.adId, decision: 'rejected', comment: 'off-brand' }],
      },
    });
    expect(approved.status).toBe(200);
    const decided = await json<CampaignRequest>(approved);
    expect(decided.status).toBe('approved');
    expect(decided.decision!.contentVariants[rejectedVariant.adId]!.decision).toBe('rejected');
    // People by name, not by principal id: who asked and who approved.
    expect(decided.createdByName).toBe('Test marketer');
    expect(decided.decision!.byName).toBe('Test Owner');

    const again = await api('POST', `/api/v1/campaign-requests/${request.id}/approve`, {
      token: owner.token,
      body: {},
    });
    expect(again.status).toBe(409);

    const active = await eventually(
      () => get(request.id),
      (r) => r.status === 'active',
    );
    expect(active.status).toBe('active');
    const ads = await json<Page<{ id: string; headline: string; content_asset_id: string | null }>>(
      await api('GET', `/api/v1/ads?campaign_id=${request.campaignId}`, { token: marketer }),
    );
    expect(ads.data.map((a) => a.id)).not.toContain(rejectedVariant.adId);
    expect(ads.data).toHaveLength(3);
    const approvedCopy = proposal.contentVariants.find((v) => v.adId === ads.data[0]!.id)!;
    expect(ads.data[0]!.headline).toBe(approvedCopy.headline);
    expect(ads.data[0]!.content_asset_id).toBe(approvedCopy.contentAssetId);
    const adSets = await json<Page<{ crm_segment_id: string | null }>>(
      await api('GET', `/api/v1/ad-sets?campaign_id=${request.campaignId}`, { token: marketer }),
    );
    expect(adSets.data.map((s) => s.crm_segment_id)).toEqual([
      request.segmentIds[0],
      request.segmentIds[0],
    ]);
    // PromptAds' delivery job starts the campaign at its channels.
    await eventually(
      async () =>
        json<{ status: string }>(
          await api('GET', `/api/v1/campaigns/${request.campaignId}`, { token: marketer }),
        ),
      (campaign) => campaign.status === 'active',
    );

    const agenda = await json<{ data: { kind: string; status: string }[] }>(
      await api('GET', `/api/v1/campaign-requests/${request.id}/agenda`, { token: marketer }),
    );
    expect(agenda.data.map((t) => t.kind)).toEqual(
      expect.arrayContaining(['deliverable_review', 'publishing', 'budget_check', 'report']),
    );
  });

  it('rejects a proposal with a comment and publishes nothing', async () => {
    const accepted = await json<CampaignRequest>(
      await api('POST', '/api/v1/campaign-requests', { token: marketer, body: requestBody() }),
    );
    const request = await eventually(
      () => get(accepted.id),
      (r) => r.status === 'awaiting_approval',
    );
    const noComment = await api('POST', `/api/v1/campaign-requests/${request.id}/reject`, {
      token: owner.token,
      body: {},
    });
    expect(noComment.status).toBe(400);
    const rejected = await api('POST', `/api/v1/campaign-requests/${request.id}/reject`, {
      token: owner.token,
      body: { comment: 'Budget too high for Q1' },
    });
    expect(rejected.status).toBe(200);
    expect((await json<CampaignRequest>(rejected)).decision!.comment).toBe(
      'Budget too high for Q1',
    );
    const campaign = await json<{ status: string }>(
      await api('GET', `/api/v1/campaigns/${request.campaignId}`, { token: marketer }),
    );
    expect(campaign.status).toBe('draft');
  });

  it("answers 402 once the plan's monthly allowance is used", async () => {
    // A separate organisation on PromptAds Starter (20 a month), so the others keep their trial.
    const small = await signUp(app);
    const subscribed = await api('PUT', '/api/v1/billing/subscription', {
      token: small.token,
      body: { plan_id: 'promptads-starter', payment_method: 'pm_card_visa' },
    });
    expect(subscribed.status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const response = await api('POST', '/api/v1/campaign-requests', {
        token: small.token,
        body: requestBody(),
      });
      statuses.push(response.status);
      if (response.status === 402) {
        const problem = await json<Problem>(response);
        expect(problem.code).toBe('quota_exceeded');
      }
    }
    expect(statuses.filter((status) => status === 202)).toHaveLength(20);
    expect(statuses.at(-1)).toBe(402);
  });

  it("hides another organisation's requests", async () => {
    const other = await signUp(app);
    const list = await json<Page<CampaignRequest>>(
      await api('GET', '/api/v1/campaign-requests', { token: marketer }),
    );
    const response = await api('GET', `/api/v1/campaign-requests/${list.data[0]!.id}`, {
      token: other.token,
    });
    expect(response.status).toBe(404);
  });
});
