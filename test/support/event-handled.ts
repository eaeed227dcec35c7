import { sql } from 'drizzle-orm';
import type { Runtime } from '../../src/platform/runtime.js';
import { eventually } from './eventually.js';

/**
 * Resolves once `handler` has finished with event `eventId` (its delivery is recorded only after
 * the handler succeeded). A test that asserts an event changed nothing waits for this first, so
 * "nothing happened" is checked after the event was processed, not merely before it was.
 */
export async function eventHandled(
  runtime: Pick<Runtime, 'database'>,
  eventId: string,
  handler: string,
  timeoutMs?: number,
): Promise<void> {
  await eventually(
    () =>
      runtime.database.query<{ done: boolean }>(
        sql`select exists (select 1 from platform.event_deliveries
              where event_id = ${eventId} and handler = ${handler}) as done`,
      ),
    (rows) => rows[0]?.done === true,
    timeoutMs,
  );
}
