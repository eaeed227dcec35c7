import { ICalCalendar } from 'ical-generator';
import type { AgendaTaskRow } from '../infrastructure/agenda.repository.js';

/**
 * An iCalendar feed of agenda tasks: one event per task, 30 minutes at its due time, with an
 * alarm an hour before for tasks people do. Calendar apps poll the URL.
 */
export function agendaCalendar(
  name: string,
  tasks: AgendaTaskRow[],
  linkOf: (task: AgendaTaskRow) => string,
): string {
  const calendar = new ICalCalendar({
    name,
    prodId: { company: 'PromptSales', product: 'agenda' },
  });
  for (const task of tasks) {
    const start = new Date(task.dueAt);
    const event = calendar.createEvent({
      id: `${task.id}@promptsales`,
      start,
      end: new Date(start.getTime() + 30 * 60_000),
      summary: task.status === 'done' ? `✓ ${task.title}` : task.title,
      description: `${task.automated ? 'Automated' : 'To do'} · ${task.kind.replace('_', ' ')}`,
      url: linkOf(task),
      stamp: new Date(task.updatedAt),
    });
    if (!task.automated && task.status === 'open') event.createAlarm({ triggerBefore: 3600 });
  }
  return calendar.toString();
}
