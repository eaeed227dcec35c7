import { describe, expect, it } from 'vitest';
import {
  breakdownCsv,
  change,
  daysIn,
  isEmptyReport,
  isIsoDay,
  lastDays,
  perCurrency,
  previousRange,
  timeGrain,
} from './dashboard-report';

describe('dashboard report arithmetic', () => {
  it('compares a range with the one of the same length just before it', () => {
    expect(previousRange({ from: '2026-11-01', to: '2026-11-30' })).toEqual({
      from: '2026-10-02',
      to: '2026-10-31',
    });
    expect(previousRange({ from: '2026-03-01', to: '2026-03-01' })).toEqual({
      from: '2026-02-28',
      to: '2026-02-28',
    });
    expect(daysIn({ from: '2026-01-01', to: '2026-12-31' })).toBe(365);
    expect(lastDays(7, '2026-12-07')).toEqual({ from: '2026-12-01', to: '2026-12-07' });
  });

  it('picks days, weeks or months for the time chart', () => {
    expect(timeGrain(lastDays(90, '2026-12-07'))).toBe('day');
    expect(timeGrain(lastDays(180, '2026-12-07'))).toBe('week');
    expect(timeGrain(lastDays(700, '2026-12-07'))).toBe('month');
  });

  it('has no percentage change from nothing or from zero', () => {
    expect(change(150, 100)).toBe(0.5);
    expect(change(50, 100)).toBe(-0.5);
    expect(change(5, 0)).toBeNull();
    expect(change(5, null)).toBeNull();
    expect(change(null, 5)).toBeNull();
  });

  it('keeps money per currency and knows an empty report', () => {
    expect(perCurrency({ USD: 5, EUR: null, CRC: 7 })).toEqual([
      ['CRC', 7],
      ['USD', 5],
    ]);
    expect(perCurrency(12)).toEqual([]);
    expect(isEmptyReport({ clicks: 0, spend: {}, ctr: null })).toBe(true);
    expect(isEmptyReport({ clicks: 0, spend: { USD: 1 } })).toBe(false);
    expect(isIsoDay('2026-12-07')).toBe(true);
    expect(isIsoDay('2026-13-45')).toBe(false);
    expect(isIsoDay('yesterday')).toBe(false);
  });

  it('writes the breakdown as CSV with a column per currency, never one sum', () => {
    const csv = breakdownCsv(
      [
        { dimensions: { campaign: 'a' }, metrics: { clicks: 3, spend: { USD: 100 } } },
        { dimensions: { campaign: 'b' }, metrics: { clicks: 4, spend: { EUR: 50, USD: 7 } } },
      ],
      'campaign',
      [
        { name: 'clicks', perCurrency: false },
        { name: 'spend', perCurrency: true },
      ],
      (id) => (id === 'a' ? 'Spring, "big" sale' : id),
    );
    expect(csv).toBe(
      'campaign,campaign name,clicks,spend EUR,spend USD\r\n' +
        'a,"Spring, ""big"" sale",3,,100\r\n' +
        'b,b,4,50,7\r\n',
    );
  });
});
