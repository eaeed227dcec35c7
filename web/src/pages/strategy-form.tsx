import { useState, type FormEvent } from 'react';
import type { ApiError } from '../api/client';
import { BudgetFields, DateRangeFields } from '../components/budget-and-dates';
import { asApiError, localError, newIdempotencyKey, send } from '../api/client';
import { ErrorNotice, Field } from '../components/ui';
import { SelectField, splitList, TextAreaField } from '../components/widgets';
import { adChannels } from './ads-shared';
import { AudienceFields, audienceDraftOf, audienceOf } from './audience-fields';
import { strategyIntents, type Strategy } from './strategies-shared';

const joined = (items: readonly string[] | undefined, separator = ', ') =>
  (items ?? []).join(separator);

/**
 * Creates a strategy, or edits `strategy` (PATCH of every field the form shows). The form edits
 * the first audience; a strategy saved through the API with more keeps the others as they are.
 */
export function StrategyForm({
  strategy,
  onSaved,
  onCancel,
}: {
  strategy?: Strategy;
  onSaved: (saved: Strategy) => void;
  onCancel?: () => void;
}) {
  const [name, setName] = useState(strategy?.name ?? '');
  const [client, setClient] = useState(strategy?.client_company ?? '');
  const [products, setProducts] = useState(joined(strategy?.products));
  const [messages, setMessages] = useState(joined(strategy?.messages, '\n'));
  const [intent, setIntent] = useState(strategy?.intent ?? 'leads');
  const [audience, setAudience] = useState(() => audienceDraftOf(strategy?.audiences[0]));
  const [countries, setCountries] = useState(joined(strategy?.countries));
  const [channels, setChannels] = useState(joined(strategy?.channels) || 'facebook, google_ads');
  const [budget, setBudget] = useState(
    strategy?.budget ? String(strategy.budget.amount / 100) : '',
  );
  const [currency, setCurrency] = useState(strategy?.budget?.currency ?? 'USD');
  const [startsAt, setStartsAt] = useState(strategy?.starts_at ?? '');
  const [endsAt, setEndsAt] = useState(strategy?.ends_at ?? '');
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
    if (startsAt && endsAt && endsAt < startsAt) {
      setError(localError('must be on or after the start date', 'ends_at'));
      return;
    }
    const body = {
      name,
      client_company: client,
      products: splitList(products),
      messages: splitList(messages, /\n+/),
      intent,
      audiences: [audienceOf(audience), ...(strategy?.audiences.slice(1) ?? [])],
      countries: splitList(countries),
      channels: splitList(channels),
      budget: budget ? { amount: Math.round(amount * 100), currency } : null,
      starts_at: startsAt || null,
      ends_at: endsAt || null,
    };
    try {
      const saved = strategy
        ? await send<Strategy>('PATCH', `/api/v1/strategies/${strategy.id}`, body)
        : await send<Strategy>('POST', '/api/v1/strategies', body, { idempotencyKey: key });
      setKey(newIdempotencyKey());
      onSaved(saved);
    } catch (failure) {
      setError(asApiError(failure));
    }
  }

  return (
    <form
      className="form"
      onSubmit={submit}
      aria-label={strategy ? `Edit strategy ${strategy.name}` : 'New strategy'}
    >
      <Field label="Name" name="name" value={name} onChange={setName} error={fieldError('name')} />
      <Field
        label="Client company"
        name="client_company"
        value={client}
        onChange={setClient}
        error={fieldError('client_company')}
      />
      <Field
        label="Products or services (comma separated)"
        name="products"
        value={products}
        onChange={setProducts}
        error={fieldError('products')}
      />
      <SelectField
        label="Intent"
        name="intent"
        value={intent}
        onChange={setIntent}
        options={strategyIntents}
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
        label="Markets (ISO country codes)"
        name="countries"
        value={countries}
        onChange={setCountries}
        error={fieldError('countries')}
      />
      <Field
        label={`Channels (${adChannels.join(', ')})`}
        name="channels"
        value={channels}
        onChange={setChannels}
        error={fieldError('channels')}
      />
      <BudgetFields
        label="Budget (optional)"
        amount={budget}
        currency={currency}
        onAmount={setBudget}
        onCurrency={setCurrency}
        error={fieldError('budget')}
      />
      <DateRangeFields
        names={['starts_at', 'ends_at']}
        start={startsAt}
        end={endsAt}
        onStart={setStartsAt}
        onEnd={setEndsAt}
        fieldError={fieldError}
        optional
      />
      <ErrorNotice error={error} />
      <div className="form-actions">
        <button type="submit">{strategy ? 'Save changes' : 'Save strategy'}</button>
        {onCancel ? (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
