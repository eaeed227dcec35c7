import { formatDate } from '../i18n/format';
import { Link } from 'react-router';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, type Page } from '../api/client';
import { useApiQuery, useInvalidate } from '../api/queries';
import { Card, Empty, ErrorNotice, Field, Loading } from '../components/ui';
import { asApiError, newIdempotencyKey, readEventStream, send } from '../api/client';
import { usePermissions } from '../components/permissions';
import {
  AuthImage,
  Pager,
  SelectField,
  StatusBadge,
  TextAreaField,
  splitList,
  useCursorPages,
} from '../components/widgets';
import {
  assetHref,
  contentChannels,
  contentLanguages,
  contentTones,
  contentTypes,
  type BrandKit,
  type ContentRequest,
} from './content-shared';

const finished = new Set(['completed', 'failed']);

interface Brief {
  type: string;
  subject: string;
  description: string;
  channel: string;
  audience: string;
  language: string;
  tone: string;
  variants: string;
  brand_kit_id: string;
  call_to_action: string;
  keywords: string;
  benefits: string;
}

const emptyBrief: Brief = {
  type: 'text',
  subject: '',
  description: '',
  channel: 'instagram',
  audience: '',
  language: 'es',
  tone: 'friendly',
  variants: '2',
  brand_kit_id: '',
  call_to_action: '',
  keywords: '',
  benefits: '',
};

function bodyOf(brief: Brief) {
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  const list = (value: string) => {
    const items = splitList(value);
    return items.length > 0 ? items : undefined;
  };
  return {
    type: brief.type,
    subject: brief.subject.trim(),
    description: optional(brief.description),
    channel: brief.channel,
    audience: optional(brief.audience),
    language: brief.language,
    tone: optional(brief.tone),
    variants: Number(brief.variants),
    brand_kit_id: optional(brief.brand_kit_id),
    call_to_action: optional(brief.call_to_action),
    keywords: list(brief.keywords),
    benefits: list(brief.benefits),
  };
}

/** The brief form: everything a content request takes, with the API's field errors in place. */
function BriefForm({ onCreated }: { onCreated: (request: ContentRequest) => void }) {
  const [brief, setBrief] = useState<Brief>(emptyBrief);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const idempotencyKey = useRef(newIdempotencyKey());
  const kits = useApiQuery<Page<BrandKit>>('/api/v1/brand-kits?limit=100');
  const set = (field: keyof Brief) => (value: string) => {
    idempotencyKey.current = newIdempotencyKey();
    setBrief((b) => ({ ...b, [field]: value }));
  };
  const fields = error?.fieldErrors() ?? {};

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await send<ContentRequest>(
        'POST',
        '/api/v1/content-requests',
        bodyOf(brief),
        {
          idempotencyKey: idempotencyKey.current,
        },
      );
      idempotencyKey.current = newIdempotencyKey();
      setBrief((b) => ({ ...emptyBrief, type: b.type, channel: b.channel, language: b.language }));
      onCreated(created);
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form-grid" onSubmit={submit} noValidate aria-label="Content brief">
      <SelectField
        label="Type"
        name="type"
        value={brief.type}
        onChange={set('type')}
        options={contentTypes.map((t) => ({
          value: t,
          label:
            t === 'text' ? 'Text (copy)' : t === 'image' ? 'Image (banner)' : 'Video (storyboard)',
        }))}
        error={fields.type}
      />
      <Field
        label="Subject"
        name="subject"
        value={brief.subject}
        onChange={set('subject')}
        error={fields.subject}
      />
      <SelectField
        label="Channel"
        name="channel"
        value={brief.channel}
        onChange={set('channel')}
        options={contentChannels}
        error={fields.channel}
      />
      <Field
        label="Audience"
        name="audience"
        value={brief.audience}
        onChange={set('audience')}
        error={fields.audience}
      />
      <SelectField
        label="Language"
        name="language"
        value={brief.language}
        onChange={set('language')}
        options={contentLanguages}
        error={fields.language}
      />
      <SelectField
        label="Tone"
        name="tone"
        value={brief.tone}
        onChange={set('tone')}
        options={contentTones}
        allowEmpty="Any"
        error={fields.tone}
      />
      <SelectField
        label="Variants"
        name="variants"
        value={brief.variants}
        onChange={set('variants')}
        options={['1', '2', '3', '4', '5']}
        error={fields.variants}
      />
      <SelectField
        label="Brand kit"
        name="brand_kit_id"
        value={brief.brand_kit_id}
        onChange={set('brand_kit_id')}
        options={(kits.data?.data ?? []).map((kit) => ({ value: kit.id, label: kit.name }))}
        allowEmpty="None"
        error={fields.brand_kit_id}
      />
      <Field
        label="Call to action"
        name="call_to_action"
        value={brief.call_to_action}
        onChange={set('call_to_action')}
        error={fields.call_to_action}
      />
      <Field
        label="Keywords (comma-separated)"
        name="keywords"
        value={brief.keywords}
        onChange={set('keywords')}
        error={fields.keywords}
      />
      <div className="span-2">
        <TextAreaField
          label="Description"
          name="description"
          value={brief.description}
          onChange={set('description')}
          error={fields.description}
          placeholder="What should the piece say or show?"
        />
      </div>
      <div className="span-2">
        <TextAreaField
          label="Benefits (one per line)"
          name="benefits"
          value={brief.benefits}
          onChange={set('benefits')}
          error={fields.benefits}
          rows={2}
        />
      </div>
      <div className="span-2 form-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Requesting…' : 'Request content'}
        </button>
        <ErrorNotice error={error && Object.keys(fields).length === 0 ? error : undefined} />
      </div>
    </form>
  );
}

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
  useEffect(() => {
    if (!id) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    setError(undefined);
    setRequest(undefined);
    setTransport('stream');
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
  return { request, error, transport, refresh: () => setVersion((v) => v + 1) };
}

function LiveRequest({ id, onFinished }: { id: string; onFinished: () => void }) {
  const { request, error, transport, refresh } = useLiveRequest(id);
  const permissions = usePermissions();
  const [retryError, setRetryError] = useState<ApiError>();
  const status = request?.status;
  const reported = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (status && finished.has(status) && reported.current !== `${id}:${status}`) {
      reported.current = `${id}:${status}`;
      onFinished();
    }
  }, [id, status, onFinished]);

  async function retry() {
    setRetryError(undefined);
    try {
      await send('POST', `/api/v1/content-requests/${id}/retry`);
      refresh();
    } catch (failure) {
      setRetryError(asApiError(failure));
    }
  }

  if (error) return <ErrorNotice error={error} />;
  if (!request) return <Loading />;
  const { generated, expected } = request.progress;
  return (
    <div className="stack" data-testid="live-request" data-transport={transport}>
      <div className="row">
        <strong>{request.brief.subject}</strong>
        <StatusBadge status={request.status} />
        <span className="muted">
          {request.brief.type} · {request.brief.channel} · {request.brief.language}
          {finished.has(request.status)
            ? ''
            : transport === 'polling'
              ? ' · checking every 1.5 s'
              : ' · live'}
        </span>
      </div>
      <div>
        <progress max={expected} value={generated} aria-label="Generated variants" />
        <span className="muted">
          {' '}
          {generated} of {expected} generated
        </span>
      </div>
      {request.status === 'failed' ? (
        <div className="notice notice-error" role="alert">
          Generation failed: {request.failure_reason ?? 'unknown reason'}.{' '}
          {permissions.can('content:write') ? (
            <button type="button" className="secondary" onClick={() => void retry()}>
              Retry
            </button>
          ) : null}
        </div>
      ) : null}
      <ErrorNotice error={retryError} />
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
        <Empty>The request completed without assets.</Empty>
      ) : null}
    </div>
  );
}

