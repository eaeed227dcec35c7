import { useConfirm } from '../components/confirm-dialog';
import { formatDate, formatMoney } from '../i18n/format';
import { useState } from 'react';
import type { ApiError, Page } from '../api/client';
import { useApiQuery, useInvalidate } from '../api/queries';
import { asApiError, send } from '../api/client';
import { usePermissions } from '../components/permissions';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { Pager, SuccessNotice, useCursorPages } from '../components/widgets';
import { StrategyForm } from './strategy-form';
import type { Strategy } from './strategies-shared';

/**
 * Marketing strategies: what a client sells, to whom, with which messages, channels and budget.
 * Campaign requests start from them (the new-request form offers every saved strategy).
 */
export function StrategiesPage() {
  const confirm = useConfirm();
  const invalidate = useInvalidate();
  const pages = useCursorPages('');
  const permissions = usePermissions();
  const canEdit = permissions.can('campaigns:request');
  const query = new URLSearchParams({ limit: '25' });
  if (pages.cursor) query.set('cursor', pages.cursor);
  const list = useApiQuery<Page<Strategy>>(`/api/v1/strategies?${query}`);
  const [editing, setEditing] = useState<Strategy>();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<ApiError>();

  async function remove(strategy: Strategy) {
    if (!(await confirm(`Delete the strategy “${strategy.name}”?`))) return;
    setError(undefined);
    try {
      await send('DELETE', `/api/v1/strategies/${strategy.id}`);
      setNotice(`Deleted “${strategy.name}”.`);
      if (editing?.id === strategy.id) setEditing(undefined);
      void invalidate('/api/v1/strategies');
    } catch (failure) {
      setError(asApiError(failure));
    }
  }

  const saved = (strategy: Strategy, verb: string) => {
    setNotice(`${verb} “${strategy.name}”.`);
    setEditing(undefined);
    void invalidate('/api/v1/strategies');
  };

  return (
    <>
      <Card title="Strategies">
        {notice ? <SuccessNotice>{notice}</SuccessNotice> : null}
        <ErrorNotice error={error ?? list.error} />
        {list.isLoading && !list.data ? <Loading /> : null}
        {list.data && list.data.data.length === 0 ? (
          <Empty>
            No strategies yet.
            {canEdit ? ' Describe one below to start campaign requests from it.' : ''}
          </Empty>
        ) : null}
        {list.data && list.data.data.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Client</th>
                <th>Intent</th>
                <th>Channels</th>
                <th className="num">Budget</th>
                <th>Dates</th>
                <th>Updated</th>
                {canEdit ? <th aria-label="Actions" /> : null}
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((strategy) => (
                <tr key={strategy.id}>
                  <td>{strategy.name}</td>
                  <td>{strategy.client_company}</td>
                  <td>{strategy.intent}</td>
                  <td>{strategy.channels.join(', ')}</td>
                  <td className="num">
                    {strategy.budget
                      ? formatMoney(strategy.budget.amount, strategy.budget.currency)
                      : '—'}
                  </td>
                  <td>
                    {strategy.starts_at || strategy.ends_at
                      ? `${strategy.starts_at ?? '?'} → ${strategy.ends_at ?? '?'}`
                      : '—'}
                  </td>
                  <td>{formatDate(strategy.updated_at)}</td>
                  {canEdit ? (
                    <td className="row">
                      <button
                        type="button"
                        className="secondary"
                        aria-label={`Edit ${strategy.name}`}
                        onClick={() => setEditing(strategy)}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="secondary"
                        aria-label={`Delete ${strategy.name}`}
                        onClick={() => void remove(strategy)}
                      >
                        Delete
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <Pager
          page={pages.page}
          hasMore={list.data?.has_more ?? false}
          onPrevious={pages.previous}
          onNext={() => pages.next(list.data?.next_cursor ?? null)}
        />
      </Card>
      {canEdit ? (
        <Card title={editing ? `Edit “${editing.name}”` : 'New strategy'}>
          <StrategyForm
            key={editing?.id ?? 'new'}
            strategy={editing}
            onSaved={(strategy) => saved(strategy, editing ? 'Saved' : 'Created')}
            onCancel={editing ? () => setEditing(undefined) : undefined}
          />
        </Card>
      ) : null}
    </>
  );
}
