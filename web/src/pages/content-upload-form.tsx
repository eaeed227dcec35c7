import { zodResolver } from '@hookform/resolvers/zod';
import type { TFunction } from 'i18next';
import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { upload } from '../api/client';
import { useIdempotencyKey } from '../api/idempotency';
import { FormField } from '../components/form-field';
import { ErrorNotice } from '../components/ui';
import { contentChannels, useContentLabels, type Asset } from './content-shared';
import { applyServerErrors } from './server-field-errors';

const schemaOf = (t: TFunction) =>
  z.object({
    file: z
      .custom<FileList>()
      .refine((files) => files instanceof FileList && files.length === 1, t('content.errors.file')),
    title: z.string().trim().min(1, t('form.errors.required')).max(200),
    description: z.string().trim().min(1, t('form.errors.required')).max(2000),
    hashtags: z.string(),
    channel: z.string(),
    language: z.string(),
    licence: z.string().trim(),
    rights_expires_at: z.string(),
  });

type Form = z.infer<ReturnType<typeof schemaOf>>;

/** Uploads a PNG to the library with its description, hashtags and usage rights. */
export function UploadForm({ onUploaded }: { onUploaded: (asset: Asset) => void }) {
  const { t } = useTranslation();
  const labels = useContentLabels();
  const keyFor = useIdempotencyKey();
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors },
  } = useForm<Form>({
    resolver: zodResolver(schemaOf(t)),
    defaultValues: {
      title: '',
      description: '',
      hashtags: '',
      channel: '',
      language: '',
      licence: '',
      rights_expires_at: '',
    },
  });
  const send = useMutation({
    mutationFn: (form: Form) => {
      const data = new FormData();
      data.set('title', form.title);
      data.set('description', form.description);
      data.set('hashtags', form.hashtags);
      if (form.channel) data.set('channel', form.channel);
      if (form.language) data.set('language', form.language);
      if (form.licence) data.set('licence', form.licence);
      if (form.rights_expires_at)
        data.set(
          'rights_expires_at',
          new Date(`${form.rights_expires_at}T23:59:59Z`).toISOString(),
        );
      const file = form.file[0]!;
      data.set('file', file);
      const key = keyFor({ ...form, file: [file.name, file.size, file.lastModified] });
      return upload<Asset>('/api/v1/assets/upload', data, key);
    },
    onSuccess: (asset) => {
      reset();
      onUploaded(asset);
    },
    onError: (problem) =>
      applyServerErrors(problem, setError, {
        file: 'file',
        title: 'title',
        description: 'description',
        hashtags: 'hashtags',
        rights_expires_at: 'rights_expires_at',
      }),
  });
  const unplaced = send.error?.problem.errors?.length ? null : send.error;
  return (
    <form
      className="form-grid"
      onSubmit={handleSubmit((form) => send.mutate(form))}
      noValidate
      aria-label={t('content.upload')}
    >
      <FormField
        label={t('content.pngFile')}
        type="file"
        accept="image/png"
        required
        error={errors.file?.message}
        {...register('file')}
      />
      <FormField
        label={t('content.title')}
        required
        error={errors.title?.message}
        {...register('title')}
      />
      <FormField
        label={t('content.description')}
        required
        error={errors.description?.message}
        {...register('description')}
      />
      <FormField
        label={t('content.hashtags')}
        hint={t('content.hashtagsHint')}
        error={errors.hashtags?.message}
        {...register('hashtags')}
      />
      <FormField label={t('content.channel')}>
        {(control) => (
          <select {...control} {...register('channel')}>
            <option value="">{t('app.any')}</option>
            {contentChannels.map((channel) => (
              <option key={channel} value={channel}>
                {labels.channel(channel)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField label={t('content.language')}>
        {(control) => (
          <select {...control} {...register('language')}>
            <option value="">—</option>
            <option value="es">{labels.language('es')}</option>
            <option value="en">{labels.language('en')}</option>
          </select>
        )}
      </FormField>
      <FormField label={t('content.licence')} {...register('licence')} />
      <FormField
        label={t('content.rightsUntil')}
        type="date"
        error={errors.rights_expires_at?.message}
        {...register('rights_expires_at')}
      />
      <div className="span-2 form-actions">
        <button type="submit" disabled={send.isPending}>
          {send.isPending ? t('content.uploading') : t('content.upload')}
        </button>
        <ErrorNotice error={unplaced} />
      </div>
    </form>
  );
}
