import { useEffect, useState } from 'react';
import type { ApiError } from '../api/client';
import { useResource } from '../api/use-resource';
import { Card, Empty, ErrorNotice, formatDate, Loading } from '../components/ui';
import { asApiError, routeMissing, send } from '../components/http';
import { usePermissions } from '../components/permissions';
import { SelectField, SuccessNotice } from '../components/widgets';
import {
  ClassificationBadge,
  classifications,
  displayName,
  lifecycleStages,
  ScoreBar,
  type Contact,
  type ContactScore,
} from './crm-shared';

function ScoreCard({ contactId, canWrite }: { contactId: string; canWrite: boolean }) {
  const score = useResource<ContactScore>(`/api/v1/contacts/${contactId}/score`);
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
      {score.loading && !current ? <Loading /> : null}
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
  const contact = useResource<Contact>(param ? `/api/v1/contacts/${param}` : null);
  const [current, setCurrent] = useState<Contact>();
  const [error, setError] = useState<ApiError>();
  const [message, setMessage] = useState('');
  useEffect(() => setCurrent(contact.data), [contact.data]);

  if (!param) return <Empty>No lead chosen.</Empty>;
  if (contact.loading && !current) return <Loading />;
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
        <a href="#/crm-leads">← Leads</a>
      </p>
      <SuccessNotice>{message}</SuccessNotice>
      <ErrorNotice error={error} />
      {current.merged_into_id ? (
        <p className="notice">
          This contact was merged into{' '}
          <a href={`#/crm-lead/${current.merged_into_id}`}>another record</a>.
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
                  <a href={`#/ads-campaign/${current.campaign_id}`}>the campaign that brought it</a>
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
        <Card title="Purchase intent">
          <ScoreCard contactId={current.id} canWrite={canWrite} />
        </Card>
      </div>
    </div>
  );
}
