/** The summary job's period. Cron cannot say it: `*\/11` restarts at every hour (…:44, :55, :00). */
export const etlPeriodMinutes = 11;

/**
 * The 11-minute period `at` falls in, counted from the Unix epoch: consecutive periods are
 * exactly 11 minutes apart across hours and days. The job fires every minute and runs when its
 * period has no run yet, so a missed minute delays a run by one minute, never by a period.
 */
export function etlSlot(at: Date): number {
  return Math.floor(at.getTime() / 60_000 / etlPeriodMinutes);
}

/** When the period after `at`'s starts. */
export function nextSlotStart(at: Date): Date {
  return new Date((etlSlot(at) + 1) * etlPeriodMinutes * 60_000);
}
