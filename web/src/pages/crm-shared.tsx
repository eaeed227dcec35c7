import type { ApiItem, ApiResponse } from '../api/resources';
import { useTranslation } from 'react-i18next';

/** PromptCRM resources as the API returns them (docs/crm.md). */
export const lifecycleStages = ['lead', 'qualified', 'opportunity', 'customer', 'lost'] as const;
export const classifications = ['hot', 'warm', 'cold'] as const;
export const leadSources = ['ads', 'web_form', 'csv_import', 'api', 'chat', 'manual'] as const;
/** The currencies the deal form offers (ISO 4217); the API takes any. */
export const dealCurrencies = ['USD', 'EUR', 'MXN', 'CRC', 'COP', 'PEN', 'CLP', 'ARS', 'BRL'];

export type Contact = ApiItem<'/api/v1/contacts'>;

export type ContactScore = ApiResponse<'/api/v1/contacts/{id}/score'>;

export const leadHref = (id: string) => `/crm-leads/${id}`;

/** A contact's name, else how to reach them; null when the record has neither. */
export function nameOf(contact: Pick<Contact, 'first_name' | 'last_name' | 'email' | 'phone'>) {
  const name = [contact.first_name, contact.last_name].filter(Boolean).join(' ');
  return name || contact.email || contact.phone || null;
}

/** `nameOf` in the reader's language ("Unnamed contact" for a record with nothing to show). */
export function useDisplayName() {
  const { t } = useTranslation();
  return (contact: Pick<Contact, 'first_name' | 'last_name' | 'email' | 'phone'>) =>
    nameOf(contact) ?? t('crm.unnamed');
}

/** Labels of the CRM's fixed values (stages, temperatures, sources) in the reader's language. */
export function useCrmLabels() {
  const { t } = useTranslation();
  return {
    stage: (value: string) => t(`crm.stages.${value as 'lead'}`, { defaultValue: value }),
    temperature: (value: string) =>
      t(`crm.temperatures.${value as 'hot'}`, { defaultValue: value }),
    source: (value: string) =>
      t(`crm.sources.${value as 'ads'}`, { defaultValue: value.replace(/_/g, ' ') }),
    channel: (value: string) => t(`crm.channels.${value as 'email'}`, { defaultValue: value }),
  };
}

const classificationTone: Record<string, string> = { hot: 'danger', warm: 'warn', cold: '' };

export function ClassificationBadge({ value }: { value: string }) {
  const labels = useCrmLabels();
  const tone = classificationTone[value];
  return (
    <span className={`badge${tone ? ` badge-tone-${tone}` : ''}`}>{labels.temperature(value)}</span>
  );
}

/** Purchase intent 0–100 as a number and a bar. */
export function ScoreBar({ score }: { score: number | null }) {
  const { t } = useTranslation();
  if (score === null) return <span className="muted">—</span>;
  return (
    <span className="score" title={t('crm.scoreTitle', { score })}>
      <span className="score-bar">
        <span style={{ width: `${Math.max(0, Math.min(100, score))}%` }} />
      </span>
      {score}
    </span>
  );
}

export type Stage = Pipeline['stages'][number];

export type Pipeline = ApiItem<'/api/v1/pipelines'>;

export type Deal = ApiItem<'/api/v1/deals'>;

export type Interaction = ApiItem<'/api/v1/contacts/{id}/interactions'>;
