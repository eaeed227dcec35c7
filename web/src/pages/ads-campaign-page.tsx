import { useConfirm } from '../components/confirm-dialog';
import { formatDate, formatMoney, formatPercent } from '../i18n/format';
import { Link, useNavigate } from 'react-router';
import { useState, type FormEvent } from 'react';
import type { ApiError, Page } from '../api/client';
import { useApiQuery, useInvalidate } from '../api/queries';
import { Card, Empty, ErrorNotice, Field, Loading } from '../components/ui';
import { asApiError, newIdempotencyKey, send } from '../api/client';
import { usePermissions } from '../components/permissions';
import {
  SelectField,
  StatusBadge,
  SuccessNotice,
  TextAreaField,
  isoDay,
  splitList,
} from '../components/widgets';
import { AdSentimentPanel } from './ads-sentiment-page';
import {
  adChannels,
  campaignActions,
  KpiRow,
  type Ad,
  type AdSet,
  type Campaign,
  type Performance,
} from './ads-shared';

interface VariantComparison {
  metric: string;
  variants: { ad_id: string; variant: string; trials: number; successes: number; rate: number }[];
  test: {
    a: string;
    b: string;
    p_value: number;
    significant: boolean;
    winner: string | null;
  } | null;
}

function Variants({ adSetId }: { adSetId: string }) {
  const [metric, setMetric] = useState('ctr');
  const result = useApiQuery<VariantComparison>(
    `/api/v1/ad-sets/${adSetId}/variants?metric=${metric}`,
  );
  return (
    <div className="subpanel">
      <div className="row">
        <strong>A/B test</strong>
        <select
          aria-label="Metric"
          value={metric}
          onChange={(event) => setMetric(event.target.value)}
        >
          <option value="ctr">CTR (clicks / impressions)</option>
          <option value="conversion_rate">Conversion rate (conversions / clicks)</option>
        </select>
      </div>
      {result.isLoading && !result.data ? <Loading /> : null}
      <ErrorNotice error={result.error} />
      {result.data ? (
        <>
          <table>
            <thead>
              <tr>
                <th>Variant</th>
                <th className="num">Trials</th>
                <th className="num">Successes</th>
                <th className="num">Rate</th>
              </tr>
            </thead>
            <tbody>
              {result.data.variants.map((v) => (
                <tr key={v.ad_id}>
                  <td>{v.variant}</td>
                  <td className="num">{v.trials}</td>
                  <td className="num">{v.successes}</td>
                  <td className="num">{formatPercent(v.rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            {result.data.test === null
              ? 'Not enough variants with data to compare yet.'
              : result.data.test.winner
                ? `Variant ${result.data.test.winner} wins (p = ${result.data.test.p_value.toFixed(4)}).`
                : `No significant difference yet between ${result.data.test.a} and ${result.data.test.b} (p = ${result.data.test.p_value.toFixed(3)}; needs p < 0.05 and 30 trials each).`}
          </p>
        </>
      ) : null}
    </div>
  );
}

/** Structure changes are allowed before approval only (the API answers 409 afterwards). */
const editableStates = new Set(['draft', 'pending_approval']);

function fieldErrorOf(error: ApiError | undefined) {
  return {
    any: Object.keys(error?.fieldErrors() ?? {}).length > 0,
    of: (name: string) => error?.fieldError(name),
  };
}

function AdSetForm({ campaign, onCreated }: { campaign: Campaign; onCreated: () => void }) {
  const [name, setName] = useState('');
  const [channel, setChannel] = useState('facebook');
  const [budget, setBudget] = useState('');
  const [countries, setCountries] = useState(campaign.countries.join(', '));
  const [ageMin, setAgeMin] = useState('18');
  const [ageMax, setAgeMax] = useState('65');
  const [languages, setLanguages] = useState('');
  const [interests, setInterests] = useState('');
  const [error, setError] = useState<ApiError>();
  const [key, setKey] = useState(newIdempotencyKey);
  const fields = fieldErrorOf(error);

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await send(
        'POST',
        '/api/v1/ad-sets',
        {
          campaign_id: campaign.id,
          name,
          channel,
          daily_budget_minor: Math.round(Number(budget) * 100),
          targeting: {
            age_min: Number(ageMin),
            age_max: Number(ageMax),
            countries: splitList(countries.toUpperCase(), /[\s,]+/),
            languages: splitList(languages.toLowerCase(), /[\s,]+/),
            interests: splitList(interests),
          },
        },
        { idempotencyKey: key },
      );
      setName('');
      setKey(newIdempotencyKey());
      onCreated();
    } catch (failure) {
      setError(asApiError(failure));
    }
  }

  return (
    <form className="form-grid subpanel" onSubmit={create} noValidate aria-label="New ad set">
      <Field
        label="Ad set name"
        name="name"
        value={name}
        onChange={setName}
        error={fields.of('name')}
      />
      <SelectField
        label="Channel"
        name="channel"
        value={channel}
        onChange={setChannel}
        options={adChannels}
        error={fields.of('channel')}
      />
      <Field
        label={`Daily budget (${campaign.budget.currency})`}
        name="daily_budget"
        type="number"
        value={budget}
        onChange={setBudget}
        error={fields.of('daily_budget_minor')}
      />
      <Field
        label="Countries"
        name="countries"
        value={countries}
        onChange={setCountries}
        error={fields.of('targeting.countries')}
      />
      <Field
        label="Minimum age"
        name="age_min"
        type="number"
        value={ageMin}
        onChange={setAgeMin}
        error={fields.of('targeting.age_min')}
      />
      <Field
        label="Maximum age"
        name="age_max"
        type="number"
        value={ageMax}
        onChange={setAgeMax}
        error={fields.of('targeting.age_max')}
      />
      <Field
        label="Languages (es, en)"
        name="languages"
        value={languages}
        onChange={setLanguages}
        error={fields.of('targeting.languages')}
      />
      <Field
        label="Interests (comma-separated)"
        name="interests"
        value={interests}
        onChange={setInterests}
        error={fields.of('targeting.interests')}
      />
      <div className="span-2 form-actions">
        <button type="submit">Add ad set</button>
        <ErrorNotice error={error && !fields.any ? error : undefined} />
      </div>
    </form>
  );
}

interface AssetOption {
  id: string;
  title: string;
  type: string;
}

function AdForm({
  adSetId,
  nextVariant,
  onCreated,
}: {
  adSetId: string;
  nextVariant: string;
  onCreated: () => void;
}) {
  const permissions = usePermissions();
  const [headline, setHeadline] = useState('');
  const [body, setBody] = useState('');
  const [cta, setCta] = useState('');
  const [assetId, setAssetId] = useState('');
  const [error, setError] = useState<ApiError>();
  const [key, setKey] = useState(newIdempotencyKey);
  const approved = useApiQuery<Page<AssetOption>>(
    permissions.can('content:read') ? '/api/v1/assets?status=approved&limit=50' : null,
  );
  const fields = fieldErrorOf(error);

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await send(
        'POST',
        '/api/v1/ads',
        {
          ad_set_id: adSetId,
          variant: nextVariant,
          headline,
          body,
          call_to_action: cta,
          content_asset_id: assetId || null,
        },
        { idempotencyKey: key },
      );
      setHeadline('');
      setBody('');
      setKey(newIdempotencyKey());
      onCreated();
    } catch (failure) {
      setError(asApiError(failure));
    }
  }

  return (
    <form
      className="form-grid subpanel"
      onSubmit={create}
      noValidate
      aria-label={`New variant ${nextVariant}`}
    >
      <Field
        label={`Variant ${nextVariant} headline`}
        name="headline"
        value={headline}
        onChange={setHeadline}
        error={fields.of('headline')}
      />
      <Field
        label="Call to action"
        name="call_to_action"
        value={cta}
        onChange={setCta}
        error={fields.of('call_to_action')}
      />
      <div className="span-2">
        <TextAreaField
          label="Body"
          name="body"
          value={body}
          onChange={setBody}
          rows={2}
          error={fields.of('body')}
        />
      </div>
      <SelectField
        label="Creative from the library (approved)"
        name="content_asset_id"
        value={assetId}
        onChange={setAssetId}
        options={(approved.data?.data ?? []).map((a) => ({
          value: a.id,
          label: `${a.title} (${a.type})`,
        }))}
        allowEmpty="None"
        error={fields.of('content_asset_id')}
      />
      <div className="form-actions">
        <button type="submit">Add variant {nextVariant}</button>
        <ErrorNotice error={error && !fields.any ? error : undefined} />
      </div>
    </form>
  );
}

function AdSetBlock({
  adSet,
  ads,
  currency,
  canPublish,
  editable,
  onChanged,
}: {
  adSet: AdSet;
  ads: Ad[];
  currency: string;
  canPublish: boolean;
  editable: boolean;
  onChanged: () => void;
}) {
  const confirm = useConfirm();
  const [showVariants, setShowVariants] = useState(false);
  const [adding, setAdding] = useState(false);
  const [sentimentOf, setSentimentOf] = useState<string>();
  const [error, setError] = useState<ApiError>();
  async function toggle(ad: Ad) {
    setError(undefined);
    try {
      await send('POST', `/api/v1/ads/${ad.id}/${ad.status === 'paused' ? 'resume' : 'pause'}`);
      onChanged();
    } catch (failure) {
      setError(asApiError(failure));
    }
  }
  async function remove(path: string, what: string) {
    if (!(await confirm(`Delete ${what}?`))) return;
    setError(undefined);
    try {
      await send('DELETE', path);
      onChanged();
    } catch (failure) {
      setError(asApiError(failure));
    }
  }
  const used = new Set(ads.map((ad) => ad.variant));
  const nextVariant = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').find((letter) => !used.has(letter));
  const t = adSet.targeting;
  return (
    <section className="adset" data-testid="ad-set">
      <header className="row">
        <strong>{adSet.name}</strong>
        <span className="badge">{adSet.channel}</span>
        <span className="muted small">
          {formatMoney(adSet.daily_budget_minor, currency)}/day · {adSet.pacing} · ages {t.age_min}–
          {t.age_max}
          {t.countries.length ? ` · ${t.countries.join(', ')}` : ''}
          {t.languages.length ? ` · ${t.languages.join(', ')}` : ''}
          {t.interests.length ? ` · ${t.interests.join(', ')}` : ''}
        </span>
        <button type="button" className="link" onClick={() => setShowVariants((v) => !v)}>
          {showVariants ? 'Hide A/B test' : 'A/B test'}
        </button>
        {editable && nextVariant ? (
          <button type="button" className="link" onClick={() => setAdding((v) => !v)}>
            {adding ? 'Close' : 'Add variant'}
          </button>
        ) : null}
        {editable ? (
          <button
            type="button"
            className="link danger-link"
            onClick={() =>
              void remove(`/api/v1/ad-sets/${adSet.id}`, `the ad set ${adSet.name} and its ads`)
            }
          >
            Delete ad set
          </button>
        ) : null}
      </header>
      {adding && nextVariant ? (
        <AdForm
          adSetId={adSet.id}
          nextVariant={nextVariant}
          onCreated={() => {
            setAdding(false);
            onChanged();
          }}
        />
      ) : null}
      <ErrorNotice error={error} />
      {ads.length === 0 ? <Empty>No ads in this ad set.</Empty> : null}
      <div className="variants">
        {ads.map((ad) => (
          <article key={ad.id} className="variant">
            <div className="row">
              <span className="badge">Variant {ad.variant}</span>
              <StatusBadge status={ad.status} />
            </div>
            <h3>{ad.headline}</h3>
            <p>{ad.body}</p>
            <p>
              <span className="badge">{ad.call_to_action}</span>
              {ad.content_asset_id ? (
                <>
                  {' '}
                  <Link to={`/content-library/${ad.content_asset_id}`}>creative</Link>
                </>
              ) : null}
            </p>
            <div className="row">
              {canPublish && (ad.status === 'active' || ad.status === 'paused') ? (
                <button type="button" className="secondary" onClick={() => void toggle(ad)}>
                  {ad.status === 'paused' ? 'Resume ad' : 'Pause ad'}
                </button>
              ) : null}
              <button
                type="button"
                className="link"
                onClick={() => setSentimentOf(sentimentOf === ad.id ? undefined : ad.id)}
              >
                {sentimentOf === ad.id ? 'Hide comments' : 'Comments'}
              </button>
              {editable ? (
                <button
                  type="button"
                  className="link danger-link"
                  onClick={() => void remove(`/api/v1/ads/${ad.id}`, `variant ${ad.variant}`)}
                >
                  Delete
                </button>
              ) : null}
            </div>
          </article>
        ))}
      </div>
      {sentimentOf ? (
        <div className="subpanel">
          <AdSentimentPanel key={sentimentOf} adId={sentimentOf} />
        </div>
      ) : null}
      {showVariants ? <Variants adSetId={adSet.id} /> : null}
    </section>
  );
}

export function AdsCampaignPage({ param }: { param?: string }) {
  const confirm = useConfirm();
  const navigate = useNavigate();
  const invalidate = useInvalidate();
  const permissions = usePermissions();
  const campaign = useApiQuery<Campaign>(param ? `/api/v1/campaigns/${param}` : null);
  const adSets = useApiQuery<Page<AdSet>>(
    param ? `/api/v1/ad-sets?campaign_id=${param}&limit=100` : null,
  );
  const ads = useApiQuery<Page<Ad>>(param ? `/api/v1/ads?campaign_id=${param}&limit=100` : null);
  const from =
    campaign.data?.start_date && campaign.data.start_date < isoDay()
      ? campaign.data.start_date
      : isoDay(-30);
  const performance = useApiQuery<Performance>(
    param && campaign.data
      ? `/api/v1/ads/performance?campaign_id=${param}&group_by=channel&from=${from}&to=${isoDay()}`
      : null,
  );
  const [error, setError] = useState<ApiError>();
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [addingAdSet, setAddingAdSet] = useState(false);

  if (!param) return <Empty>No campaign chosen.</Empty>;
  if (campaign.isLoading && !campaign.data) return <Loading />;
  if (campaign.error) return <ErrorNotice error={campaign.error} />;
  const c = campaign.data;
  if (!c) return null;

  async function act(action: string, label: string) {
    if ((action === 'finish' || action === 'reject') && !(await confirm(`${label} “${c!.name}”?`)))
      return;
    setBusy(true);
    setError(undefined);
    try {
      const updated = await send<Campaign>('POST', `/api/v1/campaigns/${c!.id}/${action}`);
      setMessage(`Campaign is now ${updated.status.replace('_', ' ')}.`);
      void invalidate('/api/v1/campaigns');
      void invalidate('/api/v1/ads');
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (!(await confirm(`Delete the draft “${c!.name}” with its ad sets and ads?`))) return;
    try {
      await send('DELETE', `/api/v1/campaigns/${c!.id}`);
      void navigate('/ads-campaigns');
    } catch (failure) {
      setError(asApiError(failure));
    }
  }

  const editable = editableStates.has(c.status) && permissions.can('ads:write');
  const available = campaignActions.filter(
    (a) => (a.from as readonly string[]).includes(c.status) && permissions.can(a.permission),
  );
  const waitingForApproval =
    c.status === 'pending_approval' && !permissions.can('ads:publish') && permissions.ready;
  const adsBySet = new Map<string, Ad[]>();
  for (const ad of ads.data?.data ?? [])
    adsBySet.set(ad.ad_set_id, [...(adsBySet.get(ad.ad_set_id) ?? []), ad]);

  return (
    <div className="stack">
      <p>
        <Link to="/ads-campaigns">← Campaigns</Link> ·{' '}
        <Link to={`/ads-performance/${c.id}`}>Performance</Link>
      </p>
      <SuccessNotice>{message}</SuccessNotice>
      <Card
        title={c.name}
        actions={
          <div className="row">
            {available.map((a) => (
              <button
                key={a.action}
                type="button"
                className={
                  a.action === 'reject' || a.action === 'finish'
                    ? 'danger'
                    : a.action === 'pause'
                      ? 'secondary'
                      : undefined
                }
                disabled={busy}
                onClick={() => void act(a.action, a.label)}
              >
                {a.label}
              </button>
            ))}
            {c.status === 'draft' && permissions.can('ads:write') ? (
              <button type="button" className="link danger-link" onClick={() => void remove()}>
                Delete draft
              </button>
            ) : null}
          </div>
        }
      >
        <ErrorNotice error={error} />
        {waitingForApproval ? (
          <p className="muted">Waiting for approval by someone with publishing rights.</p>
        ) : null}
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            <StatusBadge status={c.status} />
          </dd>
          <dt>Brand</dt>
          <dd>{c.brand}</dd>
          <dt>Objective</dt>
          <dd>{c.objective}</dd>
          <dt>Budget</dt>
          <dd>{formatMoney(c.budget.amount_minor, c.budget.currency)}</dd>
          <dt>Dates</dt>
          <dd>
            {c.start_date} → {c.end_date}
          </dd>
          <dt>Markets</dt>
          <dd>
            {[...c.countries, ...c.cities.map((city) => `${city.city} (${city.country})`)].join(
              ', ',
            )}
          </dd>
          <dt>Approved</dt>
          <dd>{c.approved_at ? formatDate(c.approved_at) : '—'}</dd>
        </dl>
      </Card>
      <Card title="Results so far">
        {performance.isLoading && !performance.data ? <Loading /> : null}
        <ErrorNotice error={performance.error} />
        {performance.data ? (
          performance.data.total.impressions === 0 ? (
            <Empty>No delivery yet: numbers appear once the campaign is active.</Empty>
          ) : (
            <KpiRow total={performance.data.total} currency={c.budget.currency} />
          )
        ) : null}
      </Card>
      <Card
        title="Ad sets and ads"
        actions={
          editable ? (
            <button type="button" className="secondary" onClick={() => setAddingAdSet((v) => !v)}>
              {addingAdSet ? 'Close' : 'Add ad set'}
            </button>
          ) : null
        }
      >
        {addingAdSet ? (
          <AdSetForm
            campaign={c}
            onCreated={() => {
              setAddingAdSet(false);
              void invalidate('/api/v1/ad-sets');
            }}
          />
        ) : null}
        {(adSets.isLoading && !adSets.data) || (ads.isLoading && !ads.data) ? <Loading /> : null}
        <ErrorNotice error={adSets.error ?? ads.error} />
        {adSets.data && adSets.data.data.length === 0 ? (
          <Empty>
            No ad sets yet. A campaign needs at least one ad before it can be submitted.
          </Empty>
        ) : null}
        {adSets.data?.data.map((adSet) => (
          <AdSetBlock
            key={adSet.id}
            adSet={adSet}
            ads={adsBySet.get(adSet.id) ?? []}
            currency={c.budget.currency}
            canPublish={
              permissions.can('ads:publish') && (c.status === 'active' || c.status === 'paused')
            }
            editable={editable}
            onChanged={() => {
              void invalidate('/api/v1/ad-sets');
              void invalidate('/api/v1/ads');
            }}
          />
        ))}
      </Card>
    </div>
  );
}
