import { zodResolver } from '@hookform/resolvers/zod';
import type { TFunction } from 'i18next';
import { useMutation } from '@tanstack/react-query';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { send } from '../api/client';
import { useIdempotencyKey } from '../api/idempotency';
import { FormField } from '../components/form-field';
import { ErrorNotice } from '../components/ui';
import { useCrmLabels } from './crm-shared';
import { applyServerErrors } from './server-field-errors';

export const timelineChannels = ['email', 'whatsapp', 'sms', 'voice', 'chat', 'note'] as const;
const sendChannels = ['email', 'whatsapp', 'sms', 'voice'] as const;

const schemaOf = (t: TFunction) =>
  z.object({
    mode: z.enum(['log', 'send']),
    channel: z.string(),
    direction: z.enum(['outbound', 'inbound']),
    subject: z.string().trim().max(200),
    body: z.string().trim().min(1, t('form.errors.required')),
    transactional: z.boolean(),
  });

type Form = z.infer<ReturnType<typeof schemaOf>>;

/** Logs a call or note on the contact's timeline, or sends them a message (consent permitting). */
export function InteractionForm({ contactId, onDone }: { contactId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const labels = useCrmLabels();
  const keyFor = useIdempotencyKey();
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    control,
    reset,
    formState: { errors },
  } = useForm<Form>({
    resolver: zodResolver(schemaOf(t)),
    defaultValues: {
      mode: 'log',
      channel: 'note',
      direction: 'outbound',
      subject: '',
      body: '',
      transactional: false,
    },
  });
  const mode = useWatch({ control, name: 'mode' });
  const save = useMutation({
    mutationFn: (form: Form) => {
      const subject = form.subject || undefined;
      const body =
        form.mode === 'log'
          ? { channel: form.channel, direction: form.direction, subject, body: form.body }
          : { channel: form.channel, subject, body: form.body, transactional: form.transactional };
      return send(
        'POST',
        `/api/v1/contacts/${contactId}/${form.mode === 'log' ? 'interactions' : 'messages'}`,
        body,
        { idempotencyKey: keyFor(body) },
      );
    },
    onSuccess: () => {
      reset();
      onDone();
    },
    onError: (problem) => {
      applyServerErrors(problem, setError, {
        channel: 'channel',
        subject: 'subject',
        body: 'body',
      });
    },
  });
  const channels = mode === 'log' ? timelineChannels : sendChannels;
  const unplaced = save.error && save.error.problem.errors?.length ? null : save.error;
  return (
    <form
      className="form-grid subpanel"
      onSubmit={handleSubmit((form) => save.mutate(form))}
      noValidate
      aria-label={t('crm.timeline.newInteraction')}
    >
      <div className="segmented span-2" role="group" aria-label={t('crm.timeline.kind')}>
        {(['log', 'send'] as const).map((value) => (
          <button
            key={value}
            type="button"
            aria-pressed={mode === value}
            onClick={() => {
              setValue('mode', value);
              setValue('channel', value === 'log' ? 'note' : 'email');
            }}
          >
            {t(value === 'log' ? 'crm.timeline.logMode' : 'crm.timeline.sendMode')}
          </button>
        ))}
      </div>
      <FormField label={t('crm.channel')} error={errors.channel?.message}>
        {(control) => (
          <select {...control} {...register('channel')}>
            {channels.map((channel) => (
              <option key={channel} value={channel}>
                {labels.channel(channel)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      {mode === 'log' ? (
        <FormField label={t('crm.timeline.direction')}>
          {(control) => (
            <select {...control} {...register('direction')}>
              <option value="outbound">{t('crm.timeline.outbound')}</option>
              <option value="inbound">{t('crm.timeline.inbound')}</option>
            </select>
          )}
        </FormField>
      ) : (
        <label className="check">
          <input type="checkbox" {...register('transactional')} />
          <span>{t('crm.timeline.transactional')}</span>
        </label>
      )}
      <div className="span-2">
        <FormField
          label={t('crm.timeline.subject')}
          error={errors.subject?.message}
          {...register('subject')}
        />
      </div>
      <div className="span-2">
        <FormField label={t('crm.timeline.body')} required error={errors.body?.message}>
          {(control) => <textarea rows={3} {...control} {...register('body')} />}
        </FormField>
      </div>
      <div className="span-2 form-actions">
        <button type="submit" disabled={save.isPending}>
          {mode === 'log' ? t('crm.timeline.add') : t('crm.timeline.send')}
        </button>
        <ErrorNotice error={unplaced} />
      </div>
    </form>
  );
}
