import { zodResolver } from '@hookform/resolvers/zod';
import type { TFunction } from 'i18next';
import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { send } from '../api/client';
import { FormField } from '../components/form-field';
import { usePermissions } from '../components/permissions';
import { ErrorNotice } from '../components/ui';
import { useStatusLabel } from '../components/widgets';
import { formatDate } from '../i18n/format';
import { listOf } from './campaign-form-schema';
import { AssetStatus, type Asset } from './content-shared';
import { applyServerErrors } from './server-field-errors';

/** Submit for review; approve or reject (a rejection needs a comment for the author). */
export function ReviewPanel({
  asset,
  onChanged,
}: {
  asset: Asset;
  onChanged: (asset: Asset) => void;
}) {
  const { t } = useTranslation();
  const statusLabel = useStatusLabel();
  const permissions = usePermissions();
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors },
  } = useForm<{ comment: string }>({ defaultValues: { comment: '' } });
  const act = useMutation({
    mutationFn: ({
      action,
      comment,
    }: {
      action: 'submit' | 'approve' | 'reject';
      comment: string;
    }) => send<Asset>('POST', `/api/v1/assets/${asset.id}/${action}`, comment ? { comment } : {}),
    onSuccess: (updated) => {
      reset();
      onChanged(updated);
    },
  });
  const decide = (action: 'approve' | 'reject') =>
    handleSubmit(({ comment }) => {
      const text = comment.trim();
      if (action === 'reject' && !text) {
        setError('comment', { message: t('content.rejectNeedsComment') });
        return;
      }
      act.mutate({ action, comment: text });
    });

  const canSubmit =
    permissions.can('content:write') && (asset.status === 'draft' || asset.status === 'rejected');
  const canDecide = permissions.can('content:approve') && asset.status === 'in_review';
  return (
    <div className="stack">
      <div className="row">
        <AssetStatus asset={asset} />
        {asset.review.reviewed_at ? (
          <span className="muted small">
            {t('content.lastDecision', { when: formatDate(asset.review.reviewed_at) })}
            {asset.review.comment ? `: “${asset.review.comment}”` : ''}
          </span>
        ) : null}
      </div>
      {canSubmit ? (
        <div className="row">
          <button
            type="button"
            disabled={act.isPending}
            onClick={() => act.mutate({ action: 'submit', comment: '' })}
          >
            {t('content.submitForReview')}
          </button>
        </div>
      ) : null}
      {canDecide ? (
        <form className="stack" noValidate aria-label={t('content.approval')}>
          <FormField label={t('content.comment')} error={errors.comment?.message}>
            {(control) => <textarea rows={2} {...control} {...register('comment')} />}
          </FormField>
          <div className="row">
            <button type="button" disabled={act.isPending} onClick={decide('approve')}>
              {t('content.approve')}
            </button>
            <button
              type="button"
              className="danger"
              disabled={act.isPending}
              onClick={decide('reject')}
            >
              {t('content.reject')}
            </button>
          </div>
        </form>
      ) : null}
      {asset.status === 'in_review' && !canDecide && permissions.ready ? (
        <p className="muted">{t('content.waitingForReviewer')}</p>
      ) : null}
      <ErrorNotice error={act.error} />
      {asset.reviews && asset.reviews.length > 0 ? (
        <div className="table-scroll">
          <table aria-label={t('content.reviewHistory')}>
            <thead>
              <tr>
                <th>{t('content.when')}</th>
                <th>{t('content.action')}</th>
                <th>{t('content.version')}</th>
                <th>{t('content.comment')}</th>
              </tr>
            </thead>
            <tbody>
              {asset.reviews.map((review, i) => (
                <tr key={`${review.created_at}-${i}`}>
                  <td>{formatDate(review.created_at)}</td>
                  <td>{statusLabel(review.action)}</td>
                  <td>v{review.version}</td>
                  <td>{review.comment ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

interface EditForm {
  headline: string;
  body: string;
  call_to_action: string;
  script: string;
  note: string;
}

/** Saves edited copy (or script) as a new version, which goes back to draft. */
export function EditPanel({ asset, onSaved }: { asset: Asset; onSaved: () => void }) {
  const { t } = useTranslation();
  const content = asset.version?.content;
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<EditForm>({
    values: {
      headline: content && content.kind !== 'video' ? (content.headline ?? '') : '',
      body: content?.kind === 'text' ? content.body : '',
      call_to_action: content?.kind === 'text' ? (content.call_to_action ?? '') : '',
      script: content?.kind === 'video' ? content.script : '',
      note: '',
    },
  });
  const save = useMutation({
    mutationFn: (form: EditForm) => {
      const changes =
        content?.kind === 'text'
          ? {
              headline: form.headline,
              body: form.body,
              call_to_action: form.call_to_action || undefined,
            }
          : content?.kind === 'image'
            ? { headline: form.headline }
            : { script: form.script };
      return send('POST', `/api/v1/assets/${asset.id}/versions`, {
        ...changes,
        note: form.note.trim() || undefined,
      });
    },
    onSuccess: onSaved,
    onError: (problem) =>
      applyServerErrors(problem, setError, {
        headline: 'headline',
        body: 'body',
        call_to_action: 'call_to_action',
        script: 'script',
        note: 'note',
      }),
  });
  if (!content) return null;
  const unplaced = save.error?.problem.errors?.length ? null : save.error;
  return (
    <form
      className="stack"
      onSubmit={handleSubmit((form) => save.mutate(form))}
      noValidate
      aria-label={t('content.newVersion')}
    >
      {content.kind !== 'video' ? (
        <FormField
          label={t('content.headline')}
          error={errors.headline?.message}
          {...register('headline')}
        />
      ) : null}
      {content.kind === 'text' ? (
        <>
          <FormField label={t('content.body')} error={errors.body?.message}>
            {(control) => <textarea rows={5} {...control} {...register('body')} />}
          </FormField>
          <FormField
            label={t('content.callToAction')}
            error={errors.call_to_action?.message}
            {...register('call_to_action')}
          />
        </>
      ) : null}
      {content.kind === 'video' ? (
        <FormField label={t('content.script')} error={errors.script?.message}>
          {(control) => <textarea rows={6} {...control} {...register('script')} />}
        </FormField>
      ) : null}
      <FormField label={t('content.note')} error={errors.note?.message} {...register('note')} />
      <div className="row">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? t('app.pleaseWait') : t('content.saveVersion')}
        </button>
        <span className="muted small">{t('content.versionHint')}</span>
      </div>
      <ErrorNotice error={unplaced} />
    </form>
  );
}

const metadataSchema = (t: TFunction) =>
  z.object({
    title: z.string().trim().min(1, t('form.errors.required')).max(200),
    description: z.string().trim().min(1, t('form.errors.required')),
    hashtags: z.string(),
    licence: z.string().trim(),
    rights_expires_at: z.string(),
  });

type MetadataForm = z.infer<ReturnType<typeof metadataSchema>>;

/** The library details: title, description (search reads it), hashtags and usage rights. */
export function MetadataPanel({
  asset,
  onSaved,
}: {
  asset: Asset;
  onSaved: (asset: Asset) => void;
}) {
  const { t } = useTranslation();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<MetadataForm>({
    resolver: zodResolver(metadataSchema(t)),
    defaultValues: {
      title: asset.title,
      description: asset.description,
      hashtags: asset.hashtags.join(' '),
      licence: asset.usage_rights.licence ?? '',
      rights_expires_at: asset.usage_rights.expires_at?.slice(0, 10) ?? '',
    },
  });
  const save = useMutation({
    mutationFn: (form: MetadataForm) =>
      send<Asset>('PATCH', `/api/v1/assets/${asset.id}`, {
        title: form.title,
        description: form.description,
        hashtags: listOf(form.hashtags, /[\s,]+/),
        licence: form.licence || null,
        rights_expires_at: form.rights_expires_at
          ? new Date(`${form.rights_expires_at}T23:59:59Z`).toISOString()
          : null,
      }),
    onSuccess: onSaved,
    onError: (problem) =>
      applyServerErrors(problem, setError, {
        title: 'title',
        description: 'description',
        hashtags: 'hashtags',
        licence: 'licence',
        rights_expires_at: 'rights_expires_at',
      }),
  });
  const unplaced = save.error?.problem.errors?.length ? null : save.error;
  return (
    <form
      className="form-grid"
      onSubmit={handleSubmit((form) => save.mutate(form))}
      noValidate
      aria-label={t('content.libraryDetails')}
    >
      <FormField
        label={t('content.title')}
        required
        error={errors.title?.message}
        {...register('title')}
      />
      <FormField
        label={t('content.hashtags')}
        error={errors.hashtags?.message}
        {...register('hashtags')}
      />
      <div className="span-2">
        <FormField
          label={t('content.descriptionForSearch')}
          required
          error={errors.description?.message}
        >
          {(control) => <textarea rows={3} {...control} {...register('description')} />}
        </FormField>
      </div>
      <FormField
        label={t('content.licence')}
        error={errors.licence?.message}
        {...register('licence')}
      />
      <FormField
        label={t('content.rightsUntil')}
        type="date"
        error={errors.rights_expires_at?.message}
        {...register('rights_expires_at')}
      />
      <div className="span-2 form-actions">
        <button type="submit" className="secondary" disabled={save.isPending}>
          {t('content.saveDetails')}
        </button>
        <ErrorNotice error={unplaced} />
      </div>
    </form>
  );
}
