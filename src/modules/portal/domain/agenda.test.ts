import { describe, expect, it } from 'vitest';
import { planAgenda, taskAlert } from './agenda.js';

describe('execution agenda', () => {
  it('plans a review before launch, publishing, weekly budget checks and reports', () => {
    const tasks = planAgenda(
      { name: 'Spring', startsAt: '2026-03-01', endsAt: '2026-03-21' },
      new Date('2026-02-20T10:00:00Z'),
    );
    expect(tasks.map((t) => t.kind)).toEqual([
      'deliverable_review',
      'publishing',
      'budget_check',
      'budget_check',
      'report',
      'report',
    ]);
    expect(tasks[0]!.dueAt).toBe('2026-02-28T15:00:00.000Z');
    expect(tasks[1]).toMatchObject({ automated: true, dueAt: '2026-03-01T09:00:00.000Z' });
    expect(tasks.at(-1)!.dueAt).toBe('2026-03-22T12:00:00.000Z');
  });

  it('never schedules a task before the approval for a campaign starting today', () => {
    const approvedAt = new Date('2026-03-01T18:00:00Z');
    const tasks = planAgenda(
      { name: 'Now', startsAt: '2026-03-01', endsAt: '2026-03-03' },
      approvedAt,
    );
    for (const task of tasks) expect(Date.parse(task.dueAt)).toBeGreaterThan(approvedAt.getTime());
    expect(tasks.filter((t) => t.kind === 'budget_check')).toHaveLength(0);
  });

  it('reminds once a day before and alerts once when overdue', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    const open = { status: 'open', remindedAt: null, overdueAlertedAt: null };
    expect(taskAlert({ ...open, dueAt: '2026-03-02T09:00:00Z' }, now)).toBe('due_soon');
    expect(taskAlert({ ...open, dueAt: '2026-03-04T09:00:00Z' }, now)).toBeUndefined();
    expect(
      taskAlert({ ...open, remindedAt: now.toISOString(), dueAt: '2026-03-02T09:00:00Z' }, now),
    ).toBeUndefined();
    expect(taskAlert({ ...open, dueAt: '2026-03-01T09:00:00Z' }, now)).toBe('overdue');
    expect(
      taskAlert({ ...open, status: 'done', dueAt: '2026-03-01T09:00:00Z' }, now),
    ).toBeUndefined();
  });
});
