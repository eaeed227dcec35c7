import * as Tabs from '@radix-ui/react-tabs';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { download } from '../api/client';
import { useApiInfiniteList, useApiQuery, useInvalidate } from '../api/queries';
import { FormField } from '../components/form-field';
import { LoadMore } from '../components/load-more';
import { usePermissions } from '../components/permissions';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { AuthImage, SuccessNotice } from '../components/widgets';
import { formatPercent } from '../i18n/format';
import {
  assetHref,
  AssetStatus,
  assetStatuses,
  contentChannels,
  contentTypes,
  useContentLabels,
  type Asset,
} from './content-shared';
import { UploadForm } from './content-upload-form';
import { useStatusLabel } from '../components/widgets';

interface Filters {
  sort: string;
  q: string;
  hashtag: string;
  type: string;
  channel: string;
  status: string;
  rights: string;
}

const noFilters: Filters = {
  sort: '-created',
  q: '',
  hashtag: '',
  type: '',
  channel: '',
  status: '',
  rights: '',
};

const assetOrders = ['-created', 'created', 'name', '-name'] as const;

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
  const { t } = useTranslation();
  const labels = useContentLabels();
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
                aria-label={t('content.selectNamed', { title: asset.title })}
              />
              <Link to={assetHref(asset.id)} className="asset-title">
                {asset.title}
              </Link>
            </label>
            <p className="muted small">
              {labels.type(asset.type)}
              {asset.channel ? ` · ${labels.channel(asset.channel)}` : ''}
              {asset.score !== undefined
                ? ` · ${t('content.match', { score: formatPercent(asset.score, 0) })}`
                : ''}
            </p>
            <div className="tags">
              {asset.hashtags.map((tag) => (
                <button
                  key={tag}
                  type="button"
                  className="tag"
                  onClick={() => onHashtag(tag)}
                  title={t('content.showTag', { tag })}
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

function SearchForm({ filters, onSearch }: { filters: Filters; onSearch: (f: Filters) => void }) {
  const { t } = useTranslation();
  const labels = useContentLabels();
  const statusLabel = useStatusLabel();
  const { register, handleSubmit, reset } = useForm<Filters>({ values: filters });
  const choice = (
    name: 'type' | 'channel' | 'status' | 'rights' | 'sort',
    label: string,
    options: { value: string; label: string }[],
  ) => (
    <FormField label={label}>
      {(control) => (
        <select {...control} {...register(name)}>
          {name === 'sort' ? null : <option value="">{t('app.any')}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
  const filtered = JSON.stringify(filters) !== JSON.stringify(noFilters);
  return (
    <form
      className="filters"
      role="search"
      onSubmit={handleSubmit((form) =>
        onSearch({ ...form, q: form.q.trim(), hashtag: form.hashtag.trim() }),
      )}
    >
      <FormField label={t('content.search')} {...register('q')} />
      <FormField label={t('content.hashtag')} {...register('hashtag')} />
      {choice(
        'type',
        t('content.type'),
        contentTypes.map((v) => ({ value: v, label: labels.type(v) })),
      )}
      {choice(
        'channel',
        t('content.channel'),
        contentChannels.map((v) => ({ value: v, label: labels.channel(v) })),
      )}
      {choice(
        'status',
        t('content.status'),
        assetStatuses.map((v) => ({ value: v, label: statusLabel(v) })),
      )}
      {choice('rights', t('content.rights'), [
        { value: 'expiring', label: t('content.expiring') },
        { value: 'expired', label: t('content.expired') },
      ])}
      {choice(
        'sort',
        t('content.order'),
        assetOrders.map((value) => ({ value, label: t(`content.orders.${value}`) })),
      )}
      <div className="form-actions">
        <button type="submit">{t('content.search')}</button>
        {filtered ? (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              reset(noFilters);
              onSearch(noFilters);
            }}
          >
            {t('crm.clear')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

function SimilarForm({ onSearch }: { onSearch: (description: string) => void }) {
  const { t } = useTranslation();
  const { register, handleSubmit } = useForm<{ describe: string }>({
    defaultValues: { describe: '' },
  });
  return (
    <form
      className="filters"
      role="search"
      onSubmit={handleSubmit(({ describe }) => onSearch(describe.trim()))}
    >
      <div className="span-all">
        <FormField label={t('content.describe')} {...register('describe')} />
      </div>
      <div className="form-actions">
        <button type="submit">{t('content.search')}</button>
      </div>
    </form>
  );
}

/**
 * The media library: search by words and filters (paged, "Load more") or by a description
 * (closest matches), select pieces to download as a zip, upload a PNG.
 */
export function ContentLibraryPage() {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const permissions = usePermissions();
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [mode, setMode] = useState('search');
  const [similarQuery, setSimilarQuery] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [showUpload, setShowUpload] = useState(false);
  const [message, setMessage] = useState('');

  const query = new URLSearchParams({ limit: '24' });
  for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value);
  const list = useApiInfiniteList<Asset>(`/api/v1/assets?${query}`);
  const similarParams = new URLSearchParams({ description: similarQuery, limit: '24' });
  const similar = useApiQuery<{ data: Asset[]; model: string }>(
    mode === 'similar' && similarQuery ? `/api/v1/assets/similar?${similarParams}` : null,
  );
  const exported = useMutation({
    mutationFn: () =>
      download(
        '/api/v1/assets/export',
        { asset_ids: [...selected] },
        `promptcontent-${new Date().toISOString().slice(0, 10)}.zip`,
      ),
  });
  const searching = mode === 'search';
  const assets = searching ? list.items : similar.data?.data;
  const loading = searching ? list.isLoading : similar.isLoading;
  const error = searching ? list.error : similar.error;

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="stack">
      <Card title={t('content.findMaterial')}>
        <Tabs.Root value={mode} onValueChange={setMode}>
          <Tabs.List className="tabs" aria-label={t('content.searchMode')}>
            <Tabs.Trigger value="search">{t('content.wordsAndFilters')}</Tabs.Trigger>
            <Tabs.Trigger value="similar">{t('content.describeMode')}</Tabs.Trigger>
          </Tabs.List>
          <Tabs.Content value="search">
            <SearchForm filters={filters} onSearch={setFilters} />
          </Tabs.Content>
          <Tabs.Content value="similar">
            <SimilarForm onSearch={setSimilarQuery} />
          </Tabs.Content>
        </Tabs.Root>
      </Card>

      <Card
        title={searching ? t('nav.content-library') : t('content.closest')}
        actions={
          <div className="row">
            {selected.size > 0 ? (
              <button
                type="button"
                className="secondary"
                disabled={exported.isPending}
                onClick={() => exported.mutate()}
              >
                {t('content.downloadZip', { count: selected.size })}
              </button>
            ) : null}
            {permissions.can('content:write') ? (
              <button type="button" onClick={() => setShowUpload((v) => !v)}>
                {showUpload ? t('content.closeUpload') : t('content.upload')}
              </button>
            ) : null}
          </div>
        }
      >
        <SuccessNotice>{message}</SuccessNotice>
        <ErrorNotice error={exported.error} />
        {showUpload ? (
          <div className="subpanel">
            <UploadForm
              onUploaded={(asset) => {
                setShowUpload(false);
                setMessage(t('content.uploaded', { title: asset.title }));
                void invalidate('/api/v1/assets');
              }}
            />
          </div>
        ) : null}
        {loading ? <Loading /> : null}
        <ErrorNotice error={error} />
        {!searching && !similarQuery ? <Empty>{t('content.describeHint')}</Empty> : null}
        {assets && assets.length === 0 && !loading ? (
          <Empty>
            {searching && JSON.stringify(filters) === JSON.stringify(noFilters)
              ? t('content.libraryEmpty')
              : t('content.nothingMatches')}
          </Empty>
        ) : null}
        {assets && assets.length > 0 ? (
          <AssetGrid
            assets={assets}
            selected={selected}
            onToggle={toggle}
            onHashtag={(tag) => {
              setMode('search');
              setFilters({ ...noFilters, hashtag: tag.replace(/^#/, '') });
            }}
          />
        ) : null}
        {searching ? (
          <LoadMore
            hasNextPage={list.hasNextPage}
            isFetchingNextPage={list.isFetchingNextPage}
            fetchNextPage={list.fetchNextPage}
            shown={list.items?.length ?? 0}
          />
        ) : null}
      </Card>
    </div>
  );
}
