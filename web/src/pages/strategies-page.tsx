import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { asApiError, send, type ApiError } from '../api/client';
import { useApiInfiniteList, useInvalidate } from '../api/queries';
import { useConfirm } from '../components/confirm-dialog';
import { LoadMore } from '../components/load-more';
import { usePermissions } from '../components/permissions';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { SuccessNotice } from '../components/widgets';
import { formatDate, formatDay, formatMoney } from '../i18n/format';
import { channelName } from './markets';
import { StrategyForm } from './strategy-form';
import type { Strategy } from './strategies-shared';

/**
 * Marketing strategies: what a client sells, to whom, with which messages, channels and budget.
 * Campaign requests start from them (the new-request form offers every saved strategy).
 */
export function StrategiesPage() {
  const { t } = useTranslation();
  const confirm = useConfirm();
  const invalidate = useInvalidate();
  const permissions = usePermissions();
  const canEdit = permissions.can('campaigns:request');
  const list = useApiInfiniteList<Strategy>('/api/v1/strategies?limit=25');
  const rows = list.items ?? [];
  const [editing, setEditing] = useState<Strategy>();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<ApiError>();

  async function remove(strategy: Strategy) {
    const sure = await confirm({
      title: t('strategies.deleteTitle', { name: strategy.name }),
      description: t('strategies.deleteBody'),
      confirmLabel: t('strategies.delete'),
    });
    if (!sure) return;
    setError(undefined);
    try {
      await send('DELETE', `/api/v1/strategies/${strategy.id}`);
      setNotice(t('strategies.deleted', { name: strategy.name }));
      if (editing?.id === strategy.id) setEditing(undefined);
      void invalidate('/api/v1/strategies');
    } catch (failure) {
      setError(asApiError(failure));
    }
  }

  const saved = (strategy: Strategy, verb: 'created' | 'saved') => {
    setNotice(t(`strategies.${verb}`, { name: strategy.name }));
    setEditing(undefined);
    void invalidate('/api/v1/strategies');
  };

  return (
    <>
      <Card title={t('strategies.title')}>
        {notice ? <SuccessNotice>{notice}</SuccessNotice> : null}
        <ErrorNotice error={error ?? list.error} />
        {list.isLoading ? <Loading /> : null}
        {list.data && rows.length === 0 ? (
          <Empty>
            {t('strategies.empty')}
            {canEdit ? t('strategies.emptyHint') : ''}
          </Empty>
        ) : null}
        {rows.length > 0 ? (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th>{t('form.name')}</th>
                  <th>{t('strategies.client')}</th>
                  <th>{t('strategies.intent')}</th>
                  <th>{t('strategies.channels')}</th>
                  <th className="num">{t('strategies.budget')}</th>
                  <th>{t('strategies.dates')}</th>
                  <th>{t('strategies.updated')}</th>
                  {canEdit ? <th>{t('strategies.actions')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {rows.map((strategy) => (
                  <tr key={strategy.id}>
                    <td>{strategy.name}</td>
                    <td>{strategy.client_company}</td>
                    <td>{t(`intents.${strategy.intent as 'leads'}`)}</td>
                    <td>{strategy.channels.map(channelName).join(', ')}</td>
                    <td className="num">
                      {strategy.budget
                        ? formatMoney(strategy.budget.amount, strategy.budget.currency)
                        : '—'}
                    </td>
                    <td>
                      {strategy.starts_at || strategy.ends_at
                        ? `${formatDay(strategy.starts_at)} → ${formatDay(strategy.ends_at)}`
                        : '—'}
                    </td>
                    <td>{formatDate(strategy.updated_at)}</td>
                    {canEdit ? (
                      <td className="row">
                        <button
                          type="button"
                          className="secondary"
                          aria-label={t('strategies.editNamed', { name: strategy.name })}
                          onClick={() => setEditing(strategy)}
                        >
                          {t('strategies.edit')}
                        </button>
                        <button
                          type="button"
                          className="secondary"
                          aria-label={t('strategies.deleteNamed', { name: strategy.name })}
                          onClick={() => void remove(strategy)}
                        >
                          {t('strategies.delete')}
                        </button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <LoadMore
          hasNextPage={list.hasNextPage}
          isFetchingNextPage={list.isFetchingNextPage}
          fetchNextPage={list.fetchNextPage}
          shown={rows.length}
        />
      </Card>
      {canEdit ? (
        <Card
          title={editing ? t('strategies.editTitle', { name: editing.name }) : t('strategies.new')}
        >
          <StrategyForm
            key={editing?.id ?? 'new'}
            strategy={editing}
            onSaved={(strategy) => saved(strategy, editing ? 'saved' : 'created')}
            onCancel={editing ? () => setEditing(undefined) : undefined}
          />
        </Card>
      ) : null}
    </>
  );
}
