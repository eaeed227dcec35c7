import { formatDate } from '../i18n/format';
import { Link, useNavigate } from 'react-router';
import { useState, type FormEvent } from 'react';
import type { ApiError, Page } from '../api/client';
import { useApiQuery } from '../api/queries';
import { Card, Empty, ErrorNotice, Field, Loading } from '../components/ui';
import { asApiError, newIdempotencyKey, send } from '../api/client';
import { usePermissions } from '../components/permissions';
import { Pager, SelectField, splitList, useCursorPages } from '../components/widgets';
import {
  ClassificationBadge,
  classifications,
  displayName,
  leadHref,
  leadSources,
  lifecycleStages,
  ScoreBar,
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

function NewLeadForm({ onCreated }: { onCreated: (contact: Contact) => void }) {
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [country, setCountry] = useState('');
  const [tags, setTags] = useState('');
  const [error, setError] = useState<ApiError>();
  const [key] = useState(newIdempotencyKey);
  const fields = error?.fieldErrors() ?? {};

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    const optional = (value: string) => value.trim() || undefined;
    try {
      onCreated(
        await send<Contact>(
          'POST',
          '/api/v1/leads',
          {
            first_name: optional(firstName),
            last_name: optional(lastName),
            email: optional(email),
            phone: optional(phone),
            country: optional(country.toUpperCase()),
            tags: splitList(tags),
            source: 'manual',
          },
          { idempotencyKey: key },
        ),
      );
    } catch (failure) {
      setError(asApiError(failure));
    }
  }

  return (
    <form className="form-grid" onSubmit={create} noValidate aria-label="New lead">
      <Field
        label="First name"
        name="first_name"
        value={firstName}
        onChange={setFirstName}
        error={fields.first_name}
      />
      <Field
        label="Last name"
        name="last_name"
        value={lastName}
        onChange={setLastName}
        error={fields.last_name}
      />
      <Field
        label="Email"
        name="email"
        type="email"
        value={email}
        onChange={setEmail}
        error={fields.email}
      />
      <Field label="Phone" name="phone" value={phone} onChange={setPhone} error={fields.phone} />
      <Field
        label="Country (CR)"
        name="country"
        value={country}
        onChange={setCountry}
        error={fields.country}
      />
      <Field label="Tags" name="tags" value={tags} onChange={setTags} error={fields.tags} />
      <div className="span-2 form-actions">
        <button type="submit">Add lead</button>
        <span className="muted small">
          A lead with the same email or phone is merged, not duplicated.
        </span>
        <ErrorNotice error={error && Object.keys(fields).length === 0 ? error : undefined} />
      </div>
    </form>
  );
}

export function CrmLeadsPage() {
  const navigate = useNavigate();
  const permissions = usePermissions();
  const [draft, setDraft] = useState<Filters>(noFilters);
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [adding, setAdding] = useState(false);
  const pages = useCursorPages(JSON.stringify(filters));
  const query = new URLSearchParams({ limit: '25' });
  for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value);
  if (pages.cursor) query.set('cursor', pages.cursor);
  const leads = useApiQuery<Page<Contact>>(`/api/v1/contacts?${query.toString()}`);
  const set = (field: keyof Filters) => (value: string) =>
    setDraft((d) => ({ ...d, [field]: value }));
  const filtered = JSON.stringify(filters) !== JSON.stringify(noFilters);

  return (
    <div className="stack">
      {adding ? (
        <Card title="New lead">
          <NewLeadForm
            onCreated={(contact) => {
              void navigate(leadHref(contact.id));
            }}
          />
        </Card>
      ) : null}
      <Card
        title="Leads and contacts"
        actions={
          permissions.can('crm:write') && !adding ? (
            <button type="button" onClick={() => setAdding(true)}>
              New lead
            </button>
          ) : null
        }
      >
        <form
          className="filters"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            setFilters({
              ...draft,
              name: draft.name.trim(),
              email: draft.email.trim(),
              tag: draft.tag.trim(),
            });
          }}
        >
          <Field label="Name starts with" name="name" value={draft.name} onChange={set('name')} />
          <Field
            label="Exact email"
            name="email"
            type="email"
            value={draft.email}
            onChange={set('email')}
          />
          <SelectField
            label="Temperature"
            name="classification"
            value={draft.classification}
            onChange={set('classification')}
            options={classifications}
            allowEmpty="Any"
          />
          <SelectField
            label="Stage"
            name="lifecycle_stage"
            value={draft.lifecycle_stage}
            onChange={set('lifecycle_stage')}
            options={lifecycleStages}
            allowEmpty="Any"
          />
          <SelectField
            label="Source"
            name="source"
            value={draft.source}
            onChange={set('source')}
            options={leadSources}
            allowEmpty="Any"
          />
          <Field label="Tag" name="tag" value={draft.tag} onChange={set('tag')} />
          <div className="form-actions">
            <button type="submit">Filter</button>
            {filtered ? (
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  setDraft(noFilters);
                  setFilters(noFilters);
                }}
              >
                Clear
              </button>
            ) : null}
          </div>
        </form>
        {leads.isLoading && !leads.data ? <Loading /> : null}
        <ErrorNotice error={leads.error} />
        {leads.data && leads.data.data.length === 0 ? (
          <Empty>
            {filtered
              ? 'No lead matches these filters.'
              : 'No leads yet. They arrive from ads conversions, web forms, imports and the API.'}
          </Empty>
        ) : null}
        {leads.data && leads.data.data.length > 0 ? (
          <div className="table-scroll">
            <table data-testid="leads">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Email</th>
                  <th>Temperature</th>
                  <th>Stage</th>
                  <th>Source</th>
                  <th>Score</th>
                  <th>Last touch</th>
                  <th>Added</th>
                </tr>
              </thead>
              <tbody>
                {leads.data.data.map((lead) => (
                  <tr key={lead.id}>
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
                    <td>{lead.lifecycle_stage}</td>
                    <td>{lead.source.replace('_', ' ')}</td>
                    <td>
                      <ScoreBar score={lead.score} />
                    </td>
                    <td>{formatDate(lead.last_interaction_at)}</td>
                    <td>{formatDate(lead.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <Pager
          page={pages.page}
          hasMore={leads.data?.has_more ?? false}
          onPrevious={pages.previous}
          onNext={() => pages.next(leads.data?.next_cursor ?? null)}
        />
      </Card>
    </div>
  );
}
