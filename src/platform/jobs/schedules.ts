import type { PgBoss } from 'pg-boss';
import type { JobDefinition } from './job-definition.js';

/**
 * Makes pg-boss's stored schedules match the registered cron jobs. Schedules live in the database
 * and pg-boss fires each occurrence once across all workers (one claim per cron pass, and one job
 * per schedule per minute slot). A job whose cron was removed from the code is unscheduled, or it
 * would keep firing forever from its old row.
 */
export async function syncSchedules(
  boss: PgBoss,
  definitions: readonly JobDefinition<unknown>[],
): Promise<void> {
  const registered = new Map(definitions.map((definition) => [definition.name, definition]));
  for (const definition of definitions) {
    if (definition.cron) await boss.schedule(definition.name, definition.cron, {}, { tz: 'UTC' });
  }
  for (const schedule of await boss.getSchedules()) {
    const definition = registered.get(schedule.name);
    // Schedules of queues this process does not know belong to other modules or deployments.
    if (definition && !definition.cron) await boss.unschedule(schedule.name, schedule.key);
  }
}
