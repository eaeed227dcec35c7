import { useTranslation } from 'react-i18next';
import { useConfirm } from '../components/confirm-dialog';
import { formatDate } from '../i18n/format';
import { useState, type FormEvent } from 'react';
import { api, ApiError, type Page } from '../api/client';
import { useApiQuery, useInvalidate } from '../api/queries';
import { Card, Empty, ErrorNotice, Field, Loading } from '../components/ui';
import type { ApiItem, ApiResponse } from '../api/resources';

type ApiClient = ApiItem<'/api/v1/api-clients'>;

type CreatedClient = ApiResponse<'/api/v1/api-clients', 'post'>;

export function ApiClientsPage() {
  const { t } = useTranslation();
  const confirm = useConfirm();
  const invalidate = useInvalidate();
  const clients = useApiQuery<Page<ApiClient>>('/api/v1/api-clients?limit=100');
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState('campaigns:read analytics:read');
  const [created, setCreated] = useState<CreatedClient>();
  const [error, setError] = useState<ApiError>();

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      setCreated(
        await api<CreatedClient>('POST', '/api/v1/api-clients', {
          name,
          scopes: scopes.split(/[\s,]+/).filter(Boolean),
        }),
      );
      setName('');
      void invalidate('/api/v1/api-clients');
    } catch (failure) {
      if (failure instanceof ApiError) setError(failure);
      else throw failure;
    }
  }

  async function revoke(client: ApiClient) {
    const sure = await confirm({
      title: t('apiClients.revokeTitle', { name: client.name }),
      description: t('apiClients.revokeBody'),
      confirmLabel: t('apiClients.revoke'),
    });
    if (!sure) return;
    try {
      await api('DELETE', `/api/v1/api-clients/${client.id}`);
      void invalidate('/api/v1/api-clients');
    } catch (failure) {
      if (failure instanceof ApiError) setError(failure);
      else throw failure;
    }
  }

  return (
    <div className="stack">
      <Card title={t('apiClients.new')}>
        <form className="inline-form" onSubmit={create}>
          <Field
            label={t('apiClients.name')}
            name="name"
            value={name}
            onChange={setName}
            error={error?.fieldErrors().name}
          />
          <Field
            label={t('apiClients.scopes')}
            name="scopes"
            value={scopes}
            onChange={setScopes}
            error={error?.fieldErrors().scopes}
          />
          <button type="submit">{t('apiClients.create')}</button>
        </form>
        <ErrorNotice
          error={error && Object.keys(error.fieldErrors()).length === 0 ? error : undefined}
        />
        {created ? (
          <div className="notice notice-success" role="status">
            <p>{t('apiClients.copySecret', { name: created.name })}</p>
            <p>
              client_id <code>{created.client_id}</code>
              <br />
              client_secret <code data-testid="client-secret">{created.client_secret}</code>
            </p>
          </div>
        ) : null}
      </Card>
      <Card title={t('apiClients.title')}>
        {clients.isLoading ? <Loading /> : null}
        <ErrorNotice error={clients.error} />
        {clients.data && clients.data.data.length === 0 ? (
          <Empty>{t('apiClients.empty')}</Empty>
        ) : null}
        {clients.data && clients.data.data.length > 0 ? (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th>{t('apiClients.name')}</th>
                  <th>{t('apiClients.clientId')}</th>
                  <th>{t('apiClients.scopes')}</th>
                  <th>{t('apiClients.created')}</th>
                  <th>{t('apiClients.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {clients.data.data.map((client) => (
                  <tr key={client.id}>
                    <td>{client.name}</td>
                    <td>
                      <code>{client.client_id}</code>
                    </td>
                    <td className="permissions">{client.scopes.join(' ')}</td>
                    <td>{formatDate(client.created_at)}</td>
                    <td>
                      {client.revoked_at ? (
                        <span className="badge">{t('apiClients.revoked')}</span>
                      ) : (
                        <button
                          type="button"
                          className="danger"
                          onClick={() => void revoke(client)}
                        >
                          {t('apiClients.revoke')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Card>
    </div>
  );
}
