import { formatDate } from '../i18n/format';
import { useState } from 'react';
import type { Page } from '../api/client';
import { useApiQuery } from '../api/queries';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';

interface AuditEntry {
  id: string;
  actor: string;
  action: string;
  target: string | null;
  ip: string | null;
  occurred_at: string;
}

export function AuditPage() {
  const [action, setAction] = useState('');
  const [cursor, setCursor] = useState<string | null>(null);
  const query = new URLSearchParams({ limit: '50' });
  if (action) query.set('action', action);
  if (cursor) query.set('cursor', cursor);
  const entries = useApiQuery<Page<AuditEntry>>(`/api/v1/audit-log?${query.toString()}`);
  return (
    <Card
      title="Audit log"
      actions={
        <input
          placeholder="Filter by action"
          value={action}
          onChange={(event) => {
            setCursor(null);
            setAction(event.target.value);
          }}
        />
      }
    >
      {entries.isLoading ? <Loading /> : null}
      <ErrorNotice error={entries.error} />
      {entries.data && entries.data.data.length === 0 ? <Empty>Nothing recorded yet.</Empty> : null}
      {entries.data && entries.data.data.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>Target</th>
              <th>IP</th>
            </tr>
          </thead>
          <tbody>
            {entries.data.data.map((entry) => (
              <tr key={entry.id}>
                <td>{formatDate(entry.occurred_at)}</td>
                <td>{entry.actor}</td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td>{entry.target ?? '—'}</td>
                <td>{entry.ip ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {entries.data?.has_more ? (
        <button type="button" onClick={() => setCursor(entries.data?.next_cursor ?? null)}>
          Older entries
        </button>
      ) : null}
    </Card>
  );
}
