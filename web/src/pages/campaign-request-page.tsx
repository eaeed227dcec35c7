import { useTranslation } from 'react-i18next';
import { useMemberName } from '../components/member-names';
import { useStatusLabel } from '../components/widgets';
import { channelName } from './markets';
import { formatDate, formatDay, formatMoney } from '../i18n/format';
import { Link } from 'react-router';
import { useEffect, useState } from 'react';
import type { ApiError } from '../api/client';
import { useApiQuery, useInvalidate } from '../api/queries';
import { asApiError, send } from '../api/client';
import { usePermissions } from '../components/permissions';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { StatusBadge } from '../components/widgets';
import { useLiveCampaignRequest } from './campaign-request-live';
import { ProposalView } from './campaign-request-proposal';
import type { AgendaTask } from './campaign-requests-shared';

function Agenda({ requestId, status }: { requestId: string; status: string }) {
  const { t } = useTranslation();
  const path = `/api/v1/campaign-requests/${requestId}/agenda`;
  const agenda = useApiQuery<{ data: AgendaTask[] }>(path);
  const invalidate = useInvalidate();
  // Approval creates the agenda and execution moves its tasks on: read it again on each step.
  useEffect(() => {
    void invalidate(path);
  }, [invalidate, path, status]);
  if (agenda.isLoading && !agenda.data) return <Loading />;
  if (agenda.error) return <ErrorNotice error={agenda.error} />;
  if (!agenda.data || agenda.data.data.length === 0)
    return <Empty>{t('requests.agendaEmpty')}</Empty>;
  return (
    <div className="table-scroll">
      <table aria-label={t('requests.agenda')}>
        <thead>
          <tr>
            <th>{t('requests.due')}</th>
            <th>{t('requests.task')}</th>
            <th>{t('requests.who')}</th>
            <th>{t('requests.status')}</th>
          </tr>
        </thead>
        <tbody>
          {agenda.data.data.map((task) => (
            <tr key={task.id}>
              <td>{formatDate(task.due_at)}</td>
              <td>{task.title}</td>
              <td>{task.automated ? t('requests.automated') : t('requests.people')}</td>
              <td>
                <StatusBadge status={task.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One campaign request: planning progress, the AI proposal, approval item by item, agenda. */
export function CampaignRequestPage({ param }: { param?: string }) {
  const { t } = useTranslation();
  const memberName = useMemberName();
  const statusLabel = useStatusLabel();
  const live = useLiveCampaignRequest(param);
  const permissions = usePermissions();
  const [retryError, setRetryError] = useState<ApiError>();

  if (!param) return <Empty>{t('requests.notChosen')}</Empty>;
  if (live.error) return <ErrorNotice error={live.error} />;
  if (!live.request) return <Loading />;
  const data = live.request;
  const mayDecide = permissions.can('campaigns:approve') && data.status === 'awaiting_approval';

  async function retry() {
    setRetryError(undefined);
    try {
      await send('POST', `/api/v1/campaign-requests/${data.id}/retry`);
      live.reload();
    } catch (failure) {
      setRetryError(asApiError(failure));
    }
  }

  return (
    <div className="stack" data-testid="campaign-request" data-transport={live.transport}>
      <Card title={data.name} actions={<StatusBadge status={data.status} />}>
        <p>
          {t(`intents.${data.objective as 'leads'}`)} · {data.product} ·{' '}
          {formatMoney(data.budget.amount, data.budget.currency)} · {formatDay(data.startsAt)} →{' '}
          {formatDay(data.endsAt)} · {data.channels.map(channelName).join(', ')}
        </p>
        {data.status === 'planning' ? (
          <p className="muted" aria-busy="true" data-testid="planning">
            {t('requests.planning', { stage: data.planning.stage ?? t('requests.queued') })}
            {live.transport === 'polling' ? t('requests.polling') : t('requests.live')}…
          </p>
        ) : null}
        {data.status === 'failed' ? (
          <div className="notice notice-error" role="alert">
            {t('requests.failed', { reason: data.failureReason ?? t('requests.noReason') })}
            {permissions.can('campaigns:request') ? (
              <>
                {' '}
                <button type="button" className="secondary" onClick={() => void retry()}>
                  {t('requests.retry')}
                </button>
              </>
            ) : null}
          </div>
        ) : null}
        <ErrorNotice error={retryError} />
        {data.decision ? (
          <p data-testid="decision">
            {t('requests.decision', {
              verdict: statusLabel(data.decision.verdict),
              who: memberName(data.decision.by, t('requests.someone')),
              when: formatDate(data.decision.at),
            })}
            {data.decision.comment ? `: “${data.decision.comment}”` : ''}
          </p>
        ) : null}
        {data.status === 'awaiting_approval' && !permissions.can('campaigns:approve') ? (
          <p className="muted">{t('requests.waiting')}</p>
        ) : null}
        {data.campaignId ? (
          <p>
            <Link to={`/ads-campaigns/${data.campaignId}`}>{t('requests.campaignLink')}</Link>
          </p>
        ) : null}
      </Card>
      {data.proposal ? (
        <Card title={t('requests.proposal')}>
          <ProposalView request={data} mayDecide={mayDecide} onDecided={live.reload} />
        </Card>
      ) : null}
      <Card title={t('requests.agenda')}>
        <Agenda requestId={data.id} status={data.status} />
      </Card>
    </div>
  );
}
