import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { AppError } from '../src/platform/errors/app-error.js';
import type { DomainEvent, EventHandler } from '../src/platform/events/domain-event.js';
import type { ModuleDefinition } from '../src/platform/module.js';
import { json } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';

/**
 * A throwaway module: its route writes a row and publishes an event in one transaction, and its
 * handlers record what reached them, so the tests observe delivery from the outside.
 */
type NotePayload = { noteId: string; text: string };
const seen: { handler: string; event: DomainEvent<NotePayload> }[] = [];
const flakyAttempts = new Map<string, number>();

function recorder(name: string, eventType: string): EventHandler<NotePayload> {
  return {
    name,
    eventType,
    async handle(event) {
      seen.push({ handler: name, event });
    },
  };
}

const flaky: EventHandler<NotePayload> = {
  name: 'outbox-test.flaky',
  eventType: 'outbox-test.flaky-note-created',
  async handle(event) {
    const attempt = (flakyAttempts.get(event.id) ?? 0) + 1;
    flakyAttempts.set(event.id, attempt);
    if (attempt <= 2) throw new Error(`transient failure ${attempt}`);
    seen.push({ handler: this.name, event });
  },
};

const notesModule: ModuleDefinition = {
  name: 'outbox-test',
  routes: async (app, { runtime }) => {
    app.post(
      '/notes',
      {
        config: { public: true },
        schema: {
          body: z.object({
            text: z.string().min(1),
            failAfterPublish: z.boolean().default(false),
            flaky: z.boolean().default(false),
          }),
          response: { 201: z.object({ id: z.string(), eventId: z.string() }) },
        },
      },
      async (request, reply) => {
        const { text, failAfterPublish, flaky: isFlaky } = request.body;
        const result = await runtime.db.transaction(async (tx) => {
          const [row] = await tx
            .execute<{ id: string }>(
              sql`insert into outbox_test.notes (text) values (${text}) returning id::text as id`,
            )
            .then((r) => (r as unknown as { rows: { id: string }[] }).rows);
          const id = row?.id ?? '';
          const eventId = await runtime.events.publish(tx, {
            type: isFlaky ? 'outbox-test.flaky-note-created' : 'outbox-test.note-created',
            orgId: null,
            payload: { noteId: id, text },
          });
          if (failAfterPublish) throw new AppError('conflict', 'Changed my mind after publishing');
          return { id, eventId };
        });
        return reply.code(201).send(result);
      },
    );
  },
  eventHandlers: [
    recorder('outbox-test.first-reaction', 'outbox-test.note-created') as EventHandler<unknown>,
    recorder('outbox-test.second-reaction', 'outbox-test.note-created') as EventHandler<unknown>,
    flaky as EventHandler<unknown>,
  ],
};

const deliveriesOf = (eventId: string, handler?: string) =>
  seen.filter((s) => s.event.id === eventId && (!handler || s.handler === handler));

