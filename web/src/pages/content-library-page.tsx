import { Link } from 'react-router';
import { useState, type FormEvent } from 'react';
import type { ApiError, Page } from '../api/client';
import { useApiQuery, useInvalidate } from '../api/queries';
import { Card, Empty, ErrorNotice, Field, Loading } from '../components/ui';
import { asApiError, download, localError, newIdempotencyKey, upload } from '../api/client';
import { usePermissions } from '../components/permissions';
import {
  AuthImage,
  Pager,
  SelectField,
  SuccessNotice,
  useCursorPages,
} from '../components/widgets';
import {
  assetHref,
  AssetStatus,
  assetStatuses,
  contentChannels,
  contentLanguages,
  contentTypes,
  type Asset,
} from './content-shared';

interface Filters {
  q: string;
  hashtag: string;
  type: string;
  channel: string;
  status: string;
  rights: string;
}

const noFilters: Filters = { q: '', hashtag: '', type: '', channel: '', status: '', rights: '' };

function AssetGrid({
  assets,
  selected,
  onToggle,
  onHashtag,
}: {
  assets: Asset[];
  selected: Set<string>;
  onToggle: (id: string) => void;
  onHashtag: (tag: string) => void;
}) {
  return (
    <div className="asset-grid" data-testid="asset-grid">
      {assets.map((asset) => (
        <article key={asset.id} className="asset-card" data-testid="asset-card">
          <Link to={assetHref(asset.id)} className="asset-preview">
            {asset.file_url ? (
              <AuthImage src={asset.file_url} alt={asset.description} className="thumb" />
            ) : (
              <div className="image-placeholder text-tile">Aa</div>
            )}
          </Link>
          <div className="asset-body">
            <label className="check">
              <input
                type="checkbox"
                checked={selected.has(asset.id)}
                onChange={() => onToggle(asset.id)}
                aria-label={`Select ${asset.title}`}
              />
              <Link to={assetHref(asset.id)} className="asset-title">
                {asset.title}
              </Link>
            </label>
            <p className="muted small">
              {asset.type}
              {asset.channel ? ` · ${asset.channel}` : ''}
              {asset.score !== undefined ? ` · match ${(asset.score * 100).toFixed(0)} %` : ''}
            </p>
            <div className="tags">
              {asset.hashtags.map((tag) => (
                <button
                  key={tag}
                  type="button"
                  className="tag"
                  onClick={() => onHashtag(tag)}
                  title={`Show ${tag}`}
                >
                  {tag}
                </button>
              ))}
            </div>
            <div className="row">
              <AssetStatus asset={asset} />
            </div>
          </div>
        </article>
      ))}
    </div>
  );
}

function UploadForm({ onUploaded }: { onUploaded: (asset: Asset) => void }) {
  const [file, setFile] = useState<File>();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [hashtags, setHashtags] = useState('');
  const [channel, setChannel] = useState('');
  const [language, setLanguage] = useState('');
  const [licence, setLicence] = useState('');
  const [rightsUntil, setRightsUntil] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const fields = error?.fieldErrors() ?? {};

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    if (!file) {
      setError(localError('Choose a PNG file to upload.'));
      return;
    }
    setBusy(true);
    setError(undefined);
    const data = new FormData();
    data.set('title', title);
    data.set('description', description);
    data.set('hashtags', hashtags);
    if (channel) data.set('channel', channel);
    if (language) data.set('language', language);
    if (licence) data.set('licence', licence);
    if (rightsUntil)
      data.set('rights_expires_at', new Date(`${rightsUntil}T23:59:59Z`).toISOString());
    data.set('file', file);
    try {
      const asset = await upload<Asset>('/api/v1/assets/upload', data, newIdempotencyKey());
      setTitle('');
      setDescription('');
      setHashtags('');
      setFile(undefined);
      form.reset();
      onUploaded(asset);
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form-grid" onSubmit={submit} noValidate aria-label="Upload">
      <label className="field">
        <span>PNG file (at most 5 MB)</span>
        <input
          type="file"
          name="file"
          accept="image/png"
          onChange={(event) => setFile(event.target.files?.[0])}
        />
      </label>
      <Field label="Title" name="title" value={title} onChange={setTitle} error={fields.title} />
      <Field
        label="Description"
        name="description"
        value={description}
        onChange={setDescription}
        error={fields.description}
      />
      <Field
        label="Hashtags"
        name="hashtags"
        value={hashtags}
        onChange={setHashtags}
        error={fields.hashtags}
      />
      <SelectField
        label="Channel"
        name="channel"
        value={channel}
        onChange={setChannel}
        options={contentChannels}
        allowEmpty="Any"
      />
      <SelectField
        label="Language"
        name="language"
        value={language}
        onChange={setLanguage}
        options={contentLanguages}
        allowEmpty="—"
      />
      <Field label="Licence" name="licence" value={licence} onChange={setLicence} />
      <Field
        label="Rights expire on"
        name="rights_expires_at"
        type="date"
        value={rightsUntil}
        onChange={setRightsUntil}
        error={fields.rights_expires_at}
      />
      <div className="span-2 form-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Uploading…' : 'Upload'}
        </button>
        <ErrorNotice error={error && Object.keys(fields).length === 0 ? error : undefined} />
      </div>
    </form>
  );
}

