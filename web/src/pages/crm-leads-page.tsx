import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { downloadFile } from '../api/client';
import { useApiInfiniteList } from '../api/queries';
import { FormField } from '../components/form-field';
import { LoadMore } from '../components/load-more';
import { useMemberName } from '../components/member-names';
import { usePermissions } from '../components/permissions';
import { SortHeader } from '../components/sort-header';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { SuccessNotice } from '../components/widgets';
import { formatDate } from '../i18n/format';
import { LeadBulkBar } from './crm-lead-bulk-bar';
import { NewLeadForm } from './crm-new-lead-form';
import {
  ClassificationBadge,
  classifications,
  leadHref,
  leadSources,
  lifecycleStages,
  ScoreBar,
  useCrmLabels,
  useDisplayName,
  type Contact,
} from './crm-shared';

interface Filters {
  name: string;
  email: string;
  classification: string;
  lifecycle_stage: string;
  source: string;
  tag: string;
}

const noFilters: Filters = {
  name: '',
  email: '',
  classification: '',
  lifecycle_stage: '',
  source: '',
  tag: '',
};

/** The list's query string: the filters in force and the order (the export takes the same). */
function queryOf(filters: Filters, sort: string): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters))
    if (value.trim()) query.set(key, value.trim());
  query.set('sort', sort);
  return query;
}

