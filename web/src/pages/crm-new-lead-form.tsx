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
import { listOf } from './campaign-form-schema';
import type { Contact } from './crm-shared';
import { marketOptions } from './markets';
import { applyServerErrors } from './server-field-errors';

function schemaOf(t: TFunction) {
  return z
    .object({
      first_name: z.string().trim(),
      last_name: z.string().trim(),
      email: z.union([z.literal(''), z.email(t('crm.errors.email'))]),
      phone: z.string().trim(),
      country: z.string(),
      tags: z.string(),
    })
    .refine((form) => form.first_name || form.last_name || form.email || form.phone, {
      message: t('crm.errors.identifiable'),
      path: ['email'],
    });
}

type Form = z.infer<ReturnType<typeof schemaOf>>;

/** A lead typed in by hand; the API merges it with a contact of the same email or phone. */
export function NewLeadForm({ onCreated }: { onCreated: (contact: Contact) => void }) {
  const { t } = useTranslation();
  const keyFor = useIdempotencyKey();
  const [failure, setFailure] = useState<ApiError>();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Form>({
    resolver: zodResolver(schemaOf(t)),
    defaultValues: { first_name: '', last_name: '', email: '', phone: '', country: '', tags: '' },
  });

  const submit = handleSubmit(async (form) => {
    setFailure(undefined);
    const optional = (value: string) => value || undefined;
    const body = {
      first_name: optional(form.first_name),
      last_name: optional(form.last_name),
      email: optional(form.email),
      phone: optional(form.phone),
      country: optional(form.country),
      tags: listOf(form.tags),
      source: 'manual',
    };
    try {
      onCreated(
        await send<Contact>('POST', '/api/v1/leads', body, { idempotencyKey: keyFor(body) }),
      );
    } catch (error) {
      const problem = asApiError(error);
      const fields = ['first_name', 'last_name', 'email', 'phone', 'country', 'tags'] as const;
      const placed = applyServerErrors(
        problem,
        setError,
        Object.fromEntries(fields.map((f) => [f, f])),
      );
      if (!placed) setFailure(problem);
    }
  });

  return (
    <form className="form-grid" onSubmit={submit} noValidate aria-label={t('crm.newLead')}>
      <FormField
        label={t('crm.firstName')}
        autoComplete="off"
        error={errors.first_name?.message}
        {...register('first_name')}
      />
      <FormField
        label={t('crm.lastName')}
        autoComplete="off"
        error={errors.last_name?.message}
        {...register('last_name')}
      />
      <FormField
        label={t('crm.email')}
        type="email"
        autoComplete="off"
        error={errors.email?.message}
        hint={t('crm.identifiableHint')}
        {...register('email')}
      />
      <FormField
        label={t('crm.phone')}
        type="tel"
        autoComplete="off"
        error={errors.phone?.message}
        {...register('phone')}
      />
      <FormField label={t('crm.country')} error={errors.country?.message}>
        {(control) => (
          <select {...control} {...register('country')}>
            <option value="">{t('app.none')}</option>
            {marketOptions().map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField
        label={t('crm.tags')}
        hint={t('crm.tagsHint')}
        error={errors.tags?.message}
        {...register('tags')}
      />
      <div className="span-2 form-actions">
        <button type="submit" disabled={isSubmitting}>
          {t('crm.addLead')}
        </button>
        <span className="muted small">{t('crm.mergeHint')}</span>
        <ErrorNotice error={failure} />
      </div>
    </form>
  );
}
