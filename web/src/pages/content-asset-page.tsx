import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { send } from '../api/client';
import { apiKey, useApiQuery, useInvalidate } from '../api/queries';
import { usePermissions } from '../components/permissions';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { AuthImage, SuccessNotice, useStatusLabel } from '../components/widgets';
import { formatDate, formatNumber } from '../i18n/format';
import { EditPanel, MetadataPanel, ReviewPanel } from './content-asset-panels';
import {
  AssetStatus,
  FindingsList,
  HighlightedText,
  useContentLabels,
  type Asset,
  type AssetVersion,
  type BrandFinding,
} from './content-shared';

function VersionPreview({ version }: { version: AssetVersion }) {
  const { t } = useTranslation();
  const content = version.content;
  switch (content.kind) {
    case 'text':
      return (
        <div className="preview" data-testid="asset-preview">
          <h3>
            <HighlightedText text={content.headline} findings={[]} />
          </h3>
          <HighlightedText text={content.body} findings={version.brand_findings} />
          {content.call_to_action ? (
            <p>
              <span className="badge">{content.call_to_action}</span>
            </p>
          ) : null}
          {content.seo ? (
            <dl className="facts small">
              <dt>{t('content.seoTitle')}</dt>
              <dd>{content.seo.title}</dd>
              <dt>{t('content.metaDescription')}</dt>
              <dd>{content.seo.meta_description}</dd>
              <dt>{t('content.keywordsShort')}</dt>
              <dd>{content.seo.keywords.join(', ')}</dd>
            </dl>
          ) : null}
        </div>
      );
    case 'image':
      return (
        <div className="preview" data-testid="asset-preview">
          <AuthImage src={content.image.url} alt={content.alt_text} className="full-image" />
          <p className="muted small">
            {formatNumber(content.image.width)}×{formatNumber(content.image.height)} px
            {content.headline ? ` · “${content.headline}”` : ''}
          </p>
        </div>
      );
    case 'video':
      return (
        <div className="preview" data-testid="asset-preview">
          <HighlightedText text={content.script} findings={version.brand_findings} />
          <div className="scenes">
            {content.scenes.map((scene) => (
              <figure key={scene.index} className="scene">
                <AuthImage src={scene.frame.url} alt={scene.visual} className="thumb" />
                <figcaption>
                  <strong>
                    {t('content.scene', {
                      index: scene.index,
                      seconds: formatNumber(scene.duration_seconds),
                    })}
                  </strong>
                  <br />
                  {scene.visual}
                  <br />
                  <em>{scene.voice_over}</em>
                </figcaption>
              </figure>
            ))}
          </div>
        </div>
      );
  }
}

interface Recheck {
  brand_kit_id: string | null;
  findings: BrandFinding[];
}

