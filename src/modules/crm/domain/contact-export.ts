/**
 * Contact export (CSV and JSON). The CSV's columns are a superset of what the CSV import reads,
 * so an export imports back into another organisation unchanged; the extra columns (id, stage,
 * score, …) are ignored by the import.
 */
import { importColumns } from './csv-row.js';

export interface ExportedContact {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  country: string | null;
  city: string | null;
  language: string | null;
  birth_year: number | null;
  gender: string | null;
  tags: string[];
  interests: string[];
  /** Channels with consent granted. */
  consent: string[];
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  lifecycle_stage: string;
  classification: string;
  source: string;
  score: number | null;
  campaign_id: string | null;
  created_at: string;
}

export const exportColumns = [
  'id',
  ...importColumns,
  'lifecycle_stage',
  'classification',
  'source',
  'score',
  'campaign_id',
  'created_at',
] as const satisfies readonly (keyof ExportedContact)[];

/**
 * One CSV field (RFC 4180 quoting). A cell a spreadsheet would run as a formula (`=`, `@`, or `+`,
 * `-` followed by more than a number) gets a leading apostrophe: exports are opened in Excel.
 */
export function csvField(value: string | number | null | readonly string[]): string {
  if (value === null) return '';
  let text = Array.isArray(value) ? value.join(';') : String(value);
  const formula = /^[=@\t\r]/.test(text) || (/^[+-]/.test(text) && !/^[+-][\d\s().-]*$/.test(text));
  if (formula) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return `${exportColumns.join(',')}\r\n`;
}

export function csvLine(contact: ExportedContact): string {
  return `${exportColumns.map((column) => csvField(contact[column])).join(',')}\r\n`;
}
