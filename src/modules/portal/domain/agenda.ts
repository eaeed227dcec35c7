import { daysBetween } from './proposal.js';

export const taskKinds = ['deliverable_review', 'publishing', 'budget_check', 'report'] as const;
export type TaskKind = (typeof taskKinds)[number];

export interface PlannedTask {
  kind: TaskKind;
  title: string;
  automated: boolean;
  dueAt: string;
}

const hour = 3_600_000;
const at = (day: string, utcHour: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + utcHour * hour).toISOString();
const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 24 * hour).toISOString().slice(0, 10);

/**
 * The execution agenda of an approved campaign: a review of the deliverables before launch
 * (people), publishing at the start (automated), weekly budget checks (automated), a mid-flight
 * report for campaigns of two weeks or more, and the final report the day after the end (people).
 */
export function planAgenda(
  campaign: { name: string; startsAt: string; endsAt: string },
  approvedAt: Date,
): PlannedTask[] {
  const tasks: PlannedTask[] = [];
  const earliest = approvedAt.getTime() + 2 * hour;
  const reviewDue = Math.max(earliest, Date.parse(at(addDays(campaign.startsAt, -1), 15)));
  tasks.push({
    kind: 'deliverable_review',
    title: `Review the deliverables of ${campaign.name}`,
    automated: false,
    dueAt: new Date(reviewDue).toISOString(),
  });
  tasks.push({
    kind: 'publishing',
    title: `Publish ${campaign.name} on its channels`,
    automated: true,
    dueAt: new Date(Math.max(earliest, Date.parse(at(campaign.startsAt, 9)))).toISOString(),
  });
  const days = daysBetween(campaign.startsAt, campaign.endsAt);
  for (let day = 7; day < days; day += 7) {
    tasks.push({
      kind: 'budget_check',
      title: `Budget check of ${campaign.name} (week ${day / 7})`,
      automated: true,
      dueAt: at(addDays(campaign.startsAt, day), 9),
    });
  }
  if (days >= 14) {
    tasks.push({
      kind: 'report',
      title: `Mid-campaign report of ${campaign.name}`,
      automated: false,
      dueAt: at(addDays(campaign.startsAt, Math.floor(days / 2)), 12),
    });
  }
  tasks.push({
    kind: 'report',
    title: `Final report of ${campaign.name}`,
    automated: false,
    dueAt: at(addDays(campaign.endsAt, 1), 12),
  });
  return tasks;
}

/** Alerts a task deserves now: a reminder a day before, an alert once overdue. */
export function taskAlert(
  task: {
    dueAt: string;
    status: string;
    remindedAt: string | null;
    overdueAlertedAt: string | null;
  },
  now: Date,
): 'due_soon' | 'overdue' | undefined {
  if (task.status !== 'open') return undefined;
  const due = Date.parse(task.dueAt);
  if (due < now.getTime()) return task.overdueAlertedAt ? undefined : 'overdue';
  if (due - now.getTime() <= 24 * hour && !task.remindedAt) return 'due_soon';
  return undefined;
}
