import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, ApiError, type Page } from '../api/client';
import { useApiQuery, useInvalidate } from '../api/queries';
import type { ApiItem, ApiResponse } from '../api/resources';
import { useConfirm } from '../components/confirm-dialog';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { formatDate } from '../i18n/format';
import { ApiKeyConnectForm } from './integrations-key-form';

type Connection = ApiItem<'/api/v1/ads/connections'>;
type Provider = ApiItem<'/api/v1/ads/connection-providers'>;
type Connected = ApiResponse<'/api/v1/ads/connections', 'post'>;

/**
 * Ad and messaging account connections (owners and admins). OAuth vendors leave for the vendor's
 * consent screen, which sends the browser back here with `?connected=<provider>`.
 */
export function IntegrationsPage() {
  const { t } = useTranslation();
  const confirm = useConfirm();
  const invalidate = useInvalidate();
  const [params] = useSearchParams();
  const connections = useApiQuery<Page<Connection>>('/api/v1/ads/connections');
  const providers = useApiQuery<Page<Provider>>('/api/v1/ads/connection-providers');
  const [error, setError] = useState<ApiError>();

  const labelOf = (provider: string) =>
    providers.data?.data.find((p) => p.provider === provider)?.label ?? provider;

  async function connect(provider: Provider) {
    setError(undefined);
    try {
      const started = await api<Connected>('POST', '/api/v1/ads/connections', {
        provider: provider.provider,
      });
      if (started.object === 'authorization') window.location.assign(started.authorization_url);
      else void invalidate('/api/v1/ads/connections');
    } catch (failure) {
      if (failure instanceof ApiError) setError(failure);
      else throw failure;
    }
  }

  async function disconnect(connection: Connection) {
    const sure = await confirm({
      title: t('integrations.disconnectTitle', { name: connection.account_name }),
      description: t('integrations.disconnectBody', { provider: labelOf(connection.provider) }),
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
  const available = providers.data?.data ?? [];
  return (
    <div className="stack">
      <Card title={t('integrations.title')}>
        {params.get('connected') ? (
          <div className="notice notice-success" role="status">
            {t('integrations.connected', { provider: labelOf(params.get('connected') ?? '') })}
          </div>
        ) : null}
        {connections.isLoading ? <Loading /> : null}
        <ErrorNotice error={connections.error ?? providers.error ?? error} />
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
                    <td>{labelOf(connection.provider)}</td>
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
        {providers.data && available.length === 0 ? (
          <p className="muted">{t('integrations.noProviders')}</p>
        ) : null}
        <p className="actions">
          {available
            .filter((provider) => provider.credential_kind === 'oauth')
            .map((provider) => (
              <button key={provider.provider} type="button" onClick={() => void connect(provider)}>
                {rows.some((c) => c.provider === provider.provider)
                  ? t('integrations.reconnect', { provider: provider.label })
                  : t('integrations.connect', { provider: provider.label })}
              </button>
            ))}
        </p>
        {available
          .filter((provider) => provider.credential_kind === 'api_key')
          .map((provider) => (
            <details key={provider.provider}>
              <summary>
                {rows.some((c) => c.provider === provider.provider)
                  ? t('integrations.reconnect', { provider: provider.label })
                  : t('integrations.connect', { provider: provider.label })}
              </summary>
              <ApiKeyConnectForm
                provider={provider}
                onDone={() => void invalidate('/api/v1/ads/connections')}
              />
            </details>
          ))}
      </Card>
    </div>
  );
}
