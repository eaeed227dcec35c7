/**
 * Relative periods as people say them ("last month", "este trimestre"), resolved to inclusive
 * calendar-day ranges against a given "today" in the organisation's time zone. Pure: the caller
 * supplies today.
 */

export type PeriodKind =
  | 'today'
  | 'yesterday'
  | 'lastDays'
  | 'thisWeek'
  | 'lastWeek'
  | 'thisMonth'
  | 'lastMonth'
  | 'thisQuarter'
  | 'lastQuarter'
  | 'thisYear'
  | 'lastYear'
  | 'between';

export interface Period {
  kind: PeriodKind;
  from: string;
  to: string;
  /** How the answer names it, in each language ("the last 7 days", "el mes pasado"). */
  label: { en: string; es: string };
}

const msPerDay = 86_400_000;
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const addDays = (day: string, days: number) => dayOf(dayMs(day) + days * msPerDay);

export const daysInRange = (from: string, to: string) =>
  Math.round((dayMs(to) - dayMs(from)) / msPerDay) + 1;

/** The calendar day it is at `now` in an IANA time zone (YYYY-MM-DD). */
export function todayIn(timeZone: string, now: Date): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

const ymd = (year: number, month: number, day: number) => dayOf(Date.UTC(year, month, day));

/**
 * The period of a kind, relative to `today`. "Last N days" are the N whole days before today
 * (today's figures are still coming in), as GA4's "Last 7 days"; "this month/quarter/year" run
 * from their first day to today.
 */
export function resolvePeriod(
  kind: Exclude<PeriodKind, 'between'>,
  today: string,
  days = 7,
): Period {
  const date = new Date(dayMs(today));
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const quarterStart = month - (month % 3);
  // ISO weeks start on Monday.
  const monday = addDays(today, -((date.getUTCDay() + 6) % 7));
  switch (kind) {
    case 'today':
      return { kind, from: today, to: today, label: { en: 'today', es: 'hoy' } };
    case 'yesterday': {
      const day = addDays(today, -1);
      return { kind, from: day, to: day, label: { en: 'yesterday', es: 'ayer' } };
    }
    case 'lastDays':
      return {
        kind,
        from: addDays(today, -days),
        to: addDays(today, -1),
        label: { en: `the last ${days} days`, es: `los últimos ${days} días` },
      };
    case 'thisWeek':
      return { kind, from: monday, to: today, label: { en: 'this week', es: 'esta semana' } };
    case 'lastWeek':
      return {
        kind,
        from: addDays(monday, -7),
        to: addDays(monday, -1),
        label: { en: 'last week', es: 'la semana pasada' },
      };
    case 'thisMonth':
      return {
        kind,
        from: ymd(year, month, 1),
        to: today,
        label: { en: 'this month', es: 'este mes' },
      };
    case 'lastMonth':
      return {
        kind,
        from: ymd(year, month - 1, 1),
        to: ymd(year, month, 0),
        label: { en: 'last month', es: 'el mes pasado' },
      };
    case 'thisQuarter':
      return {
        kind,
        from: ymd(year, quarterStart, 1),
        to: today,
        label: { en: 'this quarter', es: 'este trimestre' },
      };
    case 'lastQuarter':
      return {
        kind,
        from: ymd(year, quarterStart - 3, 1),
        to: ymd(year, quarterStart, 0),
        label: { en: 'last quarter', es: 'el trimestre pasado' },
      };
    case 'thisYear':
      return {
        kind,
        from: ymd(year, 0, 1),
        to: today,
        label: { en: 'this year', es: 'este año' },
      };
    case 'lastYear':
      return {
        kind,
        from: ymd(year - 1, 0, 1),
        to: ymd(year - 1, 11, 31),
        label: { en: 'last year', es: 'el año pasado' },
      };
  }
}

/** An explicit range the question named. */
export function betweenPeriod(from: string, to: string): Period {
  return { kind: 'between', from, to, label: { en: `${from} to ${to}`, es: `${from} a ${to}` } };
}

/** The same number of days just before a period: what "fell" or "grew" compares against. */
export function previousPeriod(period: { from: string; to: string }): { from: string; to: string } {
  const length = daysInRange(period.from, period.to);
  return { from: addDays(period.from, -length), to: addDays(period.from, -1) };
}
