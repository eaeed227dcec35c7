import { zodResolver } from '@hookform/resolvers/zod';
import type { TFunction } from 'i18next';
import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { send } from '../api/client';
import { useIdempotencyKey } from '../api/idempotency';
import { FormField } from '../components/form-field';
import { ErrorNotice } from '../components/ui';
import { listOf } from './campaign-form-schema';
import { contentChannels, useContentLabels, type BrandKit } from './content-shared';
import { applyServerErrors } from './server-field-errors';

const schemaOf = (t: TFunction) =>
  z.object({
    name: z.string().trim().min(1, t('form.errors.required')).max(120),
    voice: z.string().trim(),
    colors: z
      .string()
      .refine(
        (v) => listOf(v, /[\s,]+/).every((c) => /^#[0-9a-f]{6}$/i.test(c)),
        t('content.errors.colors'),
      ),
    approved_claims: z.string(),
    banned_phrases: z.string(),
    logo_text: z.string().trim(),
    /** Characters per channel; empty means the channel's own limit. */
    channel_limits: z.record(
      z.string(),
      z.string().refine((v) => v === '' || (Number.isInteger(Number(v)) && Number(v) > 0), {
        message: t('content.errors.limit'),
      }),
    ),
  });

type Form = z.infer<ReturnType<typeof schemaOf>>;

const formOf = (kit: BrandKit | undefined): Form => ({
  name: kit?.name ?? '',
  voice: kit?.voice ?? '',
  colors: kit?.colors.join(', ') ?? '',
  approved_claims: kit?.approved_claims.join('\n') ?? '',
  banned_phrases: kit?.banned_phrases.join('\n') ?? '',
  logo_text: kit?.logo_text ?? '',
  channel_limits: Object.fromEntries(
    contentChannels.map((channel) => [channel, String(kit?.channel_limits[channel] ?? '')]),
  ),
});

/** Creates a brand kit or edits `kit`; channel limits are a number per known channel. */
export function KitEditor({
  kit,
  onSaved,
  onCancel,
}: {
  kit: BrandKit | undefined;
  onSaved: (kit: BrandKit) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const labels = useContentLabels();
  const keyFor = useIdempotencyKey();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<Form>({ resolver: zodResolver(schemaOf(t)), defaultValues: formOf(kit) });
  const save = useMutation({
    mutationFn: (form: Form) => {
      const body = {
        name: form.name,
        voice: form.voice,
        colors: listOf(form.colors, /[\s,]+/),
        approved_claims: listOf(form.approved_claims, /\n+/),
        banned_phrases: listOf(form.banned_phrases, /\n+/),
        logo_text: form.logo_text || null,
        channel_limits: Object.fromEntries(
          Object.entries(form.channel_limits)
            .filter(([, limit]) => limit !== '')
            .map(([channel, limit]) => [channel, Number(limit)]),
        ),
      };
      return kit
        ? send<BrandKit>('PATCH', `/api/v1/brand-kits/${kit.id}`, body)
        : send<BrandKit>('POST', '/api/v1/brand-kits', body, { idempotencyKey: keyFor(body) });
    },
    onSuccess: onSaved,
    onError: (problem) =>
      applyServerErrors(problem, setError, {
        name: 'name',
        voice: 'voice',
        colors: 'colors',
        approved_claims: 'approved_claims',
        banned_phrases: 'banned_phrases',
        logo_text: 'logo_text',
      }),
  });
  const unplaced = save.error?.problem.errors?.length ? null : save.error;
  return (
    <form
      className="form-grid"
      onSubmit={handleSubmit((form) => save.mutate(form))}
      noValidate
      aria-label={t('content.brandKit')}
    >
      <FormField
        label={t('content.kitName')}
        required
        error={errors.name?.message}
        {...register('name')}
      />
      <FormField
        label={t('content.logoText')}
        error={errors.logo_text?.message}
        {...register('logo_text')}
      />
      <FormField
        label={t('content.colors')}
        hint={t('content.colorsHint')}
        error={errors.colors?.message}
        {...register('colors')}
      />
      <div className="span-2">
        <FormField label={t('content.voice')} error={errors.voice?.message}>
          {(control) => <textarea rows={3} {...control} {...register('voice')} />}
        </FormField>
      </div>
      <FormField label={t('content.approvedClaims')} error={errors.approved_claims?.message}>
        {(control) => <textarea rows={4} {...control} {...register('approved_claims')} />}
      </FormField>
      <FormField label={t('content.bannedPhrases')} error={errors.banned_phrases?.message}>
        {(control) => <textarea rows={4} {...control} {...register('banned_phrases')} />}
      </FormField>
      <fieldset className="span-2 field">
        <legend>{t('content.channelLimits')}</legend>
        <div className="limits-grid">
          {contentChannels.map((channel) => (
            <FormField
              key={channel}
              label={labels.channel(channel)}
              type="number"
              min={1}
              inputMode="numeric"
              error={errors.channel_limits?.[channel]?.message}
              {...register(`channel_limits.${channel}`)}
            />
          ))}
        </div>
      </fieldset>
      <div className="span-2 form-actions">
        <button type="submit" disabled={save.isPending}>
          {kit ? t('content.saveKit') : t('content.createKit')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('app.cancel')}
        </button>
        <ErrorNotice error={unplaced} />
      </div>
    </form>
  );
}
