import { zodResolver } from '@hookform/resolvers/zod';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { Controller, useForm, type FieldValues, type UseFormSetError } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { z } from 'zod';
import { asApiError, send, type ApiError, type Page } from '../api/client';
import { useIdempotencyKey } from '../api/idempotency';
import { useApiQuery, useInvalidate } from '../api/queries';
import { ChoiceGroup } from '../components/choice-group';
import { FormField } from '../components/form-field';
import { Empty, ErrorNotice, Loading } from '../components/ui';
import { isoDay } from '../components/widgets';
import { currentLanguage, languages } from '../i18n';
import { formatDay } from '../i18n/format';
import { AudienceFields, audienceDraftOf, audienceOf } from './audience-fields';
import { datesInOrder, fieldRules, listOf, toMinor } from './campaign-form-schema';
import type { CampaignRequest } from './campaign-requests-shared';
import { channelName, channelOptions } from './markets';
import { applyServerErrors } from './server-field-errors';
import { strategyIntents, type Strategy } from './strategies-shared';

type T = TFunction;

/** The languages the AI writes campaign copy in (the API's `language`). */
const copyLanguages = ['en', 'es'] as const;

function scratchSchema(t: T) {
  const rules = fieldRules(t);
  return z
    .object({
      name: rules.text,
      objective: z.enum(strategyIntents),
      product: rules.text,
      messages: rules.lines,
      audience: rules.audience,
      channels: rules.choices,
      budget: rules.budget,
      currency: rules.currency,
      startsAt: z.string().min(1, t('form.errors.date')),
      endsAt: z.string().min(1, t('form.errors.date')),
      language: z.enum(copyLanguages),
    })
    .refine((form) => datesInOrder(form.startsAt, form.endsAt), {
      message: t('form.errors.endBeforeStart'),
      path: ['endsAt'],
    });
}

/** Sends a create; a rejected body lands beside its fields, anything else above the button. */
function useCreate<Form extends FieldValues>(
  setError: UseFormSetError<Form>,
  fields: Parameters<typeof applyServerErrors<Form>>[2],
  onCreated: (id: string) => void,
) {
  const keyFor = useIdempotencyKey();
  const invalidate = useInvalidate();
  const [failure, setFailure] = useState<ApiError>();
  const create = async (path: string, body: unknown) => {
    setFailure(undefined);
    try {
      const created = await send<CampaignRequest>('POST', path, body, {
        idempotencyKey: keyFor(body),
      });
      void invalidate('/api/v1/campaign-requests');
      onCreated(created.id);
    } catch (error) {
      const problem = asApiError(error);
      if (!applyServerErrors(problem, setError, fields)) setFailure(problem);
    }
  };
  return { create, failure };
}

