import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contacts, deals, interactions } from '../src/modules/crm/infrastructure/crm.tables.js';
import { apiClient, json, type Page } from './support/http.js';
import { createMember, signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';

interface Score {
  contact_id: string;
  score: number | null;
  model: { kind: string; version: number | null };
  explain: { feature: string; contribution: number; detail: string | null }[];
}
interface Model {
  id: string;
  version: number;
  kind: string;
  active: boolean;
  metrics: {
    auc: number | null;
    accuracy: number | null;
    train_size: number;
    holdout_size: number;
    won: number;
    lost: number;
  };
  coefficients: { feature: string; weight: number }[];
}

describe('CRM purchase-intent scoring through the HTTP API', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let analyst: string;
  const pipelineId = uuidv7();
  const stageId = uuidv7();

  /**
   * Contact ids fixed by number: the holdout is chosen by hashing the contact id, so random ids
   * made the holdout (about 40 people) and its AUC differ from run to run.
   */
  const contactId = (n: number) => `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

  /** History written straight to the tables: the deal routes are another part of the CRM. */
  async function history(count: number, offset: number) {
    const rows = Array.from({ length: count }, (_, index) => {
      const n = index + offset;
      // Engaged people (inbound WhatsApp, recent) mostly buy; quiet ones mostly do not.
      const engaged = n % 2 === 0;
      const won = engaged ? n % 10 !== 0 : n % 7 === 0;
      return { id: contactId(n), engaged, won, n };
    });
    await app.runtime.db.insert(contacts).values(
      rows.map((row) => ({
        orgId: owner.orgId,
        id: row.id,
        firstName: `Person ${row.n}`,
        country: 'CR',
        source: 'api',
      })),
    );
    const messages = rows.flatMap((row) =>
      Array.from({ length: row.engaged ? 3 : row.n % 3 === 0 ? 1 : 0 }, () => ({
        orgId: owner.orgId,
        id: uuidv7(),
        contactId: row.id,
        channel: 'whatsapp',
        direction: 'inbound',
        body: 'hola',
        status: 'received',
        occurredAt: new Date(Date.now() - (row.engaged ? 2 : 60) * 86_400_000).toISOString(),
      })),
    );
    if (messages.length > 0) await app.runtime.db.insert(interactions).values(messages);
    await app.runtime.db.insert(deals).values(
      rows.map((row) => ({
        orgId: owner.orgId,
        id: uuidv7(),
        pipelineId,
        stageId,
        contactId: row.id,
        title: `Deal ${row.n}`,
        amountMinor: 10_000,
        currency: 'USD',
        status: row.won ? 'won' : 'lost',
      })),
    );
    return rows;
  }

  const score = async (contactId: string, token = owner.token) =>
    json<Score>(await api('GET', `/api/v1/contacts/${contactId}/score`, { token }));

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
    owner = await signUp(app);
    analyst = await createMember(app, owner.token, 'analyst');
  });
  afterAll(async () => app?.close());

  it('scores by rules while the history is small, and explains the score', async () => {
    const rows = await history(10, 0);
    const fitted = await api('POST', '/api/v1/scoring/models', { token: owner.token });
    expect(fitted.status).toBe(201);
    const model = await json<Model>(fitted);
    expect(model).toMatchObject({ kind: 'rules', version: 1, active: true });
    expect(model.metrics).toMatchObject({ won: expect.any(Number), auc: null });

    const engaged = await score(rows.find((row) => row.engaged)!.id, analyst);
    const quiet = await score(rows.find((row) => !row.engaged && row.n % 3 !== 0)!.id, analyst);
    expect(engaged.model.kind).toBe('rules');
    expect(engaged.score!).toBeGreaterThan(quiet.score!);
    expect(engaged.explain[0]).toMatchObject({
      feature: expect.stringMatching(/^(fit|engagement)\./),
    });
    expect(engaged.explain.some((factor) => factor.feature === 'engagement.whatsapp_inbound')).toBe(
      true,
    );
  });

  it('fits a logistic model on won/lost history, reports holdout metrics and rescores', async () => {
    const rows = await history(150, 10);
    const model = await json<Model>(
      await api('POST', '/api/v1/scoring/models', { token: owner.token }),
    );
    expect(model.kind).toBe('logistic');
    expect(model.version).toBe(2);
    expect(model.metrics.train_size).toBeGreaterThan(80);
    expect(model.metrics.holdout_size).toBeGreaterThan(25);
    expect(model.metrics.auc!).toBeGreaterThan(0.75);
    const whatsapp = model.coefficients.find(
      (item) => item.feature === 'engagement.whatsapp_inbound',
    );
    expect(whatsapp!.weight).toBeGreaterThan(0);

    const engaged = await score(rows.find((row) => row.engaged)!.id);
    const quiet = await score(rows.find((row) => !row.engaged && row.n % 3 !== 0)!.id);
    expect(engaged.model).toEqual({ kind: 'logistic', version: 2 });
    expect(engaged.score!).toBeGreaterThan(60);
    expect(quiet.score!).toBeLessThan(40);
    expect(engaged.explain.length).toBeGreaterThan(0);
    expect(engaged.explain.length).toBeLessThanOrEqual(5);
    const magnitudes = engaged.explain.map((factor) => Math.abs(factor.contribution));
    expect(magnitudes).toEqual([...magnitudes].sort((a, b) => b - a));

    const versions = await json<Page<Model>>(
      await api('GET', '/api/v1/scoring/models', { token: analyst }),
    );
    expect(versions.data.map((item) => [item.version, item.active])).toEqual([
      [2, true],
      [1, false],
    ]);
  });

  it('scores a newly captured lead on the event, and hides scores from other organisations', async () => {
    const created = await api('POST', '/api/v1/leads', {
      token: owner.token,
      body: { first_name: 'Nueva', email: 'nueva@example.com', country: 'CR' },
    });
    expect(created.status).toBe(201);
    const { id } = await json<{ id: string }>(created);
    const scored = await eventually(
      () => score(id),
      (value) => value.score !== null,
    );
    expect(scored.score).toBeGreaterThanOrEqual(0);
    expect(scored.score).toBeLessThanOrEqual(100);

    const other = await signUp(app);
    expect((await api('GET', `/api/v1/contacts/${id}/score`, { token: other.token })).status).toBe(
      404,
    );
    expect((await api('POST', `/api/v1/contacts/${id}/score`, { token: other.token })).status).toBe(
      404,
    );
    const theirs = await json<Page<Model>>(
      await api('GET', '/api/v1/scoring/models', { token: other.token }),
    );
    expect(theirs.data).toEqual([]);
  });
});
