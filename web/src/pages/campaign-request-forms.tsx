import { Link } from 'react-router';
import { useState, type FormEvent } from 'react';
import type { ApiError, Page } from '../api/client';
import { useApiQuery } from '../api/queries';
import { BudgetFields, DateRangeFields } from '../components/budget-and-dates';
import { asApiError, localError, newIdempotencyKey, send } from '../api/client';
import { Empty, ErrorNotice, Field, Loading } from '../components/ui';
import { isoDay, SelectField, splitList, TextAreaField } from '../components/widgets';
import { adChannels } from './ads-shared';
import { AudienceFields, audienceDraftOf, audienceOf } from './audience-fields';
import type { CampaignRequest } from './campaign-requests-shared';
import { strategyIntents, type Strategy } from './strategies-shared';

/** A request described from scratch. */
function ScratchRequestForm({ onCreated }: { onCreated: (id: string) => void }) {
  const [name, setName] = useState('');
  const [objective, setObjective] = useState('leads');
  const [product, setProduct] = useState('');
  const [messages, setMessages] = useState('');
  const [audience, setAudience] = useState(() => audienceDraftOf(undefined));
  const [channels, setChannels] = useState('facebook, google_ads');
  const [budget, setBudget] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [startsAt, setStartsAt] = useState(isoDay(0));
  const [endsAt, setEndsAt] = useState(isoDay(30));
  const [error, setError] = useState<ApiError>();
  const [key, setKey] = useState(newIdempotencyKey);
  const fieldError = (name: string) => error?.fieldError(name);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    const amount = Number(budget);
    if (!budget || !Number.isFinite(amount) || amount <= 0) {
      setError(localError('Enter a budget above zero', 'budget'));
      return;
    }
    if (endsAt < startsAt) {
      setError(localError('must be on or after the start date', 'endsAt'));
      return;
    }
    try {
      const created = await send<CampaignRequest>(
        'POST',
        '/api/v1/campaign-requests',
        {
          name,
          objective,
          product,
          messages: splitList(messages, /\n+/),
          audiences: [audienceOf(audience)],
          channels: splitList(channels),
          budget: { amount: Math.round(amount * 100), currency },
          startsAt,
          endsAt,
        },
        { idempotencyKey: key },
      );
      setKey(newIdempotencyKey());
      onCreated(created.id);
    } catch (failure) {
      setError(asApiError(failure));
    }
  }

  return (
    <form className="form" onSubmit={submit} aria-label="New campaign request">
      <Field label="Name" name="name" value={name} onChange={setName} error={fieldError('name')} />
      <SelectField
        label="Objective"
        name="objective"
        value={objective}
        onChange={setObjective}
        options={strategyIntents}
      />
      <Field
        label="Product or service"
        name="product"
        value={product}
        onChange={setProduct}
        error={fieldError('product')}
      />
      <TextAreaField
        label="Messages (one per line)"
        name="messages"
        value={messages}
        onChange={setMessages}
        error={fieldError('messages')}
      />
      <AudienceFields value={audience} onChange={setAudience} fieldError={fieldError} />
      <Field
        label={`Channels (${adChannels.join(', ')})`}
        name="channels"
        value={channels}
        onChange={setChannels}
        error={fieldError('channels')}
      />
      <BudgetFields
        label="Budget"
        amount={budget}
        currency={currency}
        onAmount={setBudget}
        onCurrency={setCurrency}
        error={fieldError('budget')}
      />
      <DateRangeFields
        names={['startsAt', 'endsAt']}
        start={startsAt}
        end={endsAt}
        onStart={setStartsAt}
        onEnd={setEndsAt}
        fieldError={fieldError}
      />
      <ErrorNotice error={error} />
      <button type="submit">Request campaign</button>
    </form>
  );
}

