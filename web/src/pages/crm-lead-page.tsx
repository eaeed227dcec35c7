import { formatDate, formatMoney } from '../i18n/format';
import { Link } from 'react-router';
import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError, Page } from '../api/client';
import { useApiQuery, useInvalidate } from '../api/queries';
import { Card, Empty, ErrorNotice, Field, Loading } from '../components/ui';
import { asApiError, newIdempotencyKey, routeMissing, send } from '../api/client';
import { usePermissions } from '../components/permissions';
import {
  Pager,
  SelectField,
  StatusBadge,
  SuccessNotice,
  TextAreaField,
  useCursorPages,
} from '../components/widgets';
import {
  ClassificationBadge,
  classifications,
  displayName,
  lifecycleStages,
  ScoreBar,
  type Contact,
  type ContactScore,
  type Deal,
  type Interaction,
  type Pipeline,
} from './crm-shared';

const timelineChannels = ['email', 'whatsapp', 'sms', 'voice', 'chat', 'note'] as const;

function InteractionForm({ contactId, onDone }: { contactId: string; onDone: () => void }) {
  const [mode, setMode] = useState<'log' | 'send'>('log');
  const [channel, setChannel] = useState('note');
  const [direction, setDirection] = useState('outbound');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [transactional, setTransactional] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [key, setKey] = useState(newIdempotencyKey);
  const fields = error?.fieldErrors() ?? {};

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await send(
        'POST',
        `/api/v1/contacts/${contactId}/${mode === 'log' ? 'interactions' : 'messages'}`,
        mode === 'log'
          ? { channel, direction, subject: subject.trim() || undefined, body }
          : { channel, subject: subject.trim() || undefined, body, transactional },
        { idempotencyKey: key },
      );
      setSubject('');
      setBody('');
      setKey(newIdempotencyKey());
      onDone();
    } catch (failure) {
      setError(asApiError(failure));
    }
  }

  const channels =
    mode === 'log' ? timelineChannels : (['email', 'whatsapp', 'sms', 'voice'] as const);
  return (
    <form className="form-grid subpanel" onSubmit={submit} noValidate aria-label="New interaction">
      <div className="segmented span-2" role="group" aria-label="Kind">
        <button
          type="button"
          aria-pressed={mode === 'log'}
          onClick={() => {
            setMode('log');
            setChannel('note');
          }}
        >
          Log a call or note
        </button>
        <button
          type="button"
          aria-pressed={mode === 'send'}
          onClick={() => {
            setMode('send');
            setChannel('email');
          }}
        >
          Send a message
        </button>
      </div>
      <SelectField
        label="Channel"
        name="channel"
        value={channel}
        onChange={setChannel}
        options={channels}
        error={fields.channel}
      />
      {mode === 'log' ? (
        <SelectField
          label="Direction"
          name="direction"
          value={direction}
          onChange={setDirection}
          options={['outbound', 'inbound']}
        />
      ) : (
        <label className="check">
          <input
            type="checkbox"
            checked={transactional}
            onChange={(e) => setTransactional(e.target.checked)}
          />
          <span>The person asked for it (transactional; marketing needs consent)</span>
        </label>
      )}
      <div className="span-2">
        <Field
          label="Subject"
          name="subject"
          value={subject}
          onChange={setSubject}
          error={fields.subject}
        />
      </div>
      <div className="span-2">
        <TextAreaField
          label="Message or note"
          name="body"
          value={body}
          onChange={setBody}
          error={fields.body}
        />
      </div>
      <div className="span-2 form-actions">
        <button type="submit">{mode === 'log' ? 'Add to timeline' : 'Send'}</button>
        <ErrorNotice error={error && Object.keys(fields).length === 0 ? error : undefined} />
      </div>
    </form>
  );
}

