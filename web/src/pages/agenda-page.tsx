import { useTranslation } from 'react-i18next';
import { formatDate } from '../i18n/format';
import { Link } from 'react-router';
import { useEffect, useState } from 'react';
import type { ApiError, Page } from '../api/client';
import { useApiQuery, useInvalidate } from '../api/queries';
import { asApiError, readEventStream, send } from '../api/client';
import { usePermissions } from '../components/permissions';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { StatusBadge } from '../components/widgets';
import type { AgendaTask } from './campaign-requests-shared';
import type { ApiItem, ApiResponse } from '../api/resources';

type Notification = ApiItem<'/api/v1/notifications'>;

type FeedAddresses = ApiResponse<'/api/v1/calendar-feed-token', 'post'>;

const dayMs = 86_400_000;

/** Same window as the server's reminders: due within a day is "due soon", past due "overdue". */
function urgencyOf(task: AgendaTask, now: number): 'overdue' | 'due_soon' | undefined {
  if (task.status !== 'open') return undefined;
  const due = Date.parse(task.due_at);
  if (due < now) return 'overdue';
  return due - now <= dayMs ? 'due_soon' : undefined;
}

/** The execution agenda of every campaign, my notifications and my calendar feed. */
export function AgendaPage() {
  const { t } = useTranslation();
  const [mine, setMine] = useState(false);
  const permissions = usePermissions();
  const agenda = useApiQuery<{ data: AgendaTask[] }>(`/api/v1/agenda?status=open&mine=${mine}`);
  const notifications = useApiQuery<Page<Notification>>('/api/v1/notifications?limit=20');
  const invalidate = useInvalidate();
  // New reminders, alerts and approval requests arrive over the notifications event stream.
  useEffect(() => {
    const abort = new AbortController();
    readEventStream(
      '/api/v1/notifications/events',
      (event) => {
        if (event.event === 'notification') void invalidate('/api/v1/notifications');
      },
      abort.signal,
    ).catch(() => undefined);
    return () => abort.abort();
  }, [invalidate]);
  const [feed, setFeed] = useState<FeedAddresses>();
  const [error, setError] = useState<ApiError>();
  const [now] = useState(() => Date.now());
  const tasks = agenda.data?.data ?? [];
  const urgency = new Map(tasks.map((task) => [task.id, urgencyOf(task, now)]));
  const overdue = tasks.filter((task) => urgency.get(task.id) === 'overdue').length;
  const dueSoon = tasks.filter((task) => urgency.get(task.id) === 'due_soon').length;

  async function complete(id: string) {
    setError(undefined);
    try {
      await send('POST', `/api/v1/agenda-tasks/${id}/complete`);
      void invalidate('/api/v1/agenda');
    } catch (failure) {
      setError(asApiError(failure));
    }
  }

  async function createFeed() {
    setError(undefined);
    try {
      setFeed(await send<FeedAddresses>('POST', '/api/v1/calendar-feed-token'));
    } catch (failure) {
      setError(asApiError(failure));
    }
  }

  return (
    <>
      <Card
        title={t('agenda.openTasks')}
        actions={
          <label>
            <input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} />{' '}
            {t('agenda.onlyMine')}
          </label>
        }
      >
        <ErrorNotice error={error ?? agenda.error} />
        {agenda.isLoading && !agenda.data ? <Loading /> : null}
        {agenda.data && tasks.length === 0 ? <Empty>{t('agenda.nothingDue')}</Empty> : null}
        {tasks.length > 0 ? (
          <>
            <p data-testid="agenda-summary">
              {t('agenda.summary', { overdue, dueSoon, open: tasks.length })}
            </p>
            <div className="table-scroll">
              <table aria-label={t('agenda.openTasks')}>
                <thead>
                  <tr>
                    <th>{t('agenda.due')}</th>
                    <th>{t('agenda.when')}</th>
                    <th>{t('agenda.task')}</th>
                    <th>{t('agenda.who')}</th>
                    <th>{t('agenda.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {tasks.map((task) => {
                    const when = urgency.get(task.id);
                    return (
                      <tr key={task.id}>
                        <td>{formatDate(task.due_at)}</td>
                        <td>{when ? <StatusBadge status={when} /> : null}</td>
                        <td>
                          <Link to={`/campaign-requests/${task.request_id}`}>{task.title}</Link>
                        </td>
                        <td>{task.automated ? t('requests.automated') : t('requests.people')}</td>
                        <td>
                          {!task.automated && permissions.can('campaigns:request') ? (
                            <button
                              type="button"
                              className="secondary"
                              aria-label={t('agenda.markDone', { title: task.title })}
                              onClick={() => void complete(task.id)}
                            >
                              {t('agenda.done')}
                            </button>
                          ) : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </>
        ) : null}
      </Card>
      <Card title={t('agenda.notifications')}>
        <ErrorNotice error={notifications.error} />
        {notifications.data && notifications.data.data.length === 0 ? (
          <Empty>{t('agenda.noNotifications')}</Empty>
        ) : null}
        <ul aria-label={t('agenda.notifications')}>
          {notifications.data?.data.map((n) => (
            <li key={n.id}>
              <StatusBadge status={n.kind} /> {n.title}{' '}
              <span className="muted small">{formatDate(n.created_at)}</span>
            </li>
          ))}
        </ul>
      </Card>
      <Card title={t('agenda.calendarFeed')}>
        <p className="muted small">{t('agenda.calendarHint')}</p>
        <button type="button" className="secondary" onClick={() => void createFeed()}>
          {t('agenda.createFeed')}
        </button>
        {feed ? (
          <p>
            <a href={feed.agenda_url} data-testid="ics-feed">
              {feed.agenda_url}
            </a>
            <br />
            <span className="muted small">
              {t('agenda.oneCampaign')} <code>{feed.campaign_request_url_template}</code>
            </span>
          </p>
        ) : null}
      </Card>
    </>
  );
}
