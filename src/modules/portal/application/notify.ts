import { uuidv7 } from 'uuidv7';
import { mailerFor } from '../../../platform/messaging/mailer-for.js';
import type { Runtime } from '../../../platform/runtime.js';
import { membersWithRoles } from '../../identity/index.js';
import type { NoticeText, Reader } from '../domain/notice-texts.js';
import { insertNotifications } from '../infrastructure/agenda.repository.js';

export interface Notice {
  kind: 'approval_needed' | 'due_soon' | 'overdue' | 'kpi_anomaly' | 'request_failed' | 'decided';
  /** Written for each recipient: their language, money conventions and time zone. */
  text: (reader: Reader) => NoticeText;
  requestId: string | null;
  taskId?: string | null;
}

export interface Recipient extends Reader {
  userId: string;
  email: string;
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
  recipients: Recipient[],
  notice: Notice,
): Promise<void> {
  if (recipients.length === 0) return;
  const texts = recipients.map((r) => notice.text(r));
  await insertNotifications(
    runtime.db,
    recipients.map((r, index) => ({
      orgId,
      id: uuidv7(),
      userId: r.userId,
      kind: notice.kind,
      title: texts[index]!.title,
      body: texts[index]!.body,
      requestId: notice.requestId,
      taskId: notice.taskId ?? null,
    })),
  );
  const mailer = mailerFor(runtime);
  const link = notice.requestId
    ? `\n\n${runtime.config.publicUrl}/campaign-requests/${notice.requestId}`
    : '';
  await Promise.all(
    recipients.map((r, index) =>
      mailer
        .send({ to: r.email, subject: texts[index]!.title, text: `${texts[index]!.body}${link}` })
        .catch((error: unknown) => runtime.log.warn({ err: error }, 'notification mail failed')),
    ),
  );
}

/** The organisation's approvers (owners and admins). */
export function approversOf(runtime: Runtime, orgId: string) {
  return membersWithRoles(runtime, orgId, approverRoles);
}
