import { zodResolver } from '@hookform/resolvers/zod';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { asApiError, send, type ApiError } from '../api/client';
import { useIdempotencyKey } from '../api/idempotency';
import { ChoiceGroup } from '../components/choice-group';
import { FormField } from '../components/form-field';
import { ErrorNotice } from '../components/ui';
import { AudienceFields, audienceDraftOf, audienceOf } from './audience-fields';
import { datesInOrder, fieldRules, listOf, toMajor, toMinor } from './campaign-form-schema';
import { channelOptions, marketOptions } from './markets';
import { applyServerErrors } from './server-field-errors';
import { strategyIntents, type Strategy } from './strategies-shared';

function schemaOf(t: TFunction) {
  const rules = fieldRules(t);
  return z
    .object({
      name: rules.text,
      client_company: rules.text,
      products: z.string().refine((v) => listOf(v).length > 0, t('form.errors.required')),
      intent: z.enum(strategyIntents),
      messages: rules.lines,
      audience: rules.audience,
      countries: z.array(z.string()),
      channels: rules.choices,
      budget: rules.optionalBudget,
      currency: rules.currency,
      starts_at: z.string(),
      ends_at: z.string(),
    })
    .refine((form) => datesInOrder(form.starts_at, form.ends_at), {
      message: t('form.errors.endBeforeStart'),
      path: ['ends_at'],
    });
}

type Input = z.input<ReturnType<typeof schemaOf>>;
type Output = z.output<ReturnType<typeof schemaOf>>;

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
  const { t } = useTranslation();
  const [failure, setFailure] = useState<ApiError>();
  const keyFor = useIdempotencyKey();
  const currency = strategy?.budget?.currency ?? 'USD';
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Input, unknown, Output>({
    resolver: zodResolver(schemaOf(t)),
    defaultValues: {
      name: strategy?.name ?? '',
      client_company: strategy?.client_company ?? '',
      products: (strategy?.products ?? []).join(', '),
      intent: (strategy?.intent as Input['intent'] | undefined) ?? 'leads',
      messages: (strategy?.messages ?? []).join('\n'),
      audience: audienceDraftOf(strategy?.audiences[0]),
      countries: strategy?.countries ?? [],
      channels: strategy?.channels ?? ['facebook', 'google_ads'],
      budget: strategy?.budget ? toMajor(strategy.budget.amount, currency) : '',
      currency,
      starts_at: strategy?.starts_at ?? '',
      ends_at: strategy?.ends_at ?? '',
    },
  });

  const submit = handleSubmit(async (form) => {
    setFailure(undefined);
    const currencyCode = form.currency.toUpperCase();
    const body = {
      name: form.name,
      client_company: form.client_company,
      products: listOf(form.products),
      messages: listOf(form.messages, /\n+/),
      intent: form.intent,
      audiences: [audienceOf(form.audience), ...(strategy?.audiences.slice(1) ?? [])],
      countries: form.countries,
      channels: form.channels,
      budget: form.budget
        ? { amount: toMinor(form.budget, currencyCode), currency: currencyCode }
        : null,
      starts_at: form.starts_at || null,
      ends_at: form.ends_at || null,
    };
    try {
      const saved = strategy
        ? await send<Strategy>('PATCH', `/api/v1/strategies/${strategy.id}`, body)
        : await send<Strategy>('POST', '/api/v1/strategies', body, {
            idempotencyKey: keyFor(body),
          });
      onSaved(saved);
    } catch (error) {
      const problem = asApiError(error);
      const placed = applyServerErrors(problem, setError, {
        name: 'name',
        client_company: 'client_company',
        products: 'products',
        messages: 'messages',
        intent: 'intent',
        'audiences.0.name': 'audience.name',
        'audiences.0.countries': 'audience.countries',
        'audiences.0.ageMin': 'audience.ageMin',
        'audiences.0.ageMax': 'audience.ageMax',
        'audiences.0.interests': 'audience.interests',
        countries: 'countries',
        channels: 'channels',
        budget: 'budget',
        starts_at: 'starts_at',
        ends_at: 'ends_at',
      });
      if (!placed) setFailure(problem);
    }
  });

  return (
    <form
      className="form"
      onSubmit={submit}
      noValidate
      aria-label={
        strategy ? t('strategies.editForm', { name: strategy.name }) : t('strategies.new')
      }
    >
      <FormField
        label={t('form.name')}
        required
        error={errors.name?.message}
        {...register('name')}
      />
      <FormField
        label={t('form.clientCompany')}
        required
        error={errors.client_company?.message}
        {...register('client_company')}
      />
      <FormField
        label={t('form.products')}
        required
        error={errors.products?.message}
        {...register('products')}
      />
      <FormField label={t('form.intent')} error={errors.intent?.message}>
        {(control) => (
          <select {...control} {...register('intent')}>
            {strategyIntents.map((intent) => (
              <option key={intent} value={intent}>
                {t(`intents.${intent}`)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField label={t('form.messages')} required error={errors.messages?.message}>
        {(control) => <textarea {...control} rows={3} {...register('messages')} />}
      </FormField>
      <AudienceFields control={control} register={register} errors={errors.audience} />
      <Controller
        control={control}
        name="countries"
        render={({ field }) => (
          <ChoiceGroup
            legend={t('form.markets')}
            options={marketOptions()}
            value={field.value}
            onChange={field.onChange}
            error={errors.countries?.message}
          />
        )}
      />
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
        label={t('form.budgetOptional')}
        type="number"
        min="0"
        step="any"
        error={errors.budget?.message}
        {...register('budget')}
      />
      <FormField
        label={t('form.currency')}
        error={errors.currency?.message}
        {...register('currency')}
      />
      <FormField
        label={t('form.startsOptional')}
        type="date"
        error={errors.starts_at?.message}
        {...register('starts_at')}
      />
      <FormField
        label={t('form.endsOptional')}
        type="date"
        error={errors.ends_at?.message}
        {...register('ends_at')}
      />
      <ErrorNotice error={failure} />
      <div className="form-actions">
        <button type="submit" disabled={isSubmitting}>
          {strategy ? t('strategies.saveChanges') : t('strategies.save')}
        </button>
        {onCancel ? (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('app.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
