import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError, asApiError, readEventStream, send } from '../api/client';
import { useApiInfiniteList, useInvalidate } from '../api/queries';
import { LoadMore } from '../components/load-more';
import { usePermissions } from '../components/permissions';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { AuthImage, StatusBadge, useStatusLabel } from '../components/widgets';
import { formatDate, formatNumber } from '../i18n/format';
import { BriefForm } from './content-brief-form';
import { assetHref, useContentLabels, type ContentRequest } from './content-shared';

const finished = new Set(['completed', 'failed']);
const requestStatuses = ['queued', 'generating', 'completed', 'failed'] as const;

/**
 * Follows one request live: the server-sent events stream while it runs; if the stream cannot be
 * read (a proxy buffering it, an old browser), polling every 1.5 s instead.
 */
function useLiveRequest(id: string | null): {
  request: ContentRequest | undefined;
  error: ApiError | undefined;
  /** How it is followed: the event stream, or polling after the stream failed. */
  transport: 'stream' | 'polling';
  refresh: () => void;
} {
  const [request, setRequest] = useState<ContentRequest>();
  const [error, setError] = useState<ApiError>();
  const [transport, setTransport] = useState<'stream' | 'polling'>('stream');
  const [version, setVersion] = useState(0);
  // Another request starts afresh: reset while rendering, so no frame shows the previous one.
  const [following, setFollowing] = useState(id);
  if (following !== id) {
    setFollowing(id);
    setRequest(undefined);
    setError(undefined);
    setTransport('stream');
  }
  useEffect(() => {
    if (!id) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const current = await api<ContentRequest>('GET', `/api/v1/content-requests/${id}`);
        if (abort.signal.aborted) return;
        setRequest(current);
        if (!finished.has(current.status)) timer = setTimeout(() => void poll(), 1500);
      } catch (failure) {
        if (!abort.signal.aborted) setError(asApiError(failure));
      }
    };
    let last: ContentRequest | undefined;
    readEventStream(
      `/api/v1/content-requests/${id}/events`,
      (event) => {
        if (event.event !== 'status') return;
        last = JSON.parse(event.data) as ContentRequest;
        setRequest(last);
      },
      abort.signal,
    ).then(
      () => {
        if (abort.signal.aborted) return;
        if (!last || !finished.has(last.status)) {
          setTransport('polling');
          void poll();
        }
      },
      (failure: unknown) => {
        if (abort.signal.aborted) return;
        if (failure instanceof ApiError && failure.problem.status === 404) {
          setError(failure);
          return;
        }
        setTransport('polling');
        void poll();
      },
    );
    return () => {
      abort.abort();
      if (timer) clearTimeout(timer);
    };
  }, [id, version]);
  const refresh = () => {
    setError(undefined);
    setTransport('stream');
    setVersion((v) => v + 1);
  };
  return { request, error, transport, refresh };
}

function LiveRequest({ id, onFinished }: { id: string; onFinished: () => void }) {
  const { t } = useTranslation();
  const labels = useContentLabels();
  const { request, error, transport, refresh } = useLiveRequest(id);
  const permissions = usePermissions();
  const retry = useMutation({
    mutationFn: () => send('POST', `/api/v1/content-requests/${id}/retry`),
    onSuccess: refresh,
  });
  const status = request?.status;
  const reported = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (status && finished.has(status) && reported.current !== `${id}:${status}`) {
      reported.current = `${id}:${status}`;
      onFinished();
    }
  }, [id, status, onFinished]);

  if (error) return <ErrorNotice error={error} />;
  if (!request) return <Loading />;
  const { generated, expected } = request.progress;
  return (
    <div className="stack" data-testid="live-request" data-transport={transport}>
      <div className="row">
        <strong>{request.brief.subject}</strong>
        <StatusBadge status={request.status} />
        <span className="muted">
          {labels.type(request.brief.type)} · {labels.channel(request.brief.channel)} ·{' '}
          {labels.language(request.brief.language)}
          {finished.has(request.status)
            ? ''
            : transport === 'polling'
              ? ` · ${t('content.polling')}`
              : ` · ${t('content.live')}`}
        </span>
      </div>
      <div>
        <progress max={expected} value={generated} aria-label={t('content.generatedVariants')} />
        <span className="muted">
          {' '}
          {t('content.progress', {
            generated: formatNumber(generated),
            expected: formatNumber(expected),
          })}
        </span>
      </div>
      {request.status === 'failed' ? (
        <div className="notice notice-error" role="alert">
          {t('content.failed', { reason: request.failure_reason ?? t('content.unknownReason') })}{' '}
          {permissions.can('content:write') ? (
            <button
              type="button"
              className="secondary"
              disabled={retry.isPending}
              onClick={() => retry.mutate()}
            >
              {t('content.retry')}
            </button>
          ) : null}
        </div>
      ) : null}
      <ErrorNotice error={retry.error} />
      {request.assets && request.assets.length > 0 ? (
        <div className="asset-grid" data-testid="request-assets">
          {request.assets.map((asset) => (
            <Link key={asset.id} className="asset-tile" to={assetHref(asset.id)}>
              {asset.type === 'text' ? (
                <div className="image-placeholder text-tile">Aa</div>
              ) : (
                <AuthImage
                  src={`/api/v1/assets/${asset.id}/file${asset.type === 'video' ? '?scene=1' : ''}`}
                  alt={asset.title}
                  className="thumb"
                />
              )}
              <span className="asset-title">{asset.title}</span>
              <StatusBadge status={asset.status} />
            </Link>
          ))}
        </div>
      ) : request.status === 'completed' ? (
        <Empty>{t('content.noAssets')}</Empty>
      ) : null}
    </div>
  );
}

