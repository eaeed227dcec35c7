import { formatDate, formatMoney } from '../i18n/format';
import { Link } from 'react-router';
import { useState } from 'react';
import type { ApiError } from '../api/client';
import { useApiQuery } from '../api/queries';
import { asApiError, send } from '../api/client';
import { usePermissions } from '../components/permissions';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { StatusBadge } from '../components/widgets';
import { useLiveCampaignRequest } from './campaign-request-live';
import { ProposalView } from './campaign-request-proposal';
import type { AgendaTask } from './campaign-requests-shared';

function Agenda({ requestId }: { requestId: string }) {
  const agenda = useApiQuery<{ data: AgendaTask[] }>(
    `/api/v1/campaign-requests/${requestId}/agenda`,
  );
  if (agenda.isLoading && !agenda.data) return <Loading />;
  if (agenda.error) return <ErrorNotice error={agenda.error} />;
  if (!agenda.data || agenda.data.data.length === 0)
    return <Empty>The agenda is created at approval.</Empty>;
  return (
    <table aria-label="Agenda">
      <thead>
        <tr>
          <th>Due</th>
          <th>Task</th>
          <th>Who</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>
        {agenda.data.data.map((task) => (
          <tr key={task.id}>
            <td>{formatDate(task.due_at)}</td>
            <td>{task.title}</td>
            <td>{task.automated ? 'automated' : 'people'}</td>
            <td>
              <StatusBadge status={task.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One campaign request: planning progress, the AI proposal, approval item by item, agenda. */
export function CampaignRequestPage({ param }: { param?: string }) {
  const live = useLiveCampaignRequest(param);
  const permissions = usePermissions();
  const [retryError, setRetryError] = useState<ApiError>();

  if (!param) return <Empty>No campaign request selected.</Empty>;
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
          {data.objective} · {data.product} ·{' '}
          {formatMoney(data.budget.amount, data.budget.currency)} · {data.startsAt} → {data.endsAt}{' '}
          · {data.channels.join(', ')}
        </p>
        {data.status === 'planning' ? (
          <p className="muted" aria-busy="true" data-testid="planning">
            The AI is planning ({data.planning.stage ?? 'queued'})
            {live.transport === 'polling' ? ' · checking every 1.5 s' : ' · live'}…
          </p>
        ) : null}
        {data.status === 'failed' ? (
          <div className="notice notice-error" role="alert">
            Planning failed: {data.failureReason ?? 'no reason given'}
            {permissions.can('campaigns:request') ? (
              <>
                {' '}
                <button type="button" className="secondary" onClick={() => void retry()}>
                  Retry
                </button>
              </>
            ) : null}
          </div>
        ) : null}
        <ErrorNotice error={retryError} />
        {data.decision ? (
          <p data-testid="decision">
            {data.decision.verdict} by {data.decision.by ?? 'someone'} on{' '}
            {formatDate(data.decision.at)}
            {data.decision.comment ? `: “${data.decision.comment}”` : ''}
          </p>
        ) : null}
        {data.status === 'awaiting_approval' && !permissions.can('campaigns:approve') ? (
          <p className="muted">Waiting for an owner, admin or approver to decide.</p>
        ) : null}
        {data.campaignId ? (
          <p>
            <Link to={`/ads-campaigns/${data.campaignId}`}>Campaign in PromptAds</Link>
          </p>
        ) : null}
      </Card>
      {data.proposal ? (
        <Card title="Proposal">
          <ProposalView request={data} mayDecide={mayDecide} onDecided={live.reload} />
        </Card>
      ) : null}
      <Card title="Agenda">
        <Agenda key={data.status} requestId={data.id} />
      </Card>
    </div>
  );
}
