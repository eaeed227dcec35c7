import { describe, expect, it } from 'vitest';
import { buildReport, measuresOf, type FactGroup } from './report.js';

const group = (channel: string, currency: string, sums: FactGroup['sums']): FactGroup => ({
  dimensions: { channel },
  currency,
  sums,
});

describe('buildReport', () => {
  const groups: FactGroup[] = [
    group('facebook', 'EUR', { impressions: 1_000, clicks: 10, trackedClicks: 0, spendMinor: 500 }),
    group('facebook', 'USD', {
      impressions: 3_000,
      clicks: 20,
      trackedClicks: 10,
      spendMinor: 900,
    }),
    group('tiktok', 'EUR', { impressions: 2_000, clicks: 50, trackedClicks: 0, spendMinor: 100 }),
    // A lead row: no currency, no money.
    group('tiktok', '', { leads: 4 }),
  ];

  it('adds counts across currencies and keeps money per currency, never summed', () => {
    const report = buildReport(
      { metrics: ['clicks', 'spend', 'leads'], dimensions: ['channel'], orderBy: [], limit: 10 },
      groups,
    );
    expect(report.rows).toEqual([
      {
        dimensions: { channel: 'facebook' },
        metrics: { clicks: 40, spend: { EUR: 500, USD: 900 }, leads: 0 },
      },
      { dimensions: { channel: 'tiktok' }, metrics: { clicks: 50, spend: { EUR: 100 }, leads: 4 } },
    ]);
    expect(report.totals).toEqual({ clicks: 90, spend: { EUR: 600, USD: 900 }, leads: 4 });
  });

  it('computes ratios from the sums of the row, not as an average of ratios', () => {
    const report = buildReport(
      { metrics: ['ctr', 'cpc'], dimensions: ['channel'], orderBy: [], limit: 10 },
      groups,
    );
    const facebook = report.rows[0]!.metrics;
    expect(facebook.ctr).toBe(40 / 4_000);
    expect(facebook.cpc).toEqual({ EUR: 500 / 10, USD: 900 / 30 });
    expect(report.totals.ctr).toBe(90 / 6_000);
    expect(report.totals.cpc).toEqual({ EUR: 600 / 60, USD: 900 / 30 });
  });

  it('gives null for a ratio over zero', () => {
    const report = buildReport({ metrics: ['winRate'], dimensions: [], orderBy: [], limit: 10 }, [
      group('x', '', { leads: 0, dealsWon: 0 }),
    ]);
    expect(report.totals.winRate).toBeNull();
  });

  it('orders by a metric, by a currency’s amount, and cuts at the limit', () => {
    const byClicks = buildReport(
      {
        metrics: ['clicks'],
        dimensions: ['channel'],
        orderBy: [{ field: 'clicks', direction: 'asc' }],
        limit: 1,
      },
      groups,
    );
    expect(byClicks.rows.map((row) => row.dimensions.channel)).toEqual(['facebook']);
    expect(byClicks.rowCount).toBe(2);
    const bySpend = buildReport(
      {
        metrics: ['spend'],
        dimensions: ['channel'],
        orderBy: [{ field: 'spend', direction: 'desc', currency: 'USD' }],
        limit: 10,
      },
      groups,
    );
    // tiktok spent no USD: rows without the currency come last.
    expect(bySpend.rows.map((row) => row.dimensions.channel)).toEqual(['facebook', 'tiktok']);
  });

  it('reads only the measures the metrics need', () => {
    expect(measuresOf(['ctr']).sort()).toEqual(['clicks', 'impressions', 'trackedClicks']);
  });
});