/** A request made from a saved strategy: its audiences, messages and channels, with overrides. */
function StrategyRequestForm({
  strategies,
  onCreated,
}: {
  strategies: Strategy[];
  onCreated: (id: string) => void;
}) {
  const [strategyId, setStrategyId] = useState(strategies[0]!.id);
  const strategy = strategies.find((s) => s.id === strategyId) ?? strategies[0]!;
  const [name, setName] = useState('');
  const [product, setProduct] = useState('');
  const [budget, setBudget] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [error, setError] = useState<ApiError>();
  const [key, setKey] = useState(newIdempotencyKey);
  const fieldError = (name: string) => error?.fieldError(name);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    const amount = Number(budget);
    if (budget && (!Number.isFinite(amount) || amount <= 0)) {
      setError(localError('Enter a budget above zero, or leave it empty', 'budget'));
      return;
    }
    try {
      const created = await send<CampaignRequest>(
        'POST',
        `/api/v1/strategies/${strategy.id}/campaign-requests`,
        {
          name,
          ...(product ? { product } : {}),
          ...(budget
            ? {
                budget: {
                  amount: Math.round(amount * 100),
                  currency: strategy.budget?.currency ?? 'USD',
                },
              }
            : {}),
          ...(startsAt ? { startsAt } : {}),
          ...(endsAt ? { endsAt } : {}),
        },
        { idempotencyKey: key },
      );
      setKey(newIdempotencyKey());
      onCreated(created.id);
    } catch (failure) {
      setError(asApiError(failure));
    }
  }

  return (
    <form className="form" onSubmit={submit} aria-label="Request from a strategy">
      <SelectField
        label="Strategy"
        name="strategy"
        value={strategy.id}
        onChange={(id) => {
          setStrategyId(id);
          setProduct('');
        }}
        options={strategies.map((s) => ({ value: s.id, label: `${s.name} (${s.client_company})` }))}
      />
      <p className="muted small">
        {strategy.intent} · {strategy.channels.join(', ')} · products:{' '}
        {strategy.products.join(', ')}
        {strategy.starts_at ? ` · ${strategy.starts_at} → ${strategy.ends_at ?? '?'}` : ''}
      </p>
      <Field label="Name" name="name" value={name} onChange={setName} error={fieldError('name')} />
      <SelectField
        label="Product or service"
        name="product"
        value={product}
        onChange={setProduct}
        options={strategy.products}
        allowEmpty={`${strategy.products[0]} (first)`}
      />
      <Field
        label="Budget (empty: the strategy's)"
        name="budget"
        type="number"
        value={budget}
        onChange={setBudget}
        error={fieldError('budget')}
      />
      <Field
        label="Starts (empty: the strategy's)"
        name="startsAt"
        type="date"
        value={startsAt}
        onChange={setStartsAt}
        error={fieldError('startsAt')}
      />
      <Field
        label="Ends (empty: the strategy's)"
        name="endsAt"
        type="date"
        value={endsAt}
        onChange={setEndsAt}
        error={fieldError('endsAt')}
      />
      <ErrorNotice error={error} />
      <button type="submit">Request campaign</button>
    </form>
  );
}

/** The new-request card: from a saved strategy, or described from scratch. */
export function NewCampaignRequest({ onCreated }: { onCreated: (id: string) => void }) {
  const strategies = useApiQuery<Page<Strategy>>('/api/v1/strategies?limit=100');
  const [mode, setMode] = useState<'strategy' | 'scratch'>('strategy');
  if (strategies.isLoading && !strategies.data) return <Loading />;
  const saved = strategies.data?.data ?? [];
  const current = saved.length === 0 ? 'scratch' : mode;
  return (
    <>
      <ErrorNotice error={strategies.error} />
      <div className="row" role="radiogroup" aria-label="Start from">
        <label>
          <input
            type="radio"
            name="mode"
            checked={current === 'strategy'}
            disabled={saved.length === 0}
            onChange={() => setMode('strategy')}
          />{' '}
          A strategy
        </label>
        <label>
          <input
            type="radio"
            name="mode"
            checked={current === 'scratch'}
            onChange={() => setMode('scratch')}
          />{' '}
          From scratch
        </label>
      </div>
      {saved.length === 0 ? (
        <Empty>
          No saved strategies yet: describe the campaign from scratch, or save one under{' '}
          <Link to="/strategies">Strategies</Link>.
        </Empty>
      ) : null}
      {current === 'strategy' ? (
        <StrategyRequestForm strategies={saved} onCreated={onCreated} />
      ) : (
        <ScratchRequestForm onCreated={onCreated} />
      )}
    </>
  );
}