describe('transactional outbox', () => {
  let app: TestApp;
  const post = (body: unknown) =>
    fetch(`${app.url}/api/v1/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const query = <Row extends Record<string, unknown>>(statement: ReturnType<typeof sql>) =>
    app.runtime.database.query<Row>(statement);

  beforeAll(async () => {
    app = await startTestApp({
      modules: [notesModule],
      // The test module's table lives outside the migrations: it exists only for this test.
    });
    await query(sql`create schema if not exists outbox_test`);
    await query(
      sql`create table if not exists outbox_test.notes (id uuid primary key default gen_random_uuid(), text text not null)`,
    );
  });
  afterAll(async () => app?.close());

  it('delivers an event published in a committed transaction to each of its handlers once', async () => {
    const started = Date.now();
    const response = await post({ text: 'committed' });
    expect(response.status).toBe(201);
    const { id, eventId } = await json<{ id: string; eventId: string }>(response);

    const delivered = await eventually(
      () => deliveriesOf(eventId),
      (d) => d.length >= 2,
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(delivered.map((d) => d.handler).sort()).toEqual([
      'outbox-test.first-reaction',
      'outbox-test.second-reaction',
    ]);
    expect(delivered[0]?.event).toMatchObject({
      id: eventId,
      type: 'outbox-test.note-created',
      orgId: null,
      payload: { noteId: id, text: 'committed' },
    });
    const notes = await query<{ text: string }>(
      sql`select text from outbox_test.notes where id = ${id}`,
    );
    expect(notes).toEqual([{ text: 'committed' }]);
  });

  it('never delivers an event whose transaction rolled back, and keeps none of its writes', async () => {
    const response = await post({ text: 'rolled-back', failAfterPublish: true });
    expect(response.status).toBe(409);
    // A later committed event is the barrier: once it is delivered, the relay has passed the point
    // where the rolled-back one would have been.
    const barrier = await json<{ eventId: string }>(await post({ text: 'after-rollback' }));
    await eventually(
      () => deliveriesOf(barrier.eventId),
      (d) => d.length >= 2,
    );
    expect(seen.filter((s) => s.event.payload.text === 'rolled-back')).toEqual([]);
    expect(await query(sql`select id from outbox_test.notes where text = 'rolled-back'`)).toEqual(
      [],
    );
    expect(
      await query(
        sql`select id from platform.outbox_events where payload->>'text' = 'rolled-back'`,
      ),
    ).toEqual([]);
  });

  it('retries a failing handler until it succeeds', async () => {
    const { eventId } = await json<{ eventId: string }>(await post({ text: 'flaky', flaky: true }));
    const delivered = await eventually(
      () => deliveriesOf(eventId, 'outbox-test.flaky'),
      (d) => d.length >= 1,
      20_000,
    );
    expect(delivered).toHaveLength(1);
    expect(flakyAttempts.get(eventId)).toBe(3);
  });

  it('does not run a handler again for an event it already handled when the event is redelivered', async () => {
    const { eventId } = await json<{ eventId: string }>(await post({ text: 'redelivered' }));
    await eventually(
      () => deliveriesOf(eventId),
      (d) => d.length >= 2,
    );
    // Simulate a relay that crashed after enqueueing but before recording the dispatch: the event
    // goes out again, and each handler's delivery job runs a second time.
    await query(sql`update platform.outbox_events set dispatched_at = null where id = ${eventId}`);
    const completedDeliveryJobs = () =>
      query<{ count: number }>(
        sql`select count(*)::int as count from pgboss.job
            where name = 'platform.deliver-event' and data->>'eventId' = ${eventId}
              and state = 'completed'`,
      ).then((rows) => rows[0]?.count ?? 0);
    expect(await eventually(completedDeliveryJobs, (count) => count >= 4, 8_000)).toBe(4);
    expect(deliveriesOf(eventId)).toHaveLength(2);
  });

  it('redacts fields of one organisation’s matching events only, once, and only relayed ones when asked', async () => {
    const [orgA, orgB] = [uuidv7(), uuidv7()];
    const started = Date.now() - 1;
    const publish = (orgId: string, type: string, personId: string) =>
      app.runtime.db.transaction((tx) =>
        app.runtime.events.publish(tx, {
          type,
          orgId,
          payload: {
            personId,
            email: `${personId}@example.com`,
            phone: '+50688887777',
            kind: 'lead',
          },
        }),
      );
    const ids = {
      target: await publish(orgA, 'outbox-test.person-seen', 'p-1'),
      otherPerson: await publish(orgA, 'outbox-test.person-seen', 'p-2'),
      otherType: await publish(orgA, 'outbox-test.person-noted', 'p-1'),
      otherOrg: await publish(orgB, 'outbox-test.person-seen', 'p-1'),
    };
    const payloadOf = async (id: string) =>
      (
        await query<{ payload: Record<string, unknown> }>(
          sql`select payload from platform.outbox_events where id = ${id}`,
        )
      )[0]?.payload;
    const redaction = {
      type: 'outbox-test.person-seen',
      orgId: orgA,
      match: { field: 'personId', values: ['p-1'] },
      remove: ['email', 'phone'],
    };

    expect(await app.runtime.events.redact(app.runtime.db, redaction)).toBe(1);
    expect(await payloadOf(ids.target)).toEqual({ personId: 'p-1', kind: 'lead' });
    for (const untouched of [ids.otherPerson, ids.otherType, ids.otherOrg])
      expect(await payloadOf(untouched)).toHaveProperty('email');
    expect(await app.runtime.events.redact(app.runtime.db, redaction)).toBe(0);
    expect(
      await app.runtime.events.redact(app.runtime.db, {
        ...redaction,
        match: { field: 'personId', values: [] },
      }),
    ).toBe(0);

    // A sweep by age takes only events relayed to their handlers before the instant it names.
    const relayed = () =>
      query<{ count: number }>(
        sql`select count(*)::int as count from platform.outbox_events
            where id in (${ids.target}, ${ids.otherPerson}, ${ids.otherType}, ${ids.otherOrg})
              and dispatched_at is not null`,
      ).then((rows) => rows[0]?.count ?? 0);
    expect(await eventually(relayed, (count) => count === 4)).toBe(4);
    const sweep = { type: 'outbox-test.person-seen', remove: ['email'] };
    const redact = app.runtime.events.redact;
    expect(await redact(app.runtime.db, { ...sweep, relayedBefore: new Date(started) })).toBe(0);
    const swept = await app.runtime.db.transaction(async (tx) => {
      // Marked pending inside the sweep's transaction, so the relay cannot take it meanwhile.
      await tx.execute(
        sql`update platform.outbox_events set dispatched_at = null where id = ${ids.otherOrg}`,
      );
      return redact(tx, { ...sweep, relayedBefore: new Date(Date.now() + 60_000) });
    });
    expect(swept).toBe(1);
    expect(await payloadOf(ids.otherPerson)).not.toHaveProperty('email');
    expect(await payloadOf(ids.otherOrg)).toHaveProperty('email');
  });
});
