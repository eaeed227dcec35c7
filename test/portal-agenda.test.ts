import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendAgendaReminders } from '../src/modules/portal/application/agenda-reminders.job.js';
import { FakeOpenAiServer } from './support/fake-openai-server.js';
import { apiClient, json, type Page, type Problem } from './support/http.js';
import { createMember, mailbox, signUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';

interface CampaignRequest {
  id: string;
  status: string;
  strategyId: string | null;
  failureReason: string | null;
  planning: { attempts: number };
}
interface Task {
  id: string;
  kind: string;
  title: string;
  due_at: string;
  status: string;
  automated: boolean;
  request_name: string;
  assignee_name: string | null;
}
interface Notification {
  id: string;
  kind: string;
  title: string;
  read_at: string | null;
}

const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const strategyBody = {
  name: 'Aurora 2027',
  client_company: 'Café Aurora S.A.',
  products: ['Aurora cold brew', 'Aurora beans'],
  messages: ['Cold brew in 24 hours', 'Sustainably farmed'],
  audiences: [
    { name: 'Commuters', countries: ['CR'], ageMin: 22, ageMax: 40, interests: ['coffee'] },
  ],
  intent: 'sales',
  countries: ['CR'],
  channels: ['instagram', 'facebook'],
  budget: { amount: 2_000_000, currency: 'USD' },
  starts_at: inDays(3),
  ends_at: inDays(33),
};

describe('strategies, the execution agenda, notifications and calendar feeds', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: Awaited<ReturnType<typeof signUp>>;
  let marketer: string;
  let request: CampaignRequest;

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
    owner = await signUp(app);
    marketer = await createMember(app, owner.token, 'marketer');
  });
  afterAll(async () => app?.close());

  const read = async (id: string) =>
    json<CampaignRequest>(await api('GET', `/api/v1/campaign-requests/${id}`, { token: marketer }));

  it('keeps strategies and makes a campaign request from one', async () => {
    const created = await api('POST', '/api/v1/strategies', {
      token: marketer,
      body: strategyBody,
    });
    expect(created.status).toBe(201);
    const strategy = await json<{ id: string; client_company: string }>(created);
    const patched = await api('PATCH', `/api/v1/strategies/${strategy.id}`, {
      token: marketer,
      body: { client_company: 'Aurora Coffee Group' },
    });
    expect((await json<{ client_company: string }>(patched)).client_company).toBe(
      'Aurora Coffee Group',
    );
    const bad = await api('POST', '/api/v1/strategies', {
      token: marketer,
      body: { ...strategyBody, channels: ['carrier_pigeon'] },
    });
    expect(bad.status).toBe(400);
    expect((await json<Problem>(bad)).errors![0]!.field).toBe('body.channels.0');

    const fromStrategy = await api('POST', `/api/v1/strategies/${strategy.id}/campaign-requests`, {
      token: marketer,
      body: { name: 'Aurora Q1 push' },
    });
    expect(fromStrategy.status).toBe(202);
    request = await json<CampaignRequest>(fromStrategy);
    expect(request.strategyId).toBe(strategy.id);
    await eventually(
      () => read(request.id),
      (r) => r.status === 'awaiting_approval',
    );
  });

  it('refuses a second strategy of the same name in any letter case, but not in another organisation', async () => {
    const listNames = async (token: string) =>
      (
        await json<Page<{ name: string }>>(
          await api('GET', '/api/v1/strategies?limit=100', { token }),
        )
      ).data.map((strategy) => strategy.name);
    const before = await listNames(marketer);
    const taken = await api('POST', '/api/v1/strategies', {
      token: marketer,
      body: { ...strategyBody, name: '  AURORA 2027 ' },
    });
    expect(taken.status).toBe(409);
    expect(taken.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = await json<Problem>(taken);
    expect(problem.code).toBe('strategy_name_taken');
    expect(problem.detail).toContain('AURORA 2027');
    expect(problem.errors).toEqual([
      { field: 'body.name', message: 'is already the name of another strategy' },
    ]);
    expect(await listNames(marketer)).toEqual(before);

    // Renaming another strategy onto the taken name is refused the same way, and changes nothing.
    const other = await json<{ id: string }>(
      await api('POST', '/api/v1/strategies', {
        token: marketer,
        body: { ...strategyBody, name: 'Aurora 2028' },
      }),
    );
    const renamed = await api('PATCH', `/api/v1/strategies/${other.id}`, {
      token: marketer,
      body: { name: 'aurora 2027', client_company: 'Someone else' },
    });
    expect(renamed.status).toBe(409);
    expect((await json<Problem>(renamed)).code).toBe('strategy_name_taken');
    const unchanged = await json<{ name: string; client_company: string }>(
      await api('GET', `/api/v1/strategies/${other.id}`, { token: marketer }),
    );
    expect(unchanged).toMatchObject({
      name: 'Aurora 2028',
      client_company: strategyBody.client_company,
    });

    const elsewhere = await signUp(app);
    const theirs = await api('POST', '/api/v1/strategies', {
      token: elsewhere.token,
      body: strategyBody,
    });
    expect(theirs.status).toBe(201);
  });

  it('plans the agenda at approval and serves it as iCalendar feeds by feed token', async () => {
    const approved = await api('POST', `/api/v1/campaign-requests/${request.id}/approve`, {
      token: owner.token,
      body: {},
    });
    expect(approved.status).toBe(200);
    // Starts in three days: published and scheduled, not active yet.
    await eventually(
      () => read(request.id),
      (r) => r.status === 'scheduled',
    );
    const agenda = await json<{ data: Task[] }>(
      await api('GET', `/api/v1/campaign-requests/${request.id}/agenda`, { token: marketer }),
    );
    expect(agenda.data.length).toBeGreaterThanOrEqual(6);
    expect(agenda.data[0]!.kind).toBe('deliverable_review');
    // Named for people: the campaign request and the approver the review falls to.
    expect(agenda.data[0]).toMatchObject({
      request_name: 'Aurora Q1 push',
      assignee_name: 'Test Owner',
    });
    expect(agenda.data.filter((task) => task.automated).every((task) => !task.assignee_name)).toBe(
      true,
    );

    expect(
      (await api('GET', '/api/v1/calendar-feeds/cal_not-a-real-token/agenda.ics')).status,
    ).toBe(404);
    const token = await json<{ token: string; agenda_url: string }>(
      await api('POST', '/api/v1/calendar-feed-token', { token: owner.token }),
    );
    const feed = await fetch(`${app.url}/api/v1/calendar-feeds/${token.token}/agenda.ics`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    const ics = await feed.text();
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics.match(/BEGIN:VEVENT/g)!.length).toBe(agenda.data.length);
    expect(ics).toContain('Review the deliverables of Aurora Q1 push');
    const campaignFeed = await fetch(
      `${app.url}/api/v1/calendar-feeds/${token.token}/campaign-requests/${request.id}/agenda.ics`,
    );
    expect(campaignFeed.status).toBe(200);

    // A new token retires the old URLs.
    await api('POST', '/api/v1/calendar-feed-token', { token: owner.token });
    expect((await fetch(`${app.url}/api/v1/calendar-feeds/${token.token}/agenda.ics`)).status).toBe(
      404,
    );
  });

  it('reminds the assignee in-app (with a live stream) and by email, once', async () => {
    const tasks = await json<{ data: Task[] }>(
      await api('GET', `/api/v1/campaign-requests/${request.id}/agenda`, { token: marketer }),
    );
    const review = tasks.data.find((t) => t.kind === 'deliverable_review')!;
    const stream = await fetch(`${app.url}/api/v1/notifications/events`, {
      headers: { authorization: `Bearer ${owner.token}` },
    });
    const reader = stream.body!.getReader();
    await reader.read(); // ": connected"

    const dayBefore = new Date(Date.parse(review.due_at) - 12 * 3_600_000);
    expect(await sendAgendaReminders(app.runtime, dayBefore)).toBeGreaterThanOrEqual(1);
    expect(await sendAgendaReminders(app.runtime, dayBefore)).toBe(0);

    let received = '';
    const deadline = Date.now() + 10_000;
    while (!received.includes('event: notification') && Date.now() < deadline) {
      const chunk = await reader.read();
      received += new TextDecoder().decode(chunk.value);
    }
    await reader.cancel();
    expect(received).toContain('Due soon: Review the deliverables');

    const list = await json<Page<Notification>>(
      await api('GET', '/api/v1/notifications?unread=true', { token: owner.token }),
    );
    const reminder = list.data.find((n) => n.kind === 'due_soon')!;
    expect(reminder.title).toContain('Review the deliverables');
    expect(
      mailbox(app)
        .sent(owner.email)
        .some((m) => m.subject.startsWith('Due soon')),
    ).toBe(true);
    const marked = await api('POST', `/api/v1/notifications/${reminder.id}/read`, {
      token: owner.token,
    });
    expect((await json<Notification>(marked)).read_at).not.toBeNull();
    const otherUser = await api('POST', `/api/v1/notifications/${reminder.id}/read`, {
      token: marketer,
    });
    expect(otherUser.status).toBe(404);

    const done = await api('POST', `/api/v1/agenda-tasks/${review.id}/complete`, {
      token: marketer,
    });
    expect((await json<Task>(done)).status).toBe('done');
    const overdueLater = new Date(Date.parse(review.due_at) + 3_600_000);
    const sent = mailbox(app).sent(owner.email).length;
    await sendAgendaReminders(app.runtime, overdueLater);
    expect(
      mailbox(app)
        .sent(owner.email)
        .slice(sent)
        .filter((m) => m.subject.includes('Review the deliverables')),
    ).toHaveLength(0);
  });
});

