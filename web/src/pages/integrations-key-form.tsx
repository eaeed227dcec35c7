import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { send } from '../api/client';
import type { ApiItem } from '../api/resources';
import { FormField } from '../components/form-field';
import { ErrorNotice } from '../components/ui';
import { applyServerErrors } from './server-field-errors';

type Provider = ApiItem<'/api/v1/ads/connection-providers'>;

const schemaOf = (t: TFunction, settings: readonly string[]) =>
  z.object({
    api_key: z.string().trim().min(1, t('form.errors.required')),
    settings: z.object(
      Object.fromEntries(
        settings.map((name) => [name, z.string().trim().min(1, t('form.errors.required'))]),
      ),
    ),
  });

interface Form {
  api_key: string;
  settings: Record<string, string>;
}

/**
 * Connects a vendor that takes a key (Twilio, WhatsApp, Mailchimp): the key and the settings the
 * vendor says it needs (`required_settings`, described by the API). The platform checks them at
 * the vendor; its refusal or field errors are shown here.
 */
export function ApiKeyConnectForm({
  provider,
  onDone,
}: {
  provider: Provider;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const names = Object.keys(provider.required_settings);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors },
  } = useForm<Form>({
    resolver: zodResolver(schemaOf(t, names)),
    defaultValues: { api_key: '', settings: Object.fromEntries(names.map((name) => [name, ''])) },
  });
  const save = useMutation({
    mutationFn: (form: Form) =>
      send('POST', '/api/v1/ads/connections', { provider: provider.provider, ...form }),
    onSuccess: () => {
      reset();
      onDone();
    },
    onError: (problem) => {
      applyServerErrors(problem, setError, {
        api_key: 'api_key',
        ...Object.fromEntries(
          names.map((name) => [`settings.${name}`, `settings.${name}` as const]),
        ),
      });
    },
  });
  const unplaced = save.error && save.error.problem.errors?.length ? null : save.error;
  return (
    <form
      className="form-grid subpanel"
      onSubmit={handleSubmit((form) => save.mutate(form))}
      noValidate
      aria-label={t('integrations.connect', { provider: provider.label })}
    >
      <div className="span-2">
        <FormField
          label={t('integrations.apiKey')}
          type="password"
          autoComplete="off"
          required
          error={errors.api_key?.message}
          {...register('api_key')}
        />
      </div>
      {names.map((name) => (
        <FormField
          key={name}
          label={name}
          hint={provider.required_settings[name]}
          required
          error={errors.settings?.[name]?.message}
          {...register(`settings.${name}`)}
        />
      ))}
      <div className="span-2 form-actions">
        <button type="submit" disabled={save.isPending}>
          {t('integrations.connect', { provider: provider.label })}
        </button>
        <ErrorNotice error={unplaced} />
      </div>
    </form>
  );
}
