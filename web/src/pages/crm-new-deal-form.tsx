import { zodResolver } from '@hookform/resolvers/zod';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { asApiError, send, type ApiError } from '../api/client';
import { useIdempotencyKey } from '../api/idempotency';
import { FormField } from '../components/form-field';
import { ErrorNotice } from '../components/ui';
import { toMinor } from './campaign-form-schema';
import { dealCurrencies, type Deal, type Pipeline } from './crm-shared';
import { applyServerErrors } from './server-field-errors';

const schemaOf = (t: TFunction) =>
  z.object({
    title: z.string().trim().min(1, t('form.errors.required')).max(200),
    amount: z.string().refine((v) => v === '' || Number(v) >= 0, t('crm.errors.amount')),
    currency: z.string(),
  });

type Form = z.infer<ReturnType<typeof schemaOf>>;

/** Opens a deal in the first stage of `pipeline`. */
export function NewDealForm({
  pipeline,
  onCreated,
}: {
  pipeline: Pipeline;
  onCreated: (deal: Deal) => void;
}) {
  const { t } = useTranslation();
  const keyFor = useIdempotencyKey();
  const [failure, setFailure] = useState<ApiError>();
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<Form>({
    resolver: zodResolver(schemaOf(t)),
    defaultValues: { title: '', amount: '', currency: 'USD' },
  });

  const submit = handleSubmit(async (form) => {
    setFailure(undefined);
    const body = {
      title: form.title,
      pipeline_id: pipeline.id,
      amount_minor: form.amount ? toMinor(form.amount, form.currency) : undefined,
      currency: form.currency,
    };
    try {
      const deal = await send<Deal>('POST', '/api/v1/deals', body, {
        idempotencyKey: keyFor(body),
      });
      reset({ title: '', amount: '', currency: form.currency });
      onCreated(deal);
    } catch (error) {
      const problem = asApiError(error);
      const placed = applyServerErrors(problem, setError, {
        title: 'title',
        amount_minor: 'amount',
        currency: 'currency',
      });
      if (!placed) setFailure(problem);
    }
  });

  return (
    <form className="filters" onSubmit={submit} noValidate aria-label={t('crm.newDeal')}>
      <FormField
        label={t('crm.dealTitle')}
        required
        error={errors.title?.message}
        {...register('title')}
      />
      <FormField
        label={t('crm.amount')}
        type="number"
        min={0}
        step="any"
        error={errors.amount?.message}
        {...register('amount')}
      />
      <FormField label={t('form.currency')} error={errors.currency?.message}>
        {(control) => (
          <select {...control} {...register('currency')}>
            {dealCurrencies.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <div className="form-actions">
        <button type="submit" disabled={isSubmitting}>
          {t('crm.openDeal')}
        </button>
      </div>
      <ErrorNotice error={failure} />
    </form>
  );
}
