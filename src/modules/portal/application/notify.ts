import { uuidv7 } from 'uuidv7';
import { mailerFor } from '../../../platform/messaging/mailer-for.js';
import type { Runtime } from '../../../platform/runtime.js';
import { membersWithRoles } from '../../identity/index.js';
import { insertNotifications } from '../infrastructure/agenda.repository.js';

export interface Notice {
  kind: 'approval_needed' | 'due_soon' | 'overdue' | 'kpi_anomaly' | 'request_failed' | 'decided';
  title: string;
  body: string;
  requestId: string | null;
  taskId?: string | null;
}

/** Who approves campaign requests: the roles holding `campaigns:approve`. */
export const approverRoles = ['owner', 'admin'] as const;

/**
 * Tells people in-app (the notifications resource and its stream) and by email. Mail failures
 * are logged, not thrown: the in-app notice is already recorded and a cron run must not repeat it.
 */
export async function notify(
  runtime: Runtime,
  orgId: string,
  recipients: { userId: string; email: string }[],
  notice: Notice,
): Promise<void> {
  if (recipients.length === 0) return;
  await insertNotifications(
    runtime.db,
    recipients.map((r) => ({
      orgId,
      id: uuidv7(),
      userId: r.userId,
      kind: notice.kind,
      title: notice.title,
      body: notice.body,
      requestId: notice.requestId,
      taskId: notice.taskId ?? null,
    })),
  );
  const mailer = mailerFor(runtime);
  const link = notice.requestId
    ? `\n\n${runtime.config.publicUrl}/campaign-requests/${notice.requestId}`
    : '';
  await Promise.all(
    recipients.map((r) =>
      mailer
        .send({ to: r.email, subject: notice.title, text: `${notice.body}${link}` })
        .catch((error: unknown) => runtime.log.warn({ err: error }, 'notification mail failed')),
    ),
  );
}

/** The organisation's approvers (owners and admins). */
export function approversOf(runtime: Runtime, orgId: string) {
  return membersWithRoles(runtime, orgId, approverRoles);
}
