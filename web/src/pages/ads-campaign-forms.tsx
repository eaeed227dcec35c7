import { zodResolver } from '@hookform/resolvers/zod';
import type { TFunction } from 'i18next';
import { useMutation } from '@tanstack/react-query';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { send, type Page } from '../api/client';
import { useIdempotencyKey } from '../api/idempotency';
import { useApiQuery } from '../api/queries';
import { ChoiceGroup } from '../components/choice-group';
import { FormField } from '../components/form-field';
import { usePermissions } from '../components/permissions';
import { ErrorNotice } from '../components/ui';
import { currentLanguage } from '../i18n';
import { adChannels, type Campaign } from './ads-shared';
import { listOf, toMinor } from './campaign-form-schema';
import { channelName, marketOptions } from './markets';
import { applyServerErrors } from './server-field-errors';

const adLanguages = ['es', 'en', 'pt', 'fr', 'de', 'it'] as const;

function languageOptions() {
  const names = new Intl.DisplayNames([currentLanguage()], { type: 'language' });
  return adLanguages.map((code) => ({ value: code, label: names.of(code) ?? code }));
}

function adSetSchema(t: TFunction) {
  const ages = t('form.errors.ages');
  const age = z.coerce.number<string>().int().min(13, ages).max(100, ages);
  return z
    .object({
      name: z.string().trim().min(1, t('form.errors.required')).max(120),
      channel: z.enum(adChannels),
      budget: z.string().refine((v) => Number(v) > 0, t('form.errors.budget')),
      countries: z.array(z.string()),
      age_min: age,
      age_max: age,
      languages: z.array(z.string()),
      interests: z.string(),
    })
    .refine((form) => form.age_min <= form.age_max, {
      message: ages,
      path: ['age_max'],
    });
}

type AdSetInput = z.input<ReturnType<typeof adSetSchema>>;
type AdSetOutput = z.output<ReturnType<typeof adSetSchema>>;

