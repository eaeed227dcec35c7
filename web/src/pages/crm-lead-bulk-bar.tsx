import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { send } from '../api/client';
import { useApiQuery, useInvalidate } from '../api/queries';
import { ErrorNotice } from '../components/ui';
import type { ApiItem } from '../api/resources';

type Member = ApiItem<'/api/v1/members'>;

type BulkAction =
  | { action: 'assign_owner'; owner_user_id: string | null }
  | { action: 'add_tag' | 'remove_tag'; tag: string };

/**
 * What to do with the selected leads: assign them an owner (or nobody), add or remove a tag.
 * One call for all of them (`POST /contacts/bulk`, all or nothing); the list refetches after.
 */
export function LeadBulkBar({ ids, onDone }: { ids: string[]; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const members = useApiQuery<{ data: Member[] }>('/api/v1/members?limit=100');
  const [owner, setOwner] = useState('');
  const [tag, setTag] = useState('');
  const bulk = useMutation({
    mutationFn: (action: BulkAction) =>
      send<{ updated: number }>('POST', '/api/v1/contacts/bulk', { ...action, ids }),
    onSuccess: async (result, action) => {
      await invalidate('/api/v1/contacts');
      setTag('');
      onDone(
        action.action === 'assign_owner'
          ? t('crm.bulk.assigned', { count: result.updated })
          : t(action.action === 'add_tag' ? 'crm.bulk.tagged' : 'crm.bulk.untagged', {
              count: result.updated,
              tag: action.tag,
            }),
      );
    },
  });
  const cleanTag = tag.trim();
  return (
    <section className="bulk-bar" aria-label={t('crm.bulk.title')} data-testid="bulk-bar">
      <strong role="status">{t('crm.bulk.selected', { count: ids.length })}</strong>
      <div className="row wrap">
        <label className="field">
          <span>{t('crm.bulk.owner')}</span>
          <select value={owner} onChange={(event) => setOwner(event.target.value)}>
            <option value="">{t('crm.bulk.nobody')}</option>
            {(members.data?.data ?? []).map((member) => (
              <option key={member.user_id} value={member.user_id}>
                {member.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={bulk.isPending}
          onClick={() => bulk.mutate({ action: 'assign_owner', owner_user_id: owner || null })}
        >
          {t('crm.bulk.assign')}
        </button>
      </div>
      <div className="row wrap">
        <label className="field">
          <span>{t('crm.bulk.tag')}</span>
          <input value={tag} maxLength={60} onChange={(event) => setTag(event.target.value)} />
        </label>
        <button
          type="button"
          disabled={bulk.isPending || !cleanTag}
          onClick={() => bulk.mutate({ action: 'add_tag', tag: cleanTag })}
        >
          {t('crm.bulk.addTag')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={bulk.isPending || !cleanTag}
          onClick={() => bulk.mutate({ action: 'remove_tag', tag: cleanTag })}
        >
          {t('crm.bulk.removeTag')}
        </button>
      </div>
      <ErrorNotice error={bulk.error} />
    </section>
  );
}
