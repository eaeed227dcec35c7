import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../../platform/jobs/job-definition.js';
import type { Runtime } from '../../../platform/runtime.js';
import { membersWithRoles } from '../../identity/index.js';
import { taskAlert } from '../domain/agenda.js';
import { taskAlertText } from '../domain/notice-texts.js';
import {
  tasksNeedingAlerts,
  updateTask,
  type AgendaTaskRow,
} from '../infrastructure/agenda.repository.js';
import { approverRoles, notify } from './notify.js';

const payload = z.object({});

/**
 * Agenda reminders and alerts every five minutes: a reminder a day before a task is due, an alert
 * once it is overdue, in-app and by email. Automated tasks (publishing, budget checks) are done by
 * the system when due, so they are closed instead of nagged about.
 */
export function agendaRemindersJob(runtime: Runtime): JobDefinition<z.infer<typeof payload>> {
  return defineJob({
    name: 'portal.agenda-reminders',
    payload,
    cron: '*/5 * * * *',
    retryLimit: 1,
    concurrency: 1,
    expireInSeconds: 240,
    async handle() {
      await sendAgendaReminders(runtime, new Date());
    },
  });
}

export async function sendAgendaReminders(runtime: Runtime, now: Date): Promise<number> {
  const horizon = new Date(now.getTime() + 24 * 3_600_000).toISOString();
  const tasks = await tasksNeedingAlerts(runtime.db, horizon, 500);
  let sent = 0;
  for (const task of tasks) {
    const alert = taskAlert(task, now);
    if (!alert) continue;
    if (task.automated && alert === 'overdue') {
      await updateTask(runtime.db, task.orgId, task.id, {
        status: 'done',
        completedAt: now.toISOString(),
        overdueAlertedAt: now.toISOString(),
      });
      continue;
    }
    const field =
      alert === 'due_soon'
        ? { remindedAt: now.toISOString() }
        : { overdueAlertedAt: now.toISOString() };
    await updateTask(runtime.db, task.orgId, task.id, field);
    await notify(runtime, task.orgId, await recipients(runtime, task), {
      kind: alert,
      text: (reader) => taskAlertText(alert, task, reader),
      requestId: task.requestId,
      taskId: task.id,
    });
    sent += 1;
  }
  return sent;
}

/** The task's assignee, or the organisation's approvers for an unassigned task. */
async function recipients(runtime: Runtime, task: AgendaTaskRow) {
  const people = await membersWithRoles(runtime, task.orgId, [...approverRoles, 'marketer']);
  if (task.assigneeUserId) return people.filter((p) => p.userId === task.assigneeUserId);
  return people.filter((p) => (approverRoles as readonly string[]).includes(p.role));
}
