import { zodResolver } from '@hookform/resolvers/zod';
import type { TFunction } from 'i18next';
import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { send, type Page } from '../api/client';
import { useIdempotencyKey } from '../api/idempotency';
import { useApiQuery } from '../api/queries';
import { FormField } from '../components/form-field';
import { ErrorNotice } from '../components/ui';
import { listOf } from './campaign-form-schema';
import {
  contentChannels,
  contentLanguages,
  contentTones,
  contentTypes,
  useContentLabels,
  type BrandKit,
  type ContentRequest,
} from './content-shared';
import { applyServerErrors } from './server-field-errors';

const schemaOf = (t: TFunction) =>
  z.object({
    type: z.enum(contentTypes),
    subject: z.string().trim().min(1, t('form.errors.required')).max(200),
    description: z.string().trim(),
    channel: z.string(),
    audience: z.string().trim(),
    language: z.string(),
    tone: z.string(),
    variants: z.string(),
    brand_kit_id: z.string(),
    call_to_action: z.string().trim(),
    keywords: z.string(),
    benefits: z.string(),
  });

type Form = z.infer<ReturnType<typeof schemaOf>>;

const emptyBrief: Form = {
  type: 'text',
  subject: '',
  description: '',
  channel: 'instagram',
  audience: '',
  language: 'es',
  tone: 'friendly',
  variants: '2',
  brand_kit_id: '',
  call_to_action: '',
  keywords: '',
  benefits: '',
};

function bodyOf(brief: Form) {
  const optional = (value: string) => value || undefined;
  const list = (value: string, separators?: RegExp) => {
    const items = listOf(value, separators);
    return items.length > 0 ? items : undefined;
  };
  return {
    type: brief.type,
    subject: brief.subject,
    description: optional(brief.description),
    channel: brief.channel,
    audience: optional(brief.audience),
    language: brief.language,
    tone: optional(brief.tone),
    variants: Number(brief.variants),
    brand_kit_id: optional(brief.brand_kit_id),
    call_to_action: optional(brief.call_to_action),
    keywords: list(brief.keywords),
    benefits: list(brief.benefits, /\n+/),
  };
}

/** The brief form: everything a content request takes, with the API's field errors in place. */
export function BriefForm({ onCreated }: { onCreated: (request: ContentRequest) => void }) {
  const { t } = useTranslation();
  const labels = useContentLabels();
  const keyFor = useIdempotencyKey();
  const kits = useApiQuery<Page<BrandKit>>('/api/v1/brand-kits?limit=100');
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors },
  } = useForm<Form>({ resolver: zodResolver(schemaOf(t)), defaultValues: emptyBrief });
  const create = useMutation({
    mutationFn: (brief: Form) => {
      const body = bodyOf(brief);
      return send<ContentRequest>('POST', '/api/v1/content-requests', body, {
        idempotencyKey: keyFor(body),
      });
    },
    onSuccess: (created, brief) => {
      reset({ ...emptyBrief, type: brief.type, channel: brief.channel, language: brief.language });
      onCreated(created);
    },
    onError: (problem) =>
      applyServerErrors(
        problem,
        setError,
        Object.fromEntries(Object.keys(emptyBrief).map((name) => [name, name as keyof Form])),
      ),
  });
  const unplaced = create.error?.problem.errors?.length ? null : create.error;
  const select = (
    name: keyof Form,
    label: string,
    options: { value: string; label: string }[],
    empty?: string,
  ) => (
    <FormField label={label} error={errors[name]?.message}>
      {(control) => (
        <select {...control} {...register(name)}>
          {empty !== undefined ? <option value="">{empty}</option> : null}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
  return (
    <form
      className="form-grid"
      onSubmit={handleSubmit((brief) => create.mutate(brief))}
      noValidate
      aria-label={t('content.brief')}
    >
      {select(
        'type',
        t('content.type'),
        contentTypes.map((v) => ({ value: v, label: t(`content.typeLong.${v}`) })),
      )}
      <FormField
        label={t('content.subject')}
        required
        error={errors.subject?.message}
        {...register('subject')}
      />
      {select(
        'channel',
        t('content.channel'),
        contentChannels.map((v) => ({ value: v, label: labels.channel(v) })),
      )}
      <FormField
        label={t('content.audience')}
        error={errors.audience?.message}
        {...register('audience')}
      />
      {select(
        'language',
        t('content.language'),
        contentLanguages.map((v) => ({ value: v, label: labels.language(v) })),
      )}
      {select(
        'tone',
        t('content.tone'),
        contentTones.map((v) => ({ value: v, label: labels.tone(v) })),
        t('app.any'),
      )}
      {select(
        'variants',
        t('content.variants'),
        ['1', '2', '3', '4', '5'].map((v) => ({ value: v, label: v })),
      )}
      {select(
        'brand_kit_id',
        t('content.brandKit'),
        (kits.data?.data ?? []).map((kit) => ({ value: kit.id, label: kit.name })),
        t('app.none'),
      )}
      <FormField
        label={t('content.callToAction')}
        error={errors.call_to_action?.message}
        {...register('call_to_action')}
      />
      <FormField
        label={t('content.keywords')}
        error={errors.keywords?.message}
        {...register('keywords')}
      />
      <div className="span-2">
        <FormField label={t('content.description')} error={errors.description?.message}>
          {(control) => (
            <textarea
              rows={3}
              placeholder={t('content.descriptionPlaceholder')}
              {...control}
              {...register('description')}
            />
          )}
        </FormField>
      </div>
      <div className="span-2">
        <FormField label={t('content.benefits')} error={errors.benefits?.message}>
          {(control) => <textarea rows={2} {...control} {...register('benefits')} />}
        </FormField>
      </div>
      <div className="span-2 form-actions">
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? t('content.requesting') : t('content.request')}
        </button>
        <ErrorNotice error={unplaced} />
      </div>
    </form>
  );
}
