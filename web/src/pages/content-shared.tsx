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

export interface ImageRef {
  url: string;
  width: number;
  height: number;
}

export type AssetContent =
  | {
      kind: 'text';
      headline: string;
      body: string;
      call_to_action?: string;
      seo?: { title: string; meta_description: string; keywords: string[] };
    }
  | { kind: 'image'; image: ImageRef; headline?: string; alt_text: string }
  | {
      kind: 'video';
      script: string;
      scenes: {
        index: number;
        visual: string;
        voice_over: string;
        duration_seconds: number;
        frame: ImageRef;
      }[];
    };

export interface BrandFinding {
  kind: 'banned_phrase' | 'unapproved_claim';
  match: string;
  start: number;
  end: number;
  rule: string;
  message: string;
}

export interface FormatFinding {
  kind: string;
  field?: string;
  message: string;
  limit?: number;
  actual?: number | string;
}

export interface AssetVersion {
  version: number;
  content: AssetContent;
  brand_findings: BrandFinding[];
  format_findings: FormatFinding[];
  generation: Record<string, unknown> | null;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

export interface Asset {
  id: string;
  type: 'text' | 'image' | 'video';
  format: string;
  channel: string | null;
  language: string | null;
  title: string;
  description: string;
  hashtags: string[];
  status: string;
  current_version: number;
  request_id: string | null;
  usage_count: number;
  usage_rights: {
    licence: string | null;
    expires_at: string | null;
    expired: boolean;
    expires_soon: boolean;
  };
  review: { reviewed_by: string | null; comment: string | null; reviewed_at: string | null };
  file_url: string | null;
  created_at: string;
  updated_at: string;
  version?: AssetVersion;
  reviews?: {
    action: string;
    version: number;
    actor: string;
    comment: string | null;
    created_at: string;
  }[];
  score?: number;
}

export interface ContentRequest {
  id: string;
  status: 'queued' | 'generating' | 'completed' | 'failed';
  failure_reason: string | null;
  brief: {
    type: string;
    subject: string;
    channel: string;
    audience?: string;
    language: string;
    tone?: string;
    variants: number;
    brand_kit_id?: string;
  };
  progress: { generated: number; expected: number };
  attempts: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  assets?: { id: string; type: string; title: string; status: string }[];
}

export interface BrandKit {
  id: string;
  name: string;
  voice: string;
  colors: string[];
  approved_claims: string[];
  banned_phrases: string[];
  channel_limits: Record<string, number>;
  logo_text: string | null;
  created_at: string;
  updated_at: string;
}

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