describe('a planning failure', () => {
  let fake: FakeOpenAiServer;
  let app: TestApp;

  beforeAll(async () => {
    fake = await FakeOpenAiServer.start();
    fake.script('/v1/chat/completions', ...Array.from({ length: 200 }, () => ({ status: 500 })));
    app = await startTestApp({
      env: {
        AI_PROVIDER: 'openai',
        AI_BASE_URL: fake.url,
        AI_API_KEY: 'sk-test',
        AI_MAX_RETRIES: '0',
        AI_BREAKER_THRESHOLD: '1000',
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  it('ends in failed with the reason, and can be retried', async () => {
    const api = apiClient(app.url);
    const owner = await signUp(app);
    const created = await api('POST', '/api/v1/campaign-requests', {
      token: owner.token,
      body: {
        name: 'Doomed',
        objective: 'awareness',
        product: 'Aurora',
        messages: ['Hello'],
        audiences: [{ name: 'All', countries: ['CR'], ageMin: 18, ageMax: 65, interests: [] }],
        channels: ['tiktok'],
        budget: { amount: 100_000, currency: 'USD' },
        startsAt: inDays(1),
        endsAt: inDays(5),
      },
    });
    const request = await json<CampaignRequest>(created);
    const read = async () =>
      json<CampaignRequest>(
        await api('GET', `/api/v1/campaign-requests/${request.id}`, { token: owner.token }),
      );
    const failed = await eventually(read, (r) => r.status === 'failed', 45_000);
    expect(failed.failureReason).toMatch(/Planning failed after 3 attempts/);
    // The approvers are told after the request is marked failed.
    await eventually(
      async () => mailbox(app).sent(owner.email),
      (mails) => mails.some((m) => /failed/.test(m.subject)),
    );

    const approve = await api('POST', `/api/v1/campaign-requests/${request.id}/approve`, {
      token: owner.token,
      body: {},
    });
    expect(approve.status).toBe(409);
    const retried = await api('POST', `/api/v1/campaign-requests/${request.id}/retry`, {
      token: owner.token,
    });
    expect(retried.status).toBe(202);
    expect((await json<CampaignRequest>(retried)).status).toBe('planning');
    const again = await eventually(read, (r) => r.status === 'failed', 45_000);
    expect(again.planning.attempts).toBeGreaterThan(failed.planning.attempts);
    // Three attempts with back-off, twice.
  }, 100_000);
});
