import { describe, expect, it } from 'vitest';
import { dealCsvHeader, dealCsvLine, type ExportedDeal } from './deal-export.js';

const deal: ExportedDeal = {
  id: '01900000-0000-7000-8000-000000000001',
  title: 'Cold brew, 200 cases',
  status: 'won',
  pipeline: 'Sales',
  stage: 'Won',
  amount_minor: 1_500_000,
  currency: 'USD',
  contact_id: null,
  company_id: null,
  campaign_id: null,
  owner_user_id: null,
  expected_close_on: '2026-12-15',
  lost_reason: null,
  won_at: '2026-12-01T10:00:00.000Z',
  lost_at: null,
  created_at: '2026-11-20T09:00:00.000Z',
  updated_at: '2026-12-01T10:00:00.000Z',
};

describe('deal CSV export', () => {
  it('writes one quoted line per deal under the header, amounts in minor units', () => {
    expect(dealCsvHeader()).toMatch(/^id,title,status,pipeline,stage,amount_minor,currency,/);
    const line = dealCsvLine(deal);
    expect(line).toContain('"Cold brew, 200 cases",won,Sales,Won,1500000,USD,');
    expect(line.endsWith('\r\n')).toBe(true);
    expect(line.split(',').length).toBe(dealCsvHeader().split(',').length + 1);
  });

  it('defuses a title a spreadsheet would run as a formula', () => {
    expect(dealCsvLine({ ...deal, title: '=HYPERLINK("x")' })).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
