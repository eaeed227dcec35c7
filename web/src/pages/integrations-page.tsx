import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, ApiError, type Page } from '../api/client';
import { useApiQuery, useInvalidate } from '../api/queries';
import { useConfirm } from '../components/confirm-dialog';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { formatDate } from '../i18n/format';

interface Connection {
  id: string;
  provider: string;
  status: 'active' | 'needs_reauth';
  account_id: string;
  account_name: string;
  currency: string;
  token_expires_at: string | null;
  last_error: string | null;
}

/**
 * Ad-account connections (owners and admins): connecting leaves for the vendor's consent screen,
 * which sends the browser back here with `?connected=<provider>`.
 */
export function IntegrationsPage() {
  const { t } = useTranslation();
  const confirm = useConfirm();
  const invalidate = useInvalidate();
  const [params] = useSearchParams();
  const connections = useApiQuery<Page<Connection>>('/api/v1/ads/connections');
  const [error, setError] = useState<ApiError>();

  async function connect() {
    setError(undefined);
    try {
      const started = await api<{ authorization_url: string }>('POST', '/api/v1/ads/connections', {
        provider: 'meta',
      });
      window.location.assign(started.authorization_url);
    } catch (failure) {
      if (failure instanceof ApiError) setError(failure);
      else throw failure;
    }
  }

  async function disconnect(connection: Connection) {
    const sure = await confirm({
      title: t('integrations.disconnectTitle', { name: connection.account_name }),
      description: t('integrations.disconnectBody'),
      confirmLabel: t('integrations.disconnect'),
    });
    if (!sure) return;
    try {
      await api('DELETE', `/api/v1/ads/connections/${connection.id}`);
      void invalidate('/api/v1/ads/connections');
    } catch (failure) {
      if (failure instanceof ApiError) setError(failure);
      else throw failure;
    }
  }

  const rows = connections.data?.data ?? [];
  return (
    <div className="stack">
      <Card title={t('integrations.title')}>
        {params.get('connected') ? (
          <div className="notice notice-success" role="status">
            {t('integrations.connected')}
          </div>
        ) : null}
        {connections.isLoading ? <Loading /> : null}
        <ErrorNotice error={connections.error ?? error} />
        {connections.data && rows.length === 0 ? <Empty>{t('integrations.empty')}</Empty> : null}
        {rows.length > 0 ? (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th>{t('integrations.provider')}</th>
                  <th>{t('integrations.account')}</th>
                  <th>{t('integrations.currency')}</th>
                  <th>{t('integrations.status')}</th>
                  <th>{t('integrations.expires')}</th>
                  <th>{t('integrations.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((connection) => (
                  <tr key={connection.id}>
                    <td>Meta</td>
                    <td>
                      {connection.account_name} <code>{connection.account_id}</code>
                    </td>
                    <td>{connection.currency}</td>
                    <td>
                      <span className="badge" title={connection.last_error ?? undefined}>
                        {t(`integrations.statuses.${connection.status}`)}
                      </span>
                    </td>
                    <td>
                      {connection.token_expires_at ? formatDate(connection.token_expires_at) : '—'}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="danger"
                        onClick={() => void disconnect(connection)}
                      >
                        {t('integrations.disconnect')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <p>
          <button type="button" onClick={() => void connect()}>
            {rows.some((c) => c.provider === 'meta')
              ? t('integrations.reconnectMeta')
              : t('integrations.connectMeta')}
          </button>
        </p>
      </Card>
    </div>
  );
}
