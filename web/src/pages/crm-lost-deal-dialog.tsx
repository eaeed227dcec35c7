import * as Dialog from '@radix-ui/react-dialog';
import type { TFunction } from 'i18next';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { ApiError } from '../api/client';
import { FormField } from '../components/form-field';
import { ErrorNotice } from '../components/ui';
import type { Deal } from './crm-shared';

const schemaOf = (t: TFunction) =>
  z.object({ reason: z.string().trim().min(1, t('crm.lost.reasonRequired')).max(500) });

/**
 * Asks why `deal` was lost (the API requires a reason) in a modal form: focus stays inside,
 * Escape or Cancel closes it without a change.
 */
export function LostDealDialog({
  deal,
  busy,
  error,
  onLose,
  onClose,
}: {
  deal: Deal | undefined;
  busy: boolean;
  /** The move's failure, shown inside the dialog that asked for it. */
  error: ApiError | null;
  onLose: (deal: Deal, reason: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors },
  } = useForm<{ reason: string }>({
    resolver: zodResolver(schemaOf(t)),
    defaultValues: { reason: '' },
  });
  const close = () => {
    reset({ reason: '' });
    onClose();
  };
  return (
    <Dialog.Root open={deal !== undefined} onOpenChange={(open) => !open && close()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <Dialog.Title>{t('crm.lost.title', { title: deal?.title ?? '' })}</Dialog.Title>
          <Dialog.Description className="muted">{t('crm.lost.description')}</Dialog.Description>
          <form
            className="stack"
            noValidate
            aria-label={t('crm.lost.form')}
            onSubmit={handleSubmit(({ reason }) => {
              if (!deal) return;
              onLose(deal, reason);
              reset({ reason: '' });
            })}
          >
            <FormField label={t('crm.lost.reason')} required error={errors.reason?.message}>
              {(control) => <textarea rows={3} {...control} {...register('reason')} />}
            </FormField>
            <ErrorNotice error={error} />
            <div className="row dialog-actions">
              <Dialog.Close asChild>
                <button type="button" className="secondary">
                  {t('app.cancel')}
                </button>
              </Dialog.Close>
              <button type="submit" className="danger" disabled={busy}>
                {t('crm.lost.confirm')}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
