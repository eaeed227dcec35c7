import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuns } from '../src/modules/crm/application/automation-runs.js';
import { findFlow } from '../src/modules/crm/infrastructure/automations.repository.js';
import { apiClient, json, type Page, type Problem } from './support/http.js';
import { createMember, signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';

interface Flow {
  id: string;
  enabled: boolean;
  webhook_secret?: string;
}
interface Run {
  id: string;
  contact_id: string;
  status: string;
  next_step: number;
  occurrence: string;
  log: { step: number; action: string; status: string; detail?: string; error?: string }[];
}
interface Contact {
  id: string;
  tags: string[];
  owner_user_id: string | null;
}

describe('CRM attention flows through the HTTP API', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let analyst: string;

  const runs = async (flowId: string) =>
    (
      await json<Page<Run>>(
        await api('GET', `/api/v1/automations/${flowId}/runs`, { token: owner.token }),
      )
    ).data;
  const contact = async (id: string) =>
    json<Contact>(await api('GET', `/api/v1/contacts/${id}`, { token: owner.token }));
  async function lead(body: Record<string, unknown>) {
    const response = await api('POST', '/api/v1/leads', { token: owner.token, body });
    expect(response.status).toBe(201);
    return (await json<{ id: string }>(response)).id;
  }
  async function flow(body: Record<string, unknown>) {
    const response = await api('POST', '/api/v1/automations', { token: owner.token, body });
    expect(response.status).toBe(201);
    return json<Flow>(response);
  }

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
    owner = await signUp(app);
    analyst = await createMember(app, owner.token, 'analyst');
  });
  afterAll(async () => app?.close());

  it('runs a flow on a captured lead that meets its conditions, step by step, with a log', async () => {
    const welcome = await flow({
      name: 'Welcome Costa Rica leads',
      enabled: true,
      trigger: { type: 'event', event: 'crm.lead-captured' },
      conditions: { match: 'all', conditions: [{ field: 'country', op: 'eq', value: 'CR' }] },
      steps: [
        { action: 'add_tag', tag: 'Welcomed' },
        { action: 'assign_owner', user_id: owner.userId },
        { action: 'wait', minutes: 30 },
        { action: 'add_tag', tag: 'followed-up' },
      ],
    });
    expect(welcome.webhook_secret).toBeUndefined();

    const costaRican = await lead({ first_name: 'Ana', email: 'ana@example.com', country: 'CR' });
    const mexican = await lead({ first_name: 'Beto', email: 'beto@example.com', country: 'MX' });

    const list = await eventually(
      () => runs(welcome.id),
      (value) =>
        value.length === 2 &&
        value.some((run) => run.contact_id === costaRican && run.status === 'waiting'),
    );
    const waiting = list.find((run) => run.contact_id === costaRican)!;
    expect(waiting.next_step).toBe(3);
    expect(waiting.log.map((entry) => [entry.step, entry.action, entry.status])).toEqual([
      [0, 'add_tag', 'completed'],
      [1, 'assign_owner', 'completed'],
      [2, 'wait', 'waiting'],
    ]);
    const skipped = list.find((run) => run.contact_id === mexican)!;
    expect(skipped.status).toBe('skipped');
    expect(skipped.log[0]).toMatchObject({ action: 'conditions', status: 'skipped' });

    const tagged = await contact(costaRican);
    expect(tagged.tags).toContain('welcomed');
    expect(tagged.tags).not.toContain('followed-up');
    expect(tagged.owner_user_id).toBe(owner.userId);

    const one = await api('GET', `/api/v1/automation-runs/${waiting.id}`, { token: analyst });
    expect((await json<Run>(one)).status).toBe('waiting');
  });

  it('starts one run per trigger occurrence however often it is delivered', async () => {
    const created = await flow({
      name: 'Tag on demand',
      enabled: true,
      trigger: { type: 'event', event: 'crm.contact-updated' },
      steps: [{ action: 'add_tag', tag: 'touched' }],
    });
    const contactId = await lead({ first_name: 'Carla', email: 'carla@example.com' });
    const row = (await findFlow(app.runtime.db, owner.orgId, created.id))!;
    const first = await startRuns(app.runtime, row, [contactId], 'event:redelivered', {
      recordSkipped: true,
    });
    const second = await startRuns(app.runtime, row, [contactId], 'event:redelivered', {
      recordSkipped: true,
    });
    expect([first, second]).toEqual([1, 0]);
    const done = await eventually(
      () => runs(created.id),
      (value) => value.length === 1 && value[0]!.status === 'completed',
    );
    expect(done[0]!.log).toHaveLength(1);
    expect((await contact(contactId)).tags).toContain('touched');
  });

  it('starts flows when a contact enters a segment, and not while the flow is disabled', async () => {
    const segment = await json<{ id: string }>(
      await api('POST', '/api/v1/segments', {
        token: owner.token,
        body: {
          name: 'Panama',
          rules: { match: 'all', conditions: [{ field: 'country', op: 'eq', value: 'PA' }] },
        },
      }),
    );
    const entry = await flow({
      name: 'Panama entry',
      trigger: { type: 'segment_entry', segment_id: segment.id },
      steps: [{ action: 'add_tag', tag: 'panama' }],
    });
    expect(entry.enabled).toBe(false);
    const early = await lead({ first_name: 'Dora', email: 'dora@example.com', country: 'PA' });
    await eventually(
      async () =>
        json<Page<{ contact_id: string }>>(
          await api('GET', `/api/v1/segments/${segment.id}/members`, { token: owner.token }),
        ),
      (page) => page.data.some((member) => member.contact_id === early),
    );
    expect(await runs(entry.id)).toEqual([]);

    const enabled = await api('POST', `/api/v1/automations/${entry.id}/enable`, {
      token: owner.token,
    });
    expect((await json<Flow>(enabled)).enabled).toBe(true);
    const later = await lead({ first_name: 'Eva', email: 'eva@example.com', country: 'PA' });
    const started = await eventually(
      () => runs(entry.id),
      (value) => value.length === 1 && value[0]!.status === 'completed',
    );
    expect(started[0]!.contact_id).toBe(later);
    expect((await contact(later)).tags).toContain('panama');
  });

  it('refuses flows that cannot run, and answers 404 to other organisations', async () => {
    const plainHttp = await api('POST', '/api/v1/automations', {
      token: owner.token,
      body: {
        name: 'Insecure hook',
        trigger: { type: 'event', event: 'crm.deal-won' },
        steps: [{ action: 'call_webhook', url: 'http://example.com/hook' }],
      },
    });
    expect(plainHttp.status).toBe(400);
    expect((await json<Problem>(plainHttp)).errors?.[0]?.field).toContain('steps.0');
    const noSteps = await api('POST', '/api/v1/automations', {
      token: owner.token,
      body: { name: 'Empty', trigger: { type: 'event', event: 'crm.deal-won' }, steps: [] },
    });
    expect(noSteps.status).toBe(400);
    expect(
      (
        await api('POST', '/api/v1/automations', {
          token: analyst,
          body: {
            name: 'Not mine',
            trigger: { type: 'event', event: 'crm.deal-won' },
            steps: [{ action: 'add_tag', tag: 'x' }],
          },
        })
      ).status,
    ).toBe(403);

    const hooked = await flow({
      name: 'Notify the ERP',
      trigger: { type: 'event', event: 'crm.deal-won' },
      steps: [{ action: 'call_webhook', url: 'https://erp.example.com/hooks/promptsales' }],
    });
    expect(hooked.webhook_secret).toMatch(/^whsec_/);
    const again = await json<Flow>(
      await api('GET', `/api/v1/automations/${hooked.id}`, { token: owner.token }),
    );
    expect(again.webhook_secret).toBeUndefined();

    const other = await signUp(app);
    for (const [method, path] of [
      ['GET', `/api/v1/automations/${hooked.id}`],
      ['GET', `/api/v1/automations/${hooked.id}/runs`],
      ['POST', `/api/v1/automations/${hooked.id}/enable`],
      ['DELETE', `/api/v1/automations/${hooked.id}`],
    ] as const)
      expect((await api(method, path, { token: other.token })).status).toBe(404);
    expect(
      (await api('DELETE', `/api/v1/automations/${hooked.id}`, { token: owner.token })).status,
    ).toBe(204);
  });
});