export function ContentLibraryPage() {
  const invalidate = useInvalidate();
  const permissions = usePermissions();
  const [draft, setDraft] = useState<Filters>(noFilters);
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [mode, setMode] = useState<'search' | 'similar'>('search');
  const [describe, setDescribe] = useState('');
  const [similarQuery, setSimilarQuery] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [showUpload, setShowUpload] = useState(false);
  const [message, setMessage] = useState('');
  const [exportError, setExportError] = useState<ApiError>();
  const pages = useCursorPages(JSON.stringify(filters));

  const query = new URLSearchParams({ limit: '24' });
  for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value);
  if (pages.cursor) query.set('cursor', pages.cursor);
  const list = useApiQuery<Page<Asset>>(
    mode === 'search' ? `/api/v1/assets?${query.toString()}` : null,
  );
  const similarParams = new URLSearchParams({ description: similarQuery, limit: '24' });
  if (filters.type) similarParams.set('type', filters.type);
  const similar = useApiQuery<{ data: Asset[]; model: string }>(
    mode === 'similar' && similarQuery
      ? `/api/v1/assets/similar?${similarParams.toString()}`
      : null,
  );
  const result = mode === 'search' ? list : similar;
  const assets = result.data?.data;

  const set = (field: keyof Filters) => (value: string) =>
    setDraft((d) => ({ ...d, [field]: value }));
  const apply = (next: Filters) => {
    setDraft(next);
    setFilters(next);
  };

  function search(event: FormEvent) {
    event.preventDefault();
    if (mode === 'similar') setSimilarQuery(describe.trim());
    else setFilters({ ...draft, q: draft.q.trim(), hashtag: draft.hashtag.trim() });
  }

  function toggle(id: string) {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  async function exportSelected() {
    setExportError(undefined);
    try {
      await download(
        '/api/v1/assets/export',
        { asset_ids: [...selected] },
        `promptcontent-${new Date().toISOString().slice(0, 10)}.zip`,
      );
    } catch (failure) {
      setExportError(asApiError(failure));
    }
  }

  return (
    <div className="stack">
      <Card
        title="Find material"
        actions={
          <div className="segmented" role="group" aria-label="Search mode">
            <button
              type="button"
              aria-pressed={mode === 'search'}
              onClick={() => setMode('search')}
            >
              Words and filters
            </button>
            <button
              type="button"
              aria-pressed={mode === 'similar'}
              onClick={() => setMode('similar')}
            >
              Describe what you need
            </button>
          </div>
        }
      >
        <form className="filters" onSubmit={search} role="search">
          {mode === 'search' ? (
            <>
              <Field label="Search" name="q" value={draft.q} onChange={set('q')} />
              <Field
                label="Hashtag"
                name="hashtag"
                value={draft.hashtag}
                onChange={set('hashtag')}
              />
              <SelectField
                label="Type"
                name="type"
                value={draft.type}
                onChange={set('type')}
                options={contentTypes}
                allowEmpty="Any"
              />
              <SelectField
                label="Channel"
                name="channel"
                value={draft.channel}
                onChange={set('channel')}
                options={contentChannels}
                allowEmpty="Any"
              />
              <SelectField
                label="Status"
                name="status"
                value={draft.status}
                onChange={set('status')}
                options={assetStatuses}
                allowEmpty="Any"
              />
              <SelectField
                label="Usage rights"
                name="rights"
                value={draft.rights}
                onChange={set('rights')}
                options={[
                  { value: 'expiring', label: 'Expiring in 30 days' },
                  { value: 'expired', label: 'Expired' },
                ]}
                allowEmpty="Any"
              />
            </>
          ) : (
            <div className="span-all">
              <Field
                label="Describe the image or copy you need"
                name="describe"
                value={describe}
                onChange={setDescribe}
              />
            </div>
          )}
          <div className="form-actions">
            <button type="submit">Search</button>
            {mode === 'search' && JSON.stringify(filters) !== JSON.stringify(noFilters) ? (
              <button type="button" className="secondary" onClick={() => apply(noFilters)}>
                Clear
              </button>
            ) : null}
          </div>
        </form>
      </Card>

      <Card
        title={mode === 'similar' ? 'Closest matches' : 'Media library'}
        actions={
          <div className="row">
            {selected.size > 0 ? (
              <button type="button" className="secondary" onClick={() => void exportSelected()}>
                Download {selected.size} as zip
              </button>
            ) : null}
            {permissions.can('content:write') ? (
              <button type="button" onClick={() => setShowUpload((v) => !v)}>
                {showUpload ? 'Close upload' : 'Upload'}
              </button>
            ) : null}
          </div>
        }
      >
        <SuccessNotice>{message}</SuccessNotice>
        <ErrorNotice error={exportError} />
        {showUpload ? (
          <div className="subpanel">
            <UploadForm
              onUploaded={(asset) => {
                setShowUpload(false);
                setMessage(`Uploaded “${asset.title}”.`);
                void invalidate('/api/v1/assets');
              }}
            />
          </div>
        ) : null}
        {result.isLoading ? <Loading /> : null}
        <ErrorNotice error={result.error} />
        {mode === 'similar' && !similarQuery ? (
          <Empty>Describe what you need, e.g. “kayak on a lake at sunrise”.</Empty>
        ) : null}
        {assets && assets.length === 0 && !result.isLoading ? (
          <Empty>
            {mode === 'search' && JSON.stringify(filters) === JSON.stringify(noFilters)
              ? 'The library is empty. Request content or upload a PNG.'
              : 'Nothing matches. Try fewer words or another hashtag.'}
          </Empty>
        ) : null}
        {assets && assets.length > 0 ? (
          <AssetGrid
            assets={assets}
            selected={selected}
            onToggle={toggle}
            onHashtag={(tag) => {
              setMode('search');
              apply({ ...noFilters, hashtag: tag.replace(/^#/, '') });
            }}
          />
        ) : null}
        {mode === 'search' ? (
          <Pager
            page={pages.page}
            hasMore={list.data?.has_more ?? false}
            onPrevious={pages.previous}
            onNext={() => pages.next(list.data?.next_cursor ?? null)}
          />
        ) : null}
      </Card>
    </div>
  );
}
