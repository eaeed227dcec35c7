import { zodResolver } from '@hookform/resolvers/zod';
import type { TFunction } from 'i18next';
import { useMutation } from '@tanstack/react-query';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { send } from '../api/client';
import { useIdempotencyKey } from '../api/idempotency';
import { ChoiceGroup } from '../components/choice-group';
import { FormField } from '../components/form-field';
import { ErrorNotice } from '../components/ui';
import { isoDay } from '../components/widgets';
import { campaignObjectives, useAdsLabels, type Campaign } from './ads-shared';
import { datesInOrder, fieldRules, toMinor } from './campaign-form-schema';
import { dealCurrencies } from './crm-shared';
import { marketOptions } from './markets';
import { applyServerErrors } from './server-field-errors';

function schemaOf(t: TFunction) {
  const rules = fieldRules(t);
  return z
    .object({
      brand: rules.text,
      name: rules.text,
      objective: z.enum(campaignObjectives),
      countries: rules.choices,
      budget: rules.budget,
      currency: z.string(),
      start_date: z.string().min(1, t('form.errors.date')),
      end_date: z.string().min(1, t('form.errors.date')),
    })
    .refine((form) => datesInOrder(form.start_date, form.end_date), {
      message: t('form.errors.endBeforeStart'),
      path: ['end_date'],
    });
}

type Form = z.infer<ReturnType<typeof schemaOf>>;

/** A draft campaign: brand, objective, markets (picked), budget and dates. */
export function NewCampaignForm({ onCreated }: { onCreated: (campaign: Campaign) => void }) {
  const { t } = useTranslation();
  const labels = useAdsLabels();
  const keyFor = useIdempotencyKey();
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<Form>({
    resolver: zodResolver(schemaOf(t)),
    defaultValues: {
      brand: '',
      name: '',
      objective: 'sales',
      countries: [],
      budget: '',
      currency: 'USD',
      start_date: isoDay(1),
      end_date: isoDay(31),
    },
  });
  const create = useMutation({
    mutationFn: (form: Form) => {
      const body = {
        brand: form.brand,
        name: form.name,
        objective: form.objective,
        countries: form.countries,
        budget: { amount_minor: toMinor(form.budget, form.currency), currency: form.currency },
        start_date: form.start_date,
        end_date: form.end_date,
      };
      return send<Campaign>('POST', '/api/v1/campaigns', body, { idempotencyKey: keyFor(body) });
    },
    onSuccess: onCreated,
    onError: (problem) =>
      applyServerErrors(problem, setError, {
        brand: 'brand',
        name: 'name',
        objective: 'objective',
        countries: 'countries',
        budget: 'budget',
        start_date: 'start_date',
        end_date: 'end_date',
      }),
  });
  const unplaced = create.error?.problem.errors?.length ? null : create.error;
  return (
    <form
      className="form-grid"
      onSubmit={handleSubmit((form) => create.mutate(form))}
      noValidate
      aria-label={t('ads.newCampaign')}
    >
      <FormField
        label={t('ads.brand')}
        required
        error={errors.brand?.message}
        {...register('brand')}
      />
      <FormField
        label={t('form.name')}
        required
        error={errors.name?.message}
        {...register('name')}
      />
      <FormField label={t('form.objective')} error={errors.objective?.message}>
        {(props) => (
          <select {...props} {...register('objective')}>
            {campaignObjectives.map((value) => (
              <option key={value} value={value}>
                {labels.objective(value)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField label={t('form.currency')} error={errors.currency?.message}>
        {(props) => (
          <select {...props} {...register('currency')}>
            {dealCurrencies.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <div className="span-2">
        <Controller
          control={control}
          name="countries"
          render={({ field, fieldState }) => (
            <ChoiceGroup
              legend={t('ads.countries')}
              options={marketOptions()}
              value={field.value}
              onChange={field.onChange}
              error={fieldState.error?.message}
              required
            />
          )}
        />
      </div>
      <FormField
        label={t('ads.totalBudget')}
        type="number"
        min={0}
        step="any"
        required
        error={errors.budget?.message}
        {...register('budget')}
      />
      <span />
      <FormField
        label={t('form.starts')}
        type="date"
        required
        error={errors.start_date?.message}
        {...register('start_date')}
      />
      <FormField
        label={t('form.ends')}
        type="date"
        required
        error={errors.end_date?.message}
        {...register('end_date')}
      />
      <div className="span-2 form-actions">
        <button type="submit" disabled={create.isPending}>
          {t('ads.createDraft')}
        </button>
        <span className="muted small">{t('ads.createHint')}</span>
        <ErrorNotice error={unplaced} />
      </div>
    </form>
  );
}