/** A request described from scratch. */
function ScratchRequestForm({ onCreated }: { onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const schema = scratchSchema(t);
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof schema>, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: {
      name: '',
      objective: 'leads',
      product: '',
      messages: '',
      audience: audienceDraftOf(undefined),
      channels: ['facebook', 'google_ads'],
      budget: '',
      currency: 'USD',
      startsAt: isoDay(0),
      endsAt: isoDay(30),
      language: currentLanguage(),
    },
  });
  const { create, failure } = useCreate(
    setError,
    {
      name: 'name',
      product: 'product',
      messages: 'messages',
      'audiences.0.name': 'audience.name',
      'audiences.0.countries': 'audience.countries',
      'audiences.0.ageMin': 'audience.ageMin',
      'audiences.0.ageMax': 'audience.ageMax',
      channels: 'channels',
      budget: 'budget',
      startsAt: 'startsAt',
      endsAt: 'endsAt',
    },
    onCreated,
  );
  const submit = handleSubmit((form) => {
    const currency = form.currency.toUpperCase();
    return create('/api/v1/campaign-requests', {
      name: form.name,
      objective: form.objective,
      product: form.product,
      messages: listOf(form.messages, /\n+/),
      audiences: [audienceOf(form.audience)],
      channels: form.channels,
      budget: { amount: toMinor(form.budget, currency), currency },
      startsAt: form.startsAt,
      endsAt: form.endsAt,
      language: form.language,
    });
  });

  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t('requests.scratchForm')}>
      <FormField
        label={t('form.name')}
        required
        error={errors.name?.message}
        {...register('name')}
      />
      <FormField label={t('form.objective')}>
        {(control) => (
          <select {...control} {...register('objective')}>
            {strategyIntents.map((intent) => (
              <option key={intent} value={intent}>
                {t(`intents.${intent}`)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField
        label={t('form.product')}
        required
        error={errors.product?.message}
        {...register('product')}
      />
      <FormField label={t('form.messages')} required error={errors.messages?.message}>
        {(control) => <textarea {...control} rows={3} {...register('messages')} />}
      </FormField>
      <AudienceFields control={control} register={register} errors={errors.audience} />
      <Controller
        control={control}
        name="channels"
        render={({ field }) => (
          <ChoiceGroup
            legend={t('form.channels')}
            required
            options={channelOptions}
            value={field.value}
            onChange={field.onChange}
            error={errors.channels?.message}
          />
        )}
      />
      <FormField
        label={t('form.budget')}
        type="number"
        min="0"
        step="any"
        required
        error={errors.budget?.message}
        {...register('budget')}
      />
      <FormField
        label={t('form.currency')}
        error={errors.currency?.message}
        {...register('currency')}
      />
      <FormField
        label={t('form.starts')}
        type="date"
        required
        error={errors.startsAt?.message}
        {...register('startsAt')}
      />
      <FormField
        label={t('form.ends')}
        type="date"
        required
        error={errors.endsAt?.message}
        {...register('endsAt')}
      />
      <FormField label={t('form.copyLanguage')}>
        {(control) => (
          <select {...control} {...register('language')}>
            {copyLanguages.map((language) => (
              <option key={language} value={language} lang={language}>
                {languages[language]}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <ErrorNotice error={failure} />
      <button type="submit" disabled={isSubmitting}>
        {t('requests.submit')}
      </button>
    </form>
  );
}

function strategySchema(t: T, needsDates: boolean, needsBudget: boolean) {
  const rules = fieldRules(t);
  const date = needsDates ? z.string().min(1, t('form.errors.date')) : z.string();
  return z
    .object({
      name: rules.text,
      product: z.string(),
      budget: needsBudget ? rules.budget : rules.optionalBudget,
      startsAt: date,
      endsAt: date,
      language: z.enum(copyLanguages),
    })
    .refine((form) => datesInOrder(form.startsAt, form.endsAt), {
      message: t('form.errors.endBeforeStart'),
      path: ['endsAt'],
    });
}

/**
 * A request made from a saved strategy: its audiences, messages and channels, with overrides.
 * A strategy without dates cannot lend them, so the dates are then required here.
 */
function StrategyRequestForm({
  strategy,
  onCreated,
}: {
  strategy: Strategy;
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation();
  const needsDates = !strategy.starts_at || !strategy.ends_at;
  const needsBudget = !strategy.budget;
  const schema = strategySchema(t, needsDates, needsBudget);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof schema>, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: {
      name: '',
      product: '',
      budget: '',
      startsAt: '',
      endsAt: '',
      language: currentLanguage(),
    },
  });
  const { create, failure } = useCreate(
    setError,
    { name: 'name', product: 'product', budget: 'budget', startsAt: 'startsAt', endsAt: 'endsAt' },
    onCreated,
  );
  const submit = handleSubmit((form) => {
    const currency = strategy.budget?.currency ?? 'USD';
    return create(`/api/v1/strategies/${strategy.id}/campaign-requests`, {
      name: form.name,
      ...(form.product ? { product: form.product } : {}),
      ...(form.budget ? { budget: { amount: toMinor(form.budget, currency), currency } } : {}),
      ...(form.startsAt ? { startsAt: form.startsAt } : {}),
      ...(form.endsAt ? { endsAt: form.endsAt } : {}),
      language: form.language,
    });
  });

  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t('requests.fromStrategyForm')}>
      <p className="muted small span-all">
        {t(`intents.${strategy.intent as 'leads'}`)} ·{' '}
        {strategy.channels.map(channelName).join(', ')} · {t('requests.products')}:{' '}
        {strategy.products.join(', ')}
        {strategy.starts_at
          ? ` · ${formatDay(strategy.starts_at)} → ${formatDay(strategy.ends_at)}`
          : ''}
      </p>
      {needsDates ? <p className="notice span-all">{t('requests.datesNeeded')}</p> : null}
      {needsBudget ? <p className="notice span-all">{t('requests.budgetNeeded')}</p> : null}
      <FormField
        label={t('form.name')}
        required
        error={errors.name?.message}
        {...register('name')}
      />
      <FormField label={t('form.product')} error={errors.product?.message}>
        {(control) => (
          <select {...control} {...register('product')}>
            <option value="">
              {t('requests.firstProduct', { product: strategy.products[0] ?? '' })}
            </option>
            {strategy.products.map((product) => (
              <option key={product} value={product}>
                {product}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField
        label={needsBudget ? t('form.budget') : t('requests.budgetDefault')}
        type="number"
        min="0"
        step="any"
        required={needsBudget}
        error={errors.budget?.message}
        {...register('budget')}
      />
      <FormField
        label={needsDates ? t('form.starts') : t('requests.startsDefault')}
        type="date"
        required={needsDates}
        error={errors.startsAt?.message}
        {...register('startsAt')}
      />
      <FormField
        label={needsDates ? t('form.ends') : t('requests.endsDefault')}
        type="date"
        required={needsDates}
        error={errors.endsAt?.message}
        {...register('endsAt')}
      />
      <FormField label={t('form.copyLanguage')}>
        {(control) => (
          <select {...control} {...register('language')}>
            {copyLanguages.map((language) => (
              <option key={language} value={language} lang={language}>
                {languages[language]}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <ErrorNotice error={failure} />
      <button type="submit" disabled={isSubmitting}>
        {t('requests.submit')}
      </button>
    </form>
  );
}

/** The new-request card: from a saved strategy, or described from scratch. */
export function NewCampaignRequest({ onCreated }: { onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const strategies = useApiQuery<Page<Strategy>>('/api/v1/strategies?limit=100');
  const [mode, setMode] = useState<'strategy' | 'scratch'>('strategy');
  const [strategyId, setStrategyId] = useState<string>();
  if (strategies.isLoading && !strategies.data) return <Loading />;
  const saved = strategies.data?.data ?? [];
  const current = saved.length === 0 ? 'scratch' : mode;
  const strategy = saved.find((s) => s.id === strategyId) ?? saved[0];
  return (
    <>
      <ErrorNotice error={strategies.error} />
      <div className="row" role="radiogroup" aria-label={t('requests.startFrom')}>
        <label>
          <input
            type="radio"
            name="mode"
            checked={current === 'strategy'}
            disabled={saved.length === 0}
            onChange={() => setMode('strategy')}
          />{' '}
          {t('requests.aStrategy')}
        </label>
        <label>
          <input
            type="radio"
            name="mode"
            checked={current === 'scratch'}
            onChange={() => setMode('scratch')}
          />{' '}
          {t('requests.fromScratch')}
        </label>
      </div>
      {saved.length === 0 ? (
        <Empty>
          {t('requests.noStrategies')} <Link to="/strategies">{t('nav.strategies')}</Link>.
        </Empty>
      ) : null}
      {current === 'strategy' && strategy ? (
        <>
          <label className="field">
            <span>{t('requests.strategy')}</span>
            <select
              name="strategy"
              value={strategy.id}
              onChange={(event) => setStrategyId(event.target.value)}
            >
              {saved.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.client_company})
                </option>
              ))}
            </select>
          </label>
          <StrategyRequestForm key={strategy.id} strategy={strategy} onCreated={onCreated} />
        </>
      ) : (
        <ScratchRequestForm onCreated={onCreated} />
      )}
    </>
  );
}
