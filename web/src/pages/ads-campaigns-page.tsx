import { formatMoney } from '../i18n/format';
import { Link, useNavigate } from 'react-router';
import { useState, type FormEvent } from 'react';
import type { ApiError, Page } from '../api/client';
import { useApiQuery } from '../api/queries';
import { Card, Empty, ErrorNotice, Field, Loading } from '../components/ui';
import { BudgetFields, DateRangeFields } from '../components/budget-and-dates';
import { asApiError, newIdempotencyKey, send } from '../api/client';
import { usePermissions } from '../components/permissions';
import {
  isoDay,
  Pager,
  SelectField,
  StatusBadge,
  splitList,
  useCursorPages,
} from '../components/widgets';
import { campaignHref, campaignStates, type Campaign } from './ads-shared';

const objectives = ['awareness', 'traffic', 'engagement', 'leads', 'sales', 'app_installs'];

function NewCampaignForm({ onCreated }: { onCreated: (campaign: Campaign) => void }) {
  const [brand, setBrand] = useState('');
  const [name, setName] = useState('');
  const [objective, setObjective] = useState('sales');
  const [countries, setCountries] = useState('');
  const [budget, setBudget] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [start, setStart] = useState(isoDay(1));
  const [end, setEnd] = useState(isoDay(31));
  const [error, setError] = useState<ApiError>();
  const [key] = useState(newIdempotencyKey);
  const fieldError = (name: string) => error?.fieldError(name);

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      onCreated(
        await send<Campaign>(
          'POST',
          '/api/v1/campaigns',
          {
            brand,
            name,
            objective,
            countries: splitList(countries.toUpperCase(), /[\s,]+/),
            budget: {
              amount_minor: Math.round(Number(budget) * 100),
              currency: currency.toUpperCase(),
            },
            start_date: start,
            end_date: end,
          },
          { idempotencyKey: key },
        ),
      );
    } catch (failure) {
      setError(asApiError(failure));
    }
  }

  return (
    <form className="form-grid" onSubmit={create} noValidate aria-label="New campaign">
      <Field
        label="Brand"
        name="brand"
        value={brand}
        onChange={setBrand}
        error={fieldError('brand')}
      />
      <Field label="Name" name="name" value={name} onChange={setName} error={fieldError('name')} />
      <SelectField
        label="Objective"
        name="objective"
        value={objective}
        onChange={setObjective}
        options={objectives}
        error={fieldError('objective')}
      />
      <Field
        label="Countries (CR, MX)"
        name="countries"
        value={countries}
        onChange={setCountries}
        error={fieldError('countries')}
      />
      <BudgetFields
        label="Total budget"
        amount={budget}
        currency={currency}
        onAmount={setBudget}
        onCurrency={setCurrency}
        error={fieldError('budget')}
      />
      <DateRangeFields
        names={['start_date', 'end_date']}
        start={start}
        end={end}
        onStart={setStart}
        onEnd={setEnd}
        fieldError={fieldError}
      />
      <div className="span-2 form-actions">
        <button type="submit">Create draft</button>
        <span className="muted small">
          Then add ad sets and variants on its page and submit it for approval.
        </span>
        <ErrorNotice error={error && !error.problem.errors?.length ? error : undefined} />
      </div>
    </form>
  );
}

export function AdsCampaignsPage() {
  const navigate = useNavigate();
  const permissions = usePermissions();
  const [status, setStatus] = useState('');
  const [brand, setBrand] = useState('');
  const [creating, setCreating] = useState(false);
  const pages = useCursorPages(`${status}|${brand}`);
  const query = new URLSearchParams({ limit: '25' });
  if (status) query.set('status', status);
  if (brand.trim()) query.set('brand', brand.trim());
  if (pages.cursor) query.set('cursor', pages.cursor);
  const campaigns = useApiQuery<Page<Campaign>>(`/api/v1/campaigns?${query.toString()}`);

  return (
    <div className="stack">
      {creating ? (
        <Card title="New campaign">
          <NewCampaignForm
            onCreated={(campaign) => {
              void navigate(campaignHref(campaign.id));
            }}
          />
        </Card>
      ) : null}
      <Card
        title="Campaigns"
        actions={
          <div className="row">
            <input
              aria-label="Filter by brand"
              placeholder="Brand"
              value={brand}
              onChange={(event) => setBrand(event.target.value)}
            />
            {permissions.can('ads:write') && !creating ? (
              <button type="button" onClick={() => setCreating(true)}>
                New campaign
              </button>
            ) : null}
          </div>
        }
      >
        <div className="tabs" role="tablist" aria-label="Status">
          {['', ...campaignStates].map((s) => (
            <button
              key={s || 'all'}
              type="button"
              role="tab"
              aria-selected={status === s}
              onClick={() => setStatus(s)}
            >
              {s ? s.replace('_', ' ') : 'All'}
            </button>
          ))}
        </div>
        {campaigns.isLoading && !campaigns.data ? <Loading /> : null}
        <ErrorNotice error={campaigns.error} />
        {campaigns.data && campaigns.data.data.length === 0 ? (
          <Empty>
            {status || brand ? 'No campaign matches these filters.' : 'No campaigns yet.'}
          </Empty>
        ) : null}
        {campaigns.data && campaigns.data.data.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th>Campaign</th>
                <th>Brand</th>
                <th>Objective</th>
                <th>Status</th>
                <th className="num">Budget</th>
                <th>Dates</th>
                <th>Markets</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.data.data.map((campaign) => (
                <tr key={campaign.id}>
                  <td>
                    <Link to={campaignHref(campaign.id)}>{campaign.name}</Link>
                  </td>
                  <td>{campaign.brand}</td>
                  <td>{campaign.objective}</td>
                  <td>
                    <StatusBadge status={campaign.status} />
                  </td>
                  <td className="num">
                    {formatMoney(campaign.budget.amount_minor, campaign.budget.currency)}
                  </td>
                  <td>
                    {campaign.start_date} → {campaign.end_date}
                  </td>
                  <td>{campaign.countries.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <Pager
          page={pages.page}
          hasMore={campaigns.data?.has_more ?? false}
          onPrevious={pages.previous}
          onNext={() => pages.next(campaigns.data?.next_cursor ?? null)}
        />
      </Card>
    </div>
  );
}