export function ContentRequestsPage({ param }: { param?: string }) {
  const permissions = usePermissions();
  const [selected, setSelected] = useState<string | null>(param ?? null);
  const [status, setStatus] = useState('');
  const pages = useCursorPages(status);
  const query = new URLSearchParams({ limit: '20' });
  if (status) query.set('status', status);
  if (pages.cursor) query.set('cursor', pages.cursor);
  const requests = useApiQuery<Page<ContentRequest>>(
    `/api/v1/content-requests?${query.toString()}`,
  );
  const invalidate = useInvalidate();
  const reload = () => void invalidate('/api/v1/content-requests');

  useEffect(() => {
    if (param) setSelected(param);
  }, [param]);

  return (
    <div className="stack">
      {permissions.can('content:write') ? (
        <Card title="New content request">
          <BriefForm
            onCreated={(created) => {
              setSelected(created.id);
              reload();
            }}
          />
        </Card>
      ) : permissions.ready ? (
        <p className="notice muted">Your role can follow content requests but not create them.</p>
      ) : null}
      {selected ? (
        <Card title="Request status">
          <LiveRequest id={selected} onFinished={reload} />
        </Card>
      ) : null}
      <Card
        title="Requests"
        actions={
          <select
            aria-label="Filter by status"
            value={status}
            onChange={(event) => setStatus(event.target.value)}
          >
            <option value="">All statuses</option>
            {['queued', 'generating', 'completed', 'failed'].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        }
      >
        {requests.isLoading && !requests.data ? <Loading /> : null}
        <ErrorNotice error={requests.error} />
        {requests.data && requests.data.data.length === 0 ? (
          <Empty>
            {status
              ? `No ${status} requests.`
              : 'No content requested yet. Start from a brief above.'}
          </Empty>
        ) : null}
        {requests.data && requests.data.data.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th>Requested</th>
                <th>Subject</th>
                <th>Type</th>
                <th>Channel</th>
                <th>Status</th>
                <th>Progress</th>
              </tr>
            </thead>
            <tbody>
              {requests.data.data.map((request) => (
                <tr key={request.id} aria-selected={request.id === selected}>
                  <td>{formatDate(request.created_at)}</td>
                  <td>
                    <button type="button" className="link" onClick={() => setSelected(request.id)}>
                      {request.brief.subject}
                    </button>
                  </td>
                  <td>{request.brief.type}</td>
                  <td>{request.brief.channel}</td>
                  <td>
                    <StatusBadge status={request.status} />
                  </td>
                  <td>
                    {request.progress.generated}/{request.progress.expected}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <Pager
          page={pages.page}
          hasMore={requests.data?.has_more ?? false}
          onPrevious={pages.previous}
          onNext={() => pages.next(requests.data?.next_cursor ?? null)}
        />
      </Card>
    </div>
  );
}