/** A new ad set: channel, daily budget and targeting (countries and languages picked). */
export function AdSetForm({ campaign, onCreated }: { campaign: Campaign; onCreated: () => void }) {
  const { t } = useTranslation();
  const keyFor = useIdempotencyKey();
  const currency = campaign.budget.currency;
  const {
    register,
    control,
    handleSubmit,
    setError,
    reset,
    formState: { errors },
  } = useForm<AdSetInput, unknown, AdSetOutput>({
    resolver: zodResolver(adSetSchema(t)),
    defaultValues: {
      name: '',
      channel: 'facebook',
      budget: '',
      countries: campaign.countries,
      age_min: '18',
      age_max: '65',
      languages: [],
      interests: '',
    },
  });
  const create = useMutation({
    mutationFn: (form: AdSetOutput) => {
      const body = {
        campaign_id: campaign.id,
        name: form.name,
        channel: form.channel,
        daily_budget_minor: toMinor(form.budget, currency),
        targeting: {
          age_min: form.age_min,
          age_max: form.age_max,
          countries: form.countries,
          languages: form.languages,
          interests: listOf(form.interests),
        },
      };
      return send('POST', '/api/v1/ad-sets', body, { idempotencyKey: keyFor(body) });
    },
    onSuccess: () => {
      reset();
      onCreated();
    },
    onError: (problem) =>
      applyServerErrors(problem, setError, {
        name: 'name',
        channel: 'channel',
        daily_budget_minor: 'budget',
        'targeting.countries': 'countries',
        'targeting.age_min': 'age_min',
        'targeting.age_max': 'age_max',
        'targeting.languages': 'languages',
        'targeting.interests': 'interests',
      }),
  });
  const unplaced = create.error?.problem.errors?.length ? null : create.error;
  // The campaign's own markets first, then the others the forms offer.
  const markets = marketOptions();
  const countryOptions = [
    ...markets.filter((m) => campaign.countries.includes(m.value)),
    ...markets.filter((m) => !campaign.countries.includes(m.value)),
  ];
  return (
    <form
      className="form-grid subpanel"
      onSubmit={handleSubmit((form) => create.mutate(form))}
      noValidate
      aria-label={t('ads.newAdSet')}
    >
      <FormField
        label={t('ads.adSetName')}
        required
        error={errors.name?.message}
        {...register('name')}
      />
      <FormField label={t('ads.channel')} error={errors.channel?.message}>
        {(props) => (
          <select {...props} {...register('channel')}>
            {adChannels.map((channel) => (
              <option key={channel} value={channel}>
                {channelName(channel)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField
        label={t('ads.dailyBudget', { currency })}
        type="number"
        min={0}
        step="any"
        required
        error={errors.budget?.message}
        {...register('budget')}
      />
      <FormField
        label={t('ads.interests')}
        error={errors.interests?.message}
        {...register('interests')}
      />
      <FormField
        label={t('form.ageFrom')}
        type="number"
        min={13}
        max={100}
        error={errors.age_min?.message}
        {...register('age_min')}
      />
      <FormField
        label={t('form.ageTo')}
        type="number"
        min={13}
        max={100}
        error={errors.age_max?.message}
        {...register('age_max')}
      />
      <div className="span-2">
        <Controller
          control={control}
          name="countries"
          render={({ field, fieldState }) => (
            <ChoiceGroup
              legend={t('ads.countries')}
              options={countryOptions}
              value={field.value}
              onChange={field.onChange}
              error={fieldState.error?.message}
            />
          )}
        />
      </div>
      <div className="span-2">
        <Controller
          control={control}
          name="languages"
          render={({ field, fieldState }) => (
            <ChoiceGroup
              legend={t('ads.languages')}
              options={languageOptions()}
              value={field.value}
              onChange={field.onChange}
              error={fieldState.error?.message}
            />
          )}
        />
      </div>
      <div className="span-2 form-actions">
        <button type="submit" disabled={create.isPending}>
          {t('ads.addAdSet')}
        </button>
        <ErrorNotice error={unplaced} />
      </div>
    </form>
  );
}

interface AssetOption {
  id: string;
  title: string;
  type: string;
}

function adSchema(t: TFunction) {
  const text = z.string().trim().min(1, t('form.errors.required'));
  return z.object({
    headline: text.max(120),
    body: text.max(2000),
    call_to_action: text.max(60),
    content_asset_id: z.string(),
  });
}

type AdForm = z.infer<ReturnType<typeof adSchema>>;

/** The next A/B variant of an ad set, optionally with an approved creative from the library. */
export function AdForm({
  adSetId,
  nextVariant,
  onCreated,
}: {
  adSetId: string;
  nextVariant: string;
  onCreated: () => void;
}) {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const keyFor = useIdempotencyKey();
  const approved = useApiQuery<Page<AssetOption>>(
    permissions.can('content:read') ? '/api/v1/assets?status=approved&limit=50' : null,
  );
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<AdForm>({
    resolver: zodResolver(adSchema(t)),
    defaultValues: { headline: '', body: '', call_to_action: '', content_asset_id: '' },
  });
  const create = useMutation({
    mutationFn: (form: AdForm) => {
      const body = {
        ad_set_id: adSetId,
        variant: nextVariant,
        headline: form.headline,
        body: form.body,
        call_to_action: form.call_to_action,
        content_asset_id: form.content_asset_id || null,
      };
      return send('POST', '/api/v1/ads', body, { idempotencyKey: keyFor(body) });
    },
    onSuccess: onCreated,
    onError: (problem) =>
      applyServerErrors(problem, setError, {
        headline: 'headline',
        body: 'body',
        call_to_action: 'call_to_action',
        content_asset_id: 'content_asset_id',
      }),
  });
  const unplaced = create.error?.problem.errors?.length ? null : create.error;
  return (
    <form
      className="form-grid subpanel"
      onSubmit={handleSubmit((form) => create.mutate(form))}
      noValidate
      aria-label={t('ads.newVariant', { variant: nextVariant })}
    >
      <FormField
        label={t('ads.variantHeadline', { variant: nextVariant })}
        required
        error={errors.headline?.message}
        {...register('headline')}
      />
      <FormField
        label={t('ads.callToAction')}
        required
        error={errors.call_to_action?.message}
        {...register('call_to_action')}
      />
      <div className="span-2">
        <FormField label={t('ads.body')} required error={errors.body?.message}>
          {(props) => <textarea rows={2} {...props} {...register('body')} />}
        </FormField>
      </div>
      <FormField label={t('ads.creative')} error={errors.content_asset_id?.message}>
        {(props) => (
          <select {...props} {...register('content_asset_id')}>
            <option value="">{t('app.none')}</option>
            {(approved.data?.data ?? []).map((asset) => (
              <option key={asset.id} value={asset.id}>
                {asset.title} ({asset.type})
              </option>
            ))}
          </select>
        )}
      </FormField>
      <div className="form-actions">
        <button type="submit" disabled={create.isPending}>
          {t('ads.addVariant', { variant: nextVariant })}
        </button>
        <ErrorNotice error={unplaced} />
      </div>
    </form>
  );
}
