import type { ApiItem, ApiResponse } from '../api/resources';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../components/widgets';

/** PromptContent resources as the API returns them (docs/content.md). */
export const contentTypes = ['text', 'image', 'video'] as const;
export const contentChannels = [
  'instagram',
  'facebook',
  'linkedin',
  'x',
  'tiktok',
  'email',
  'web',
  'google_ads',
] as const;
export const contentLanguages = ['es', 'en'] as const;
export const contentTones = [
  'professional',
  'friendly',
  'playful',
  'urgent',
  'inspirational',
] as const;
export const assetStatuses = ['draft', 'in_review', 'approved', 'rejected'] as const;

type AssetDetail = ApiResponse<'/api/v1/assets/{id}'>;
export type AssetVersion = NonNullable<AssetDetail['version']>;
export type AssetContent = AssetVersion['content'];
export type BrandFinding = AssetVersion['brand_findings'][number];
export type FormatFinding = AssetVersion['format_findings'][number];
/** An asset as the list, the similarity search (with `score`) or the detail (with `version`) give it. */
export type Asset = ApiItem<'/api/v1/assets'> &
  Partial<Pick<AssetDetail, 'version' | 'reviews'>> & { score?: number };
export type ContentRequest = ApiResponse<'/api/v1/content-requests/{id}'>;
export type BrandKit = ApiItem<'/api/v1/brand-kits'>;

export const assetHref = (id: string) => `/content-library/${id}`;

/** Labels of PromptContent's fixed values (channels, types, tones) in the reader's language. */
export function useContentLabels() {
  const { t } = useTranslation();
  return {
    channel: (value: string) =>
      t(`content.channels.${value as 'web'}`, { defaultValue: value.replace(/[-_]/g, ' ') }),
    type: (value: string) => t(`content.types.${value as 'text'}`, { defaultValue: value }),
    tone: (value: string) => t(`content.tones.${value as 'friendly'}`, { defaultValue: value }),
    language: (value: string) => t(`content.languages.${value as 'es'}`, { defaultValue: value }),
  };
}

/** Text with the brand findings' spans marked (offsets are UTF-16, end exclusive). */
export function HighlightedText({ text, findings }: { text: string; findings: BrandFinding[] }) {
  const spans = [...findings]
    .filter((f) => f.start >= 0 && f.end <= text.length && f.start < f.end)
    .sort((a, b) => a.start - b.start);
  const parts: ReactNode[] = [];
  let at = 0;
  for (const finding of spans) {
    if (finding.start < at) continue;
    parts.push(text.slice(at, finding.start));
    parts.push(
      <mark key={finding.start} className={`finding-${finding.kind}`} title={finding.message}>
        {text.slice(finding.start, finding.end)}
      </mark>,
    );
    at = finding.end;
  }
  parts.push(text.slice(at));
  return <p className="copy">{parts}</p>;
}

export function FindingsList({
  brand,
  format,
}: {
  brand: BrandFinding[];
  format: FormatFinding[];
}) {
  const { t } = useTranslation();
  if (brand.length === 0 && format.length === 0)
    return (
      <p className="notice notice-success" data-testid="brand-check-ok">
        {t('content.checksPassed')}
      </p>
    );
  return (
    <ul className="findings" data-testid="findings">
      {brand.map((f) => (
        <li key={`b-${f.start}-${f.rule}`}>
          <span className={`badge badge-tone-${f.kind === 'banned_phrase' ? 'danger' : 'warn'}`}>
            {f.kind === 'banned_phrase' ? t('content.bannedPhrase') : t('content.unapprovedClaim')}
          </span>{' '}
          “{f.match}” — {f.message}
        </li>
      ))}
      {format.map((f, i) => (
        <li key={`f-${i}`}>
          <span className="badge badge-tone-warn">{f.kind.replace(/_/g, ' ')}</span> {f.message}
        </li>
      ))}
    </ul>
  );
}

export function AssetStatus({ asset }: { asset: Pick<Asset, 'status' | 'usage_rights'> }) {
  const { t } = useTranslation();
  return (
    <>
      <StatusBadge status={asset.status} />
      {asset.usage_rights.expired ? (
        <span className="badge badge-tone-danger">{t('content.rightsExpired')}</span>
      ) : asset.usage_rights.expires_soon ? (
        <span className="badge badge-tone-warn">{t('content.rightsExpireSoon')}</span>
      ) : null}
    </>
  );
}