export function ContentRequestsPage({ param }: { param?: string }) {
  const { t } = useTranslation();
  const labels = useContentLabels();
  const statusLabel = useStatusLabel();
  const permissions = usePermissions();
  const [selected, setSelected] = useState<string | null>(param ?? null);
  // A link to another request (`/content-requests/<id>`) selects it; the list stays as it is.
  const [linked, setLinked] = useState(param);
  if (linked !== param) {
    setLinked(param);
    if (param) setSelected(param);
  }
  const [status, setStatus] = useState('');
  const requests = useApiInfiniteList<ContentRequest>(
    `/api/v1/content-requests?limit=20${status ? `&status=${status}` : ''}`,
  );
  const invalidate = useInvalidate();
  const reload = () => void invalidate('/api/v1/content-requests');
  const rows = requests.items ?? [];

  return (
    <div className="stack">
      {permissions.can('content:write') ? (
        <Card title={t('content.newRequest')}>
          <BriefForm
            onCreated={(created) => {
              setSelected(created.id);
              reload();
            }}
          />
        </Card>
      ) : permissions.ready ? (
        <p className="notice muted">{t('content.readOnly')}</p>
      ) : null}
      {selected ? (
        <Card title={t('content.requestStatus')}>
          <LiveRequest id={selected} onFinished={reload} />
        </Card>
      ) : null}
      <Card
        title={t('content.requests')}
        actions={
          <select
            aria-label={t('content.filterStatus')}
            value={status}
            onChange={(event) => setStatus(event.target.value)}
          >
            <option value="">{t('content.allStatuses')}</option>
            {requestStatuses.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        }
      >
        {requests.isLoading ? <Loading /> : null}
        <ErrorNotice error={requests.error} />
        {requests.data && rows.length === 0 ? (
          <Empty>
            {status
              ? t('content.noneWithStatus', { status: statusLabel(status) })
              : t('content.noRequests')}
          </Empty>
        ) : null}
        {rows.length > 0 ? (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th>{t('content.requested')}</th>
                  <th>{t('content.subject')}</th>
                  <th>{t('content.type')}</th>
                  <th>{t('content.channel')}</th>
                  <th>{t('content.status')}</th>
                  <th>{t('content.progressColumn')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((request) => (
                  <tr key={request.id} aria-current={request.id === selected || undefined}>
                    <td>{formatDate(request.created_at)}</td>
                    <td>
                      <button
                        type="button"
                        className="link"
                        onClick={() => setSelected(request.id)}
                      >
                        {request.brief.subject}
                      </button>
                    </td>
                    <td>{labels.type(request.brief.type)}</td>
                    <td>{labels.channel(request.brief.channel)}</td>
                    <td>
                      <StatusBadge status={request.status} />
                    </td>
                    <td>
                      {formatNumber(request.progress.generated)}/
                      {formatNumber(request.progress.expected)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <LoadMore
          hasNextPage={requests.hasNextPage}
          isFetchingNextPage={requests.isFetchingNextPage}
          fetchNextPage={requests.fetchNextPage}
          shown={rows.length}
        />
      </Card>
    </div>
  );
}
