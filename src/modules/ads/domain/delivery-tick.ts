/** The UTC day of a moment, as campaign dates are written (`YYYY-MM-DD`). */
export const dayOf = (date: Date) => date.toISOString().slice(0, 10);

/** The delivery tick a moment belongs to: its minute, as the cron schedule counts them. */
export const tickOf = (date: Date) => new Date(Math.floor(date.getTime() / 60_000) * 60_000);
