import { useTranslation } from 'react-i18next';

/** PromptCRM resources as the API returns them (docs/crm.md). */
export const lifecycleStages = ['lead', 'qualified', 'opportunity', 'customer', 'lost'] as const;
export const classifications = ['hot', 'warm', 'cold'] as const;
export const leadSources = ['ads', 'web_form', 'csv_import', 'api', 'chat', 'manual'] as const;
/** The currencies the deal form offers (ISO 4217); the API takes any. */
export const dealCurrencies = ['USD', 'EUR', 'MXN', 'CRC', 'COP', 'PEN', 'CLP', 'ARS', 'BRL'];

export interface Contact {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  company_id: string | null;
  country: string | null;
  city: string | null;
  language: string | null;
  interests: string[];
  tags: string[];
  lifecycle_stage: string;
  classification: string;
  source: string;
  medium: string | null;
  utm: Record<string, string>;
  campaign_id: string | null;
  ad_id: string | null;
  owner_user_id: string | null;
  score: number | null;
  scored_at: string | null;
  merged_into_id: string | null;
  last_interaction_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ContactScore {
  score: number | null;
  scored_at: string | null;
  model: { kind: 'logistic' | 'rules'; version: number | null };
  explain: { feature: string; contribution: number; detail: string | null }[];
}

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

export interface Stage {
  id: string;
  name: string;
  position: number;
  kind: 'open' | 'won' | 'lost';
  probability: number;
}

export interface Pipeline {
  id: string;
  name: string;
  is_default: boolean;
  stages: Stage[];
}

export interface Deal {
  id: string;
  title: string;
  pipeline_id: string;
  stage_id: string;
  status: 'open' | 'won' | 'lost';
  contact_id: string | null;
  company_id: string | null;
  amount: { amount_minor: number; currency: string };
  expected_close_on: string | null;
  lost_reason: string | null;
  won_at: string | null;
  lost_at: string | null;
  campaign_id: string | null;
  owner_name: string | null;
  created_at: string;
  updated_at: string;
}

export interface Interaction {
  id: string;
  channel: string;
  direction: 'inbound' | 'outbound';
  subject: string | null;
  body: string | null;
  status: string;
  error: string | null;
  occurred_at: string;
}
