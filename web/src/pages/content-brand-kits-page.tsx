import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { send } from '../api/client';
import { useApiInfiniteList, useInvalidate } from '../api/queries';
import { useConfirm } from '../components/confirm-dialog';
import { FormField } from '../components/form-field';
import { LoadMore } from '../components/load-more';
import { usePermissions } from '../components/permissions';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { SuccessNotice } from '../components/widgets';
import { formatDate, formatNumber } from '../i18n/format';
import {
  contentChannels,
  FindingsList,
  useContentLabels,
  type BrandFinding,
  type BrandKit,
  type FormatFinding,
} from './content-shared';
import { KitEditor } from './content-kit-editor';

interface CheckResult {
  ok: boolean;
  findings: BrandFinding[];
  format_findings: FormatFinding[];
}

function KitCheck({ kit }: { kit: BrandKit }) {
  const { t } = useTranslation();
  const labels = useContentLabels();
  const schema = z.object({
    text: z.string().trim().min(1, t('form.errors.required')),
    channel: z.string(),
  });
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<z.infer<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { text: '', channel: '' },
  });
  const check = useMutation({
    mutationFn: ({ text, channel }: z.infer<typeof schema>) =>
      send<CheckResult>('POST', `/api/v1/brand-kits/${kit.id}/check`, {
        text,
        ...(channel ? { channel } : {}),
      }),
  });
  return (
    <form
      className="stack"
      onSubmit={handleSubmit((form) => check.mutate(form))}
      noValidate
      aria-label={t('content.checkCopy')}
    >
      <FormField
        label={t('content.checkAgainst', { name: kit.name })}
        required
        error={errors.text?.message}
      >
        {(control) => <textarea rows={3} {...control} {...register('text')} />}
      </FormField>
      <div className="row wrap">
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
        <button type="submit" className="secondary" disabled={check.isPending}>
          {t('content.check')}
        </button>
      </div>
      <ErrorNotice error={check.error} />
      {check.data ? (
        <FindingsList brand={check.data.findings} format={check.data.format_findings} />
      ) : null}
    </form>
  );
}

export function ContentBrandKitsPage() {
  const { t } = useTranslation();
  const confirm = useConfirm();
  const invalidate = useInvalidate();
  const permissions = usePermissions();
  const kits = useApiInfiniteList<BrandKit>('/api/v1/brand-kits?limit=20');
  const [editing, setEditing] = useState<BrandKit | 'new'>();
  const [checking, setChecking] = useState<BrandKit>();
  const [message, setMessage] = useState('');
  const canWrite = permissions.can('content:write');
  const remove = useMutation({
    mutationFn: (kit: BrandKit) => send('DELETE', `/api/v1/brand-kits/${kit.id}`),
    onSuccess: async (_, kit) => {
      setMessage(t('content.kitDeleted', { name: kit.name }));
      await invalidate('/api/v1/brand-kits');
    },
  });
  const rows = kits.items ?? [];

  async function askRemove(kit: BrandKit) {
    const sure = await confirm({
      title: t('content.deleteKitTitle', { name: kit.name }),
      description: t('content.deleteKitBody'),
      confirmLabel: t('content.delete'),
    });
    if (sure) remove.mutate(kit);
  }

  return (
    <div className="stack">
      <SuccessNotice>{message}</SuccessNotice>
      <ErrorNotice error={remove.error} />
      {editing ? (
        <Card
          title={
            editing === 'new' ? t('content.newKit') : t('content.editKit', { name: editing.name })
          }
        >
          <KitEditor
            key={editing === 'new' ? 'new' : editing.id}
            kit={editing === 'new' ? undefined : editing}
            onCancel={() => setEditing(undefined)}
            onSaved={(kit) => {
              setEditing(undefined);
              setMessage(t('content.kitSaved', { name: kit.name }));
              void invalidate('/api/v1/brand-kits');
            }}
          />
        </Card>
      ) : null}
      <Card
        title={t('nav.content-brand-kits')}
        actions={
          canWrite && !editing ? (
            <button type="button" onClick={() => setEditing('new')}>
              {t('content.newKit')}
            </button>
          ) : null
        }
      >
        {kits.isLoading ? <Loading /> : null}
        <ErrorNotice error={kits.error} />
        {kits.data && rows.length === 0 ? <Empty>{t('content.noKits')}</Empty> : null}
        {rows.length > 0 ? (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th>{t('content.kitName')}</th>
                  <th>{t('content.colorsShort')}</th>
                  <th className="num">{t('content.claims')}</th>
                  <th className="num">{t('content.banned')}</th>
                  <th>{t('content.updated')}</th>
                  <th>
                    <span className="visually-hidden">{t('content.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((kit) => (
                  <tr key={kit.id}>
                    <td>
                      <strong>{kit.name}</strong>
                      {kit.voice ? <div className="muted small">{kit.voice}</div> : null}
                    </td>
                    <td>
                      {kit.colors.map((color) => (
                        <span
                          key={color}
                          className="swatch"
                          style={{ background: color }}
                          title={color}
                        />
                      ))}
                    </td>
                    <td className="num">{formatNumber(kit.approved_claims.length)}</td>
                    <td className="num">{formatNumber(kit.banned_phrases.length)}</td>
                    <td>{formatDate(kit.updated_at)}</td>
                    <td className="actions">
                      <button type="button" className="link" onClick={() => setChecking(kit)}>
                        {t('content.checkCopy')}
                      </button>
                      {canWrite ? (
                        <>
                          <button type="button" className="link" onClick={() => setEditing(kit)}>
                            {t('content.edit')}
                          </button>
                          <button
                            type="button"
                            className="link danger-link"
                            onClick={() => void askRemove(kit)}
                          >
                            {t('content.delete')}
                          </button>
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <LoadMore
          hasNextPage={kits.hasNextPage}
          isFetchingNextPage={kits.isFetchingNextPage}
          fetchNextPage={kits.fetchNextPage}
          shown={rows.length}
        />
      </Card>
      {checking ? (
        <Card title={t('content.brandCheck')}>
          <KitCheck key={checking.id} kit={checking} />
        </Card>
      ) : null}
    </div>
  );
}
