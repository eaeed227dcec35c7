/**
 * Deal export (CSV): one line per deal with its pipeline and stage by name, the amount in minor
 * units with its currency (never a float), and the ids a spreadsheet can join on.
 */
import { csvField } from './contact-export.js';

export interface ExportedDeal {
  id: string;
  title: string;
  status: string;
  pipeline: string | null;
  stage: string | null;
  amount_minor: number;
  currency: string;
  contact_id: string | null;
  company_id: string | null;
  campaign_id: string | null;
  owner_user_id: string | null;
  expected_close_on: string | null;
  lost_reason: string | null;
  won_at: string | null;
  lost_at: string | null;
  created_at: string;
  updated_at: string;
}

export const dealExportColumns = [
  'id',
  'title',
  'status',
  'pipeline',
  'stage',
  'amount_minor',
  'currency',
  'contact_id',
  'company_id',
  'campaign_id',
  'owner_user_id',
  'expected_close_on',
  'lost_reason',
  'won_at',
  'lost_at',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof ExportedDeal)[];

export function dealCsvHeader(): string {
  return `${dealExportColumns.join(',')}\r\n`;
}

export function dealCsvLine(deal: ExportedDeal): string {
  return `${dealExportColumns.map((column) => csvField(deal[column])).join(',')}\r\n`;
}