function Timeline({ contactId, canWrite }: { contactId: string; canWrite: boolean }) {
  const invalidate = useInvalidate();
  const [channel, setChannel] = useState('');
  const [adding, setAdding] = useState(false);
  const pages = useCursorPages(channel);
  const query = new URLSearchParams({ limit: '20' });
  if (channel) query.set('channel', channel);
  if (pages.cursor) query.set('cursor', pages.cursor);
  const items = useApiQuery<Page<Interaction>>(
    `/api/v1/contacts/${contactId}/interactions?${query.toString()}`,
  );
  if (routeMissing(items.error))
    return <p className="muted">The timeline is not available on this server yet.</p>;
  return (
    <div className="stack">
      <div className="row">
        <select aria-label="Channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
          <option value="">All channels</option>
          {timelineChannels.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        {canWrite ? (
          <button type="button" className="secondary" onClick={() => setAdding((v) => !v)}>
            {adding ? 'Close' : 'Add interaction'}
          </button>
        ) : null}
      </div>
      {adding ? (
        <InteractionForm
          contactId={contactId}
          onDone={() => {
            setAdding(false);
            void invalidate(`/api/v1/contacts/${contactId}/interactions`);
          }}
        />
      ) : null}
      {items.isLoading && !items.data ? <Loading /> : null}
      <ErrorNotice error={items.error} />
      {items.data && items.data.data.length === 0 ? (
        <Empty>{channel ? `Nothing on ${channel} yet.` : 'No interactions yet.'}</Empty>
      ) : null}
      {items.data && items.data.data.length > 0 ? (
        <ol className="timeline" data-testid="timeline">
          {items.data.data.map((item) => (
            <li key={item.id}>
              <div className="row">
                <span className="badge">{item.channel}</span>
                <span className="muted small">
                  {item.direction === 'inbound' ? '← from them' : '→ to them'} ·{' '}
                  {formatDate(item.occurred_at)}
                </span>
                <StatusBadge status={item.status} />
              </div>
              {item.subject ? <strong>{item.subject}</strong> : null}
              {item.body ? <p className="copy">{item.body}</p> : null}
              {item.error ? <p className="field-error small">{item.error}</p> : null}
            </li>
          ))}
        </ol>
      ) : null}
      <Pager
        page={pages.page}
        hasMore={items.data?.has_more ?? false}
        onPrevious={pages.previous}
        onNext={() => pages.next(items.data?.next_cursor ?? null)}
      />
    </div>
  );
}

function ContactDeals({ contactId }: { contactId: string }) {
  const deals = useApiQuery<Page<Deal>>(`/api/v1/deals?contact_id=${contactId}&limit=50`);
  const pipelines = useApiQuery<{ data: Pipeline[] }>('/api/v1/pipelines');
  const stageName = new Map(
    (pipelines.data?.data ?? []).flatMap((p) => p.stages.map((st) => [st.id, st.name] as const)),
  );
  if (routeMissing(deals.error))
    return <p className="muted">Deals are not available on this server yet.</p>;
  return (
    <div>
      {deals.isLoading && !deals.data ? <Loading /> : null}
      <ErrorNotice error={deals.error} />
      {deals.data && deals.data.data.length === 0 ? (
        <Empty>No deals with this contact.</Empty>
      ) : null}
      {deals.data && deals.data.data.length > 0 ? (
        <table>
          <tbody>
            {deals.data.data.map((deal) => (
              <tr key={deal.id}>
                <td>{deal.title}</td>
                <td>{stageName.get(deal.stage_id) ?? '—'}</td>
                <td>
                  <StatusBadge status={deal.status} />
                </td>
                <td className="num">
                  {formatMoney(deal.amount.amount_minor, deal.amount.currency)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p>
        <Link to="/crm-pipeline">Pipeline board →</Link>
      </p>
    </div>
  );
}

interface Consent {
  channel: string;
  status: string;
  source: string;
  recorded_at: string;
}

function Consents({ contactId }: { contactId: string }) {
  const consents = useApiQuery<{ data: Consent[] }>(`/api/v1/contacts/${contactId}/consents`);
  if (routeMissing(consents.error) || consents.error?.problem.status === 404)
    return <p className="muted">Consent records are not available on this server yet.</p>;
  return (
    <div>
      {consents.isLoading && !consents.data ? <Loading /> : null}
      <ErrorNotice error={consents.error} />
      {consents.data && consents.data.data.length === 0 ? (
        <Empty>No consent recorded: only transactional messages may be sent.</Empty>
      ) : null}
      {consents.data && consents.data.data.length > 0 ? (
        <table aria-label="Consent">
          <tbody>
            {consents.data.data.map((consent) => (
              <tr key={consent.channel}>
                <td>{consent.channel}</td>
                <td>
                  <StatusBadge status={consent.status} />
                </td>
                <td className="muted small">
                  {consent.source} · {formatDate(consent.recorded_at)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function ScoreCard({ contactId, canWrite }: { contactId: string; canWrite: boolean }) {
  const score = useApiQuery<ContactScore>(`/api/v1/contacts/${contactId}/score`);
  const [current, setCurrent] = useState<ContactScore>();
  const [error, setError] = useState<ApiError>();
  useEffect(() => setCurrent(score.data), [score.data]);

  async function rescore() {
    setError(undefined);
    try {
      setCurrent(await send<ContactScore>('POST', `/api/v1/contacts/${contactId}/score`));
    } catch (failure) {
      setError(asApiError(failure));
    }
  }

  if (routeMissing(score.error))
    return <p className="muted">Scoring is not available on this server yet.</p>;
  return (
    <div className="stack" data-testid="score">
      {score.isLoading && !current ? <Loading /> : null}
      <ErrorNotice error={score.error ?? error} />
      {current ? (
        <>
          <div className="row">
            <ScoreBar score={current.score} />
            <span className="muted small">
              {current.model.kind === 'logistic'
                ? `model v${current.model.version ?? '?'} trained on won and lost deals`
                : 'rules (not enough won/lost history for a model yet)'}
              {current.scored_at ? ` · scored ${formatDate(current.scored_at)}` : ''}
            </span>
          </div>
          {current.explain.length === 0 ? (
            <Empty>No factors yet.</Empty>
          ) : (
            <table aria-label="Score factors">
              <tbody>
                {current.explain.map((factor) => (
                  <tr key={factor.feature}>
                    <td>{factor.feature.replace(/_/g, ' ')}</td>
                    <td className={`num ${factor.contribution >= 0 ? 'positive' : 'negative'}`}>
                      {factor.contribution >= 0 ? '+' : '−'}
                      {Math.abs(factor.contribution).toFixed(2)}
                    </td>
                    <td className="muted small">{factor.detail ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}
      {canWrite ? (
        <div>
          <button type="button" className="secondary" onClick={() => void rescore()}>
            Rescore now
          </button>
        </div>
      ) : null}
    </div>
  );
}

export function CrmLeadPage({ param }: { param?: string }) {
  const permissions = usePermissions();
  const contact = useApiQuery<Contact>(param ? `/api/v1/contacts/${param}` : null);
  const [current, setCurrent] = useState<Contact>();
  const [error, setError] = useState<ApiError>();
  const [message, setMessage] = useState('');
  useEffect(() => setCurrent(contact.data), [contact.data]);

  if (!param) return <Empty>No lead chosen.</Empty>;
  if (contact.isLoading && !current) return <Loading />;
  if (contact.error) return <ErrorNotice error={contact.error} />;
  if (!current) return null;
  const canWrite = permissions.can('crm:write');

  async function change(field: 'lifecycle_stage' | 'classification', value: string) {
    setError(undefined);
    try {
      const updated = await send<Contact>('PATCH', `/api/v1/contacts/${current!.id}`, {
        [field]: value,
      });
      setCurrent(updated);
      setMessage(`${field === 'classification' ? 'Temperature' : 'Stage'} changed to ${value}.`);
    } catch (failure) {
      setError(asApiError(failure));
    }
  }

  const utm = Object.entries(current.utm);
  return (
    <div className="stack">
      <p>
        <Link to="/crm-leads">← Leads</Link>
      </p>
      <SuccessNotice>{message}</SuccessNotice>
      <ErrorNotice error={error} />
      {current.merged_into_id ? (
        <p className="notice">
          This contact was merged into{' '}
          <Link to={`/crm-leads/${current.merged_into_id}`}>another record</Link>.
        </p>
      ) : null}
      <div className="grid">
        <Card title={displayName(current)}>
          <div className="row">
            <ClassificationBadge value={current.classification} />
            <span className="badge">{current.lifecycle_stage}</span>
            <ScoreBar score={current.score} />
          </div>
          <dl className="facts">
            <dt>Email</dt>
            <dd>{current.email ?? '—'}</dd>
            <dt>Phone</dt>
            <dd>{current.phone ?? '—'}</dd>
            <dt>Location</dt>
            <dd>{[current.city, current.country].filter(Boolean).join(', ') || '—'}</dd>
            <dt>Language</dt>
            <dd>{current.language ?? '—'}</dd>
            <dt>Interests</dt>
            <dd>{current.interests.join(', ') || '—'}</dd>
            <dt>Tags</dt>
            <dd>{current.tags.join(', ') || '—'}</dd>
            <dt>Source</dt>
            <dd>
              {current.source.replace('_', ' ')}
              {current.medium ? ` · ${current.medium}` : ''}
            </dd>
            {utm.length > 0 ? (
              <>
                <dt>UTM</dt>
                <dd>{utm.map(([k, v]) => `${k}=${v}`).join(' · ')}</dd>
              </>
            ) : null}
            {current.campaign_id ? (
              <>
                <dt>Campaign</dt>
                <dd>
                  <Link to={`/ads-campaigns/${current.campaign_id}`}>
                    the campaign that brought it
                  </Link>
                </dd>
              </>
            ) : null}
            <dt>Last touch</dt>
            <dd>{formatDate(current.last_interaction_at)}</dd>
            <dt>Added</dt>
            <dd>{formatDate(current.created_at)}</dd>
          </dl>
          {canWrite ? (
            <div className="form-grid">
              <SelectField
                label="Stage"
                name="lifecycle_stage"
                value={current.lifecycle_stage}
                onChange={(value) => void change('lifecycle_stage', value)}
                options={lifecycleStages}
              />
              <SelectField
                label="Temperature"
                name="classification"
                value={current.classification}
                onChange={(value) => void change('classification', value)}
                options={classifications}
              />
            </div>
          ) : null}
        </Card>
        <div className="stack">
          <Card title="Purchase intent">
            <ScoreCard contactId={current.id} canWrite={canWrite} />
          </Card>
          <Card title="Consent">
            <Consents contactId={current.id} />
          </Card>
          <Card title="Deals">
            <ContactDeals contactId={current.id} />
          </Card>
        </div>
      </div>
      <Card title="Timeline">
        <Timeline contactId={current.id} canWrite={canWrite} />
      </Card>
    </div>
  );
}
