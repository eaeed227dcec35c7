import { useConfirm } from '../components/confirm-dialog';
import { formatDate } from '../i18n/format';
import { useState, type FormEvent } from 'react';
import { api, ApiError, type Page } from '../api/client';
import { useApiQuery, useInvalidate } from '../api/queries';
import { Card, Empty, ErrorNotice, Field, Loading } from '../components/ui';

interface ApiClient {
  id: string;
  name: string;
  client_id: string;
  scopes: string[];
  created_at: string;
  revoked_at: string | null;
}

interface CreatedClient extends ApiClient {
  client_secret: string;
}

export function ApiClientsPage() {
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
    if (!(await confirm(`Revoke ${client.name}? Its tokens stop working at once.`))) return;
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
      <Card title="New API client">
        <form className="inline-form" onSubmit={create}>
          <Field
            label="Name"
            name="name"
            value={name}
            onChange={setName}
            error={error?.fieldErrors().name}
          />
          <Field
            label="Scopes"
            name="scopes"
            value={scopes}
            onChange={setScopes}
            error={error?.fieldErrors().scopes}
          />
          <button type="submit">Create</button>
        </form>
        <ErrorNotice
          error={error && Object.keys(error.fieldErrors()).length === 0 ? error : undefined}
        />
        {created ? (
          <div className="notice notice-success" role="status">
            <p>
              Copy the secret of <strong>{created.name}</strong> now: it is not shown again.
            </p>
            <p>
              client_id <code>{created.client_id}</code>
              <br />
              client_secret <code data-testid="client-secret">{created.client_secret}</code>
            </p>
          </div>
        ) : null}
      </Card>
      <Card title="API clients">
        {clients.isLoading ? <Loading /> : null}
        <ErrorNotice error={clients.error} />
        {clients.data && clients.data.data.length === 0 ? (
          <Empty>No API clients yet. Create one for a service or an AI agent.</Empty>
        ) : null}
        {clients.data && clients.data.data.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Client id</th>
                <th>Scopes</th>
                <th>Created</th>
                <th />
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
                      <span className="badge">revoked</span>
                    ) : (
                      <button type="button" className="danger" onClick={() => void revoke(client)}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Card>
    </div>
  );
}