/** One asset: its preview, approval, brand check, versions, and (for writers) edits. */
export function ContentAssetPage({ param }: { param?: string }) {
  const { t } = useTranslation();
  const labels = useContentLabels();
  const statusLabel = useStatusLabel();
  const client = useQueryClient();
  const invalidate = useInvalidate();
  const permissions = usePermissions();
  const path = `/api/v1/assets/${param ?? ''}`;
  const asset = useApiQuery<Asset>(param ? path : null);
  const versions = useApiQuery<{ data: AssetVersion[] }>(param ? `${path}/versions` : null);
  const [shownVersion, setShownVersion] = useState<number>();
  const [message, setMessage] = useState('');
  const recheck = useMutation({ mutationFn: () => send<Recheck>('POST', `${path}/check`) });

  if (!param) return <Empty>{t('content.noAsset')}</Empty>;
  if (asset.isLoading) return <Loading />;
  if (asset.error) return <ErrorNotice error={asset.error} />;
  const current = asset.data;
  if (!current) return null;

  /** The answer of a review or details change: this asset's cache, and the lists refetch. */
  const changed = (updated: Asset) => {
    client.setQueryData<Asset>(apiKey(path), {
      ...current,
      ...updated,
      version: updated.version ?? current.version,
      reviews: updated.reviews ?? current.reviews,
    });
    void client.invalidateQueries({ queryKey: apiKey('/api/v1/assets?') });
  };
  const shown =
    shownVersion === undefined || shownVersion === current.current_version
      ? current.version
      : versions.data?.data.find((v) => v.version === shownVersion);

  return (
    <div className="stack">
      <p>
        <Link to="/content-library">← {t('nav.content-library')}</Link>
        {current.request_id ? (
          <>
            {' · '}
            <Link to={`/content-requests/${current.request_id}`}>{t('content.itsRequest')}</Link>
          </>
        ) : null}
      </p>
      <SuccessNotice>{message}</SuccessNotice>
      <div className="grid">
        <Card title={current.title}>
          <div className="row">
            <AssetStatus asset={current} />
            <span className="muted small">
              {labels.type(current.type)} · {current.format}
              {current.channel ? ` · ${labels.channel(current.channel)}` : ''}
              {current.language ? ` · ${labels.language(current.language)}` : ''} ·{' '}
              {t('content.versionNumber', { version: shown?.version ?? current.current_version })}
              {shown && shown.version !== current.current_version
                ? ` (${t('content.earlier')})`
                : ''}
            </span>
          </div>
          {shown ? <VersionPreview version={shown} /> : <Loading />}
          <div className="tags">
            {current.hashtags.map((tag) => (
              <span key={tag} className="tag">
                {tag}
              </span>
            ))}
          </div>
          <p className="muted small">{current.description}</p>
          <dl className="facts small">
            <dt>{t('content.used')}</dt>
            <dd>{t('content.times', { count: current.usage_count })}</dd>
            <dt>{t('content.licence')}</dt>
            <dd>{current.usage_rights.licence ?? '—'}</dd>
            <dt>{t('content.rightsUntilShort')}</dt>
            <dd>{formatDate(current.usage_rights.expires_at)}</dd>
            <dt>{t('content.created')}</dt>
            <dd>{formatDate(current.created_at)}</dd>
          </dl>
        </Card>
        <div className="stack">
          <Card title={t('content.approval')}>
            <ReviewPanel
              asset={current}
              onChanged={(updated) => {
                changed(updated);
                setMessage(t('content.assetNow', { status: statusLabel(updated.status) }));
              }}
            />
          </Card>
          <Card
            title={t('content.brandCheck')}
            actions={
              <button
                type="button"
                className="secondary"
                disabled={recheck.isPending}
                onClick={() => recheck.mutate()}
              >
                {t('content.checkAgain')}
              </button>
            }
          >
            {shown ? (
              <FindingsList brand={shown.brand_findings} format={shown.format_findings} />
            ) : null}
            <ErrorNotice error={recheck.error} />
            {recheck.data ? (
              recheck.data.brand_kit_id === null ? (
                <p className="muted">{t('content.noKitApplies')}</p>
              ) : (
                <div>
                  <p className="muted small">{t('content.againstKitNow')}</p>
                  <FindingsList brand={recheck.data.findings} format={[]} />
                </div>
              )
            ) : null}
          </Card>
        </div>
      </div>
      <Card title={t('content.versions')}>
        {versions.isLoading ? <Loading /> : null}
        <ErrorNotice error={versions.error} />
        {versions.data ? (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th>{t('content.version')}</th>
                  <th>{t('content.created')}</th>
                  <th>{t('content.noteShort')}</th>
                  <th className="num">{t('content.findings')}</th>
                  <th>
                    <span className="visually-hidden">{t('content.show')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {versions.data.data.map((version) => (
                  <tr key={version.version}>
                    <td>v{version.version}</td>
                    <td>{formatDate(version.created_at)}</td>
                    <td>{version.note ?? '—'}</td>
                    <td className="num">
                      {formatNumber(version.brand_findings.length + version.format_findings.length)}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="link"
                        onClick={() => setShownVersion(version.version)}
                        disabled={(shown?.version ?? current.current_version) === version.version}
                      >
                        {t('content.show')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Card>
      {permissions.can('content:write') ? (
        <div className="grid">
          <Card title={t('content.editContent')}>
            <EditPanel
              asset={current}
              onSaved={() => {
                setShownVersion(undefined);
                setMessage(t('content.savedVersion'));
                void invalidate(path);
              }}
            />
          </Card>
          <Card title={t('content.libraryDetails')}>
            <MetadataPanel
              key={current.updated_at}
              asset={current}
              onSaved={(updated) => {
                changed(updated);
                setMessage(t('content.detailsSaved'));
              }}
            />
          </Card>
        </div>
      ) : null}
    </div>
  );
}