function LeadFilters({
  filters,
  onFilter,
}: {
  filters: Filters;
  onFilter: (filters: Filters) => void;
}) {
  const { t } = useTranslation();
  const labels = useCrmLabels();
  const { register, handleSubmit, reset } = useForm<Filters>({ defaultValues: filters });
  const filtered = JSON.stringify(filters) !== JSON.stringify(noFilters);
  const choice = (
    name: 'classification' | 'lifecycle_stage' | 'source',
    label: string,
    values: readonly string[],
    show: (value: string) => string,
  ) => (
    <FormField label={label}>
      {(control) => (
        <select {...control} {...register(name)}>
          <option value="">{t('app.any')}</option>
          {values.map((value) => (
            <option key={value} value={value}>
              {show(value)}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
  return (
    <form className="filters" role="search" onSubmit={handleSubmit(onFilter)}>
      <FormField label={t('crm.nameSearch')} hint={t('crm.nameSearchHint')} {...register('name')} />
      <FormField label={t('crm.exactEmail')} type="email" {...register('email')} />
      {choice('classification', t('crm.temperature'), classifications, labels.temperature)}
      {choice('lifecycle_stage', t('crm.stage'), lifecycleStages, labels.stage)}
      {choice('source', t('crm.source'), leadSources, labels.source)}
      <FormField label={t('crm.tag')} {...register('tag')} />
      <div className="form-actions">
        <button type="submit">{t('crm.filter')}</button>
        {filtered ? (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              reset(noFilters);
              onFilter(noFilters);
            }}
          >
            {t('crm.clear')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

/**
 * Leads and contacts: filters (the name search ignores accents and case), columns sorted by the
 * server, "Load more" pages, a bulk bar for the selected rows and the CSV export of the list.
 */
export function CrmLeadsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const permissions = usePermissions();
  const labels = useCrmLabels();
  const displayName = useDisplayName();
  const memberName = useMemberName();
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [sort, setSort] = useState('-created');
  const [adding, setAdding] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState('');
  const query = queryOf(filters, sort);
  const leads = useApiInfiniteList<Contact>(`/api/v1/contacts?limit=25&${query}`);
  const exported = useMutation({
    mutationFn: () => downloadFile(`/api/v1/contacts/export?${query}`, 'contacts.csv'),
  });
  const canWrite = permissions.can('crm:write');
  const filtered = JSON.stringify(filters) !== JSON.stringify(noFilters);
  const rows = leads.items ?? [];
  const allChosen = rows.length > 0 && rows.every((lead) => selected.has(lead.id));
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <div className="stack">
      {adding ? (
        <Card title={t('crm.newLead')}>
          <NewLeadForm onCreated={(contact) => void navigate(leadHref(contact.id))} />
        </Card>
      ) : null}
      <Card
        title={t('crm.leadsTitle')}
        actions={
          canWrite ? (
            <div className="row">
              <button
                type="button"
                className="secondary"
                disabled={exported.isPending}
                onClick={() => exported.mutate()}
              >
                {t('crm.exportCsv')}
              </button>
              {!adding ? (
                <button type="button" onClick={() => setAdding(true)}>
                  {t('crm.newLead')}
                </button>
              ) : null}
            </div>
          ) : null
        }
      >
        <LeadFilters
          filters={filters}
          onFilter={(next) => {
            setFilters(next);
            setSelected(new Set());
          }}
        />
        <SuccessNotice>{message}</SuccessNotice>
        <ErrorNotice error={exported.error} />
        {canWrite && selected.size > 0 ? (
          <LeadBulkBar
            ids={[...selected]}
            onDone={(done) => {
              setMessage(done);
              setSelected(new Set());
            }}
          />
        ) : null}
        {leads.isLoading ? <Loading /> : null}
        <ErrorNotice error={leads.error} />
        {leads.data && rows.length === 0 ? (
          <Empty>{filtered ? t('crm.noMatch') : t('crm.noLeads')}</Empty>
        ) : null}
        {rows.length > 0 ? (
          <div className="table-scroll">
            <table data-testid="leads">
              <thead>
                <tr>
                  {canWrite ? (
                    <th>
                      <input
                        type="checkbox"
                        aria-label={t('crm.selectAll')}
                        checked={allChosen}
                        onChange={(event) =>
                          setSelected(
                            event.target.checked ? new Set(rows.map((lead) => lead.id)) : new Set(),
                          )
                        }
                      />
                    </th>
                  ) : null}
                  <SortHeader
                    label={t('crm.name')}
                    field="name"
                    sort={sort}
                    onSort={setSort}
                    descendingFirst={false}
                  />
                  <th>{t('crm.email')}</th>
                  <th>{t('crm.temperature')}</th>
                  <th>{t('crm.stage')}</th>
                  <th>{t('crm.source')}</th>
                  <th>{t('crm.owner')}</th>
                  <SortHeader label={t('crm.score')} field="score" sort={sort} onSort={setSort} />
                  <SortHeader
                    label={t('crm.updated')}
                    field="updated"
                    sort={sort}
                    onSort={setSort}
                  />
                  <SortHeader label={t('crm.added')} field="created" sort={sort} onSort={setSort} />
                </tr>
              </thead>
              <tbody>
                {rows.map((lead) => (
                  <tr key={lead.id}>
                    {canWrite ? (
                      <td>
                        <input
                          type="checkbox"
                          aria-label={t('crm.selectNamed', { name: displayName(lead) })}
                          checked={selected.has(lead.id)}
                          onChange={(event) => toggle(lead.id, event.target.checked)}
                        />
                      </td>
                    ) : null}
                    <td>
                      <Link to={leadHref(lead.id)}>{displayName(lead)}</Link>
                      {lead.tags.length > 0 ? (
                        <div className="tags">
                          {lead.tags.map((tag) => (
                            <span key={tag} className="tag">
                              {tag}
                            </span>
                          ))}
                        </div>
                      ) : null}
                    </td>
                    <td>{lead.email ?? '—'}</td>
                    <td>
                      <ClassificationBadge value={lead.classification} />
                    </td>
                    <td>{labels.stage(lead.lifecycle_stage)}</td>
                    <td>{labels.source(lead.source)}</td>
                    <td data-testid="owner">{memberName(lead.owner_user_id, '—')}</td>
                    <td>
                      <ScoreBar score={lead.score} />
                    </td>
                    <td>{formatDate(lead.updated_at)}</td>
                    <td>{formatDate(lead.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <LoadMore
          hasNextPage={leads.hasNextPage}
          isFetchingNextPage={leads.isFetchingNextPage}
          fetchNextPage={leads.fetchNextPage}
          shown={rows.length}
        />
      </Card>
    </div>
  );
}
