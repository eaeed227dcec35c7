import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiInfiniteList } from '../api/queries';
import { useMemberName } from '../components/member-names';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { formatDate } from '../i18n/format';
import type { ApiItem } from '../api/resources';

type AuditEntry = ApiItem<'/api/v1/audit-log'>;

/** Who did what and when, newest first; people by name, never by id. */
export function AuditPage() {
  const { t } = useTranslation();
  const memberName = useMemberName();
  const [action, setAction] = useState('');
  const query = new URLSearchParams({ limit: '50' });
  if (action) query.set('action', action);
  const entries = useApiInfiniteList<AuditEntry>(`/api/v1/audit-log?${query.toString()}`);
  return (
    <Card
      title={t('nav.audit')}
      actions={
        <input
          aria-label={t('audit.filter')}
          placeholder={t('audit.filter')}
          value={action}
          onChange={(event) => setAction(event.target.value)}
        />
      }
    >
      {entries.isLoading ? <Loading /> : null}
      <ErrorNotice error={entries.error} />
      {entries.items?.length === 0 ? <Empty>{t('audit.empty')}</Empty> : null}
      {entries.items && entries.items.length > 0 ? (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th>{t('audit.when')}</th>
                <th>{t('audit.who')}</th>
                <th>{t('audit.action')}</th>
                <th>{t('audit.target')}</th>
                <th>{t('audit.ip')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.items.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDate(entry.occurred_at)}</td>
                  <td>{memberName(entry.actor, t('audit.system'))}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>{entry.target ? memberName(entry.target, '—') : '—'}</td>
                  <td>{entry.ip ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {entries.hasNextPage ? (
        <button type="button" className="secondary" onClick={() => void entries.fetchNextPage()}>
          {t('audit.older')}
        </button>
      ) : null}
    </Card>
  );
}
