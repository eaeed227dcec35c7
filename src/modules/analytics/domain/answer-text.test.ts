import { describe, expect, it } from 'vitest';
import { composeAnswer } from './answer-text.js';
import { parseQuestion, type UnderstoodQuestion } from './question-grammar.js';
import type { Report } from './report.js';

const today = '2026-12-07';
const ask = (text: string) => parseQuestion(text, today) as UnderstoodQuestion;

const byCountry: Report = {
  rows: [
    { dimensions: { country: 'ES' }, metrics: { revenueWon: { EUR: 123_456 }, dealsWon: 4 } },
    { dimensions: { country: 'MX' }, metrics: { revenueWon: { EUR: 5_000 }, dealsWon: 1 } },
  ],
  rowCount: 2,
  totals: { revenueWon: { EUR: 128_456, MXN: 90_000 }, dealsWon: 5 },
};

describe('answers composed from the report', () => {
  it('names the period and the currency, in Spanish', () => {
    const text = composeAnswer(ask('ventas por país el mes pasado'), byCountry, 'EUR', null);
    expect(text).toContain('el mes pasado (del 2026-11-01 al 2026-11-30)');
    expect(text).toContain('en EUR');
    expect(text).toContain('ES: 1234,56');
    expect(text).toContain('MXN');
  });

  it('names the period and the currency, in English', () => {
    const text = composeAnswer(ask('sales by country last month'), byCountry, 'EUR', null);
    expect(text).toContain('last month (2026-11-01 to 2026-11-30)');
    expect(text).toContain('in EUR');
    expect(text).toContain('ES: EUR');
    expect(text).toContain('1,234.56');
  });

  it('says there are no figures rather than inventing one', () => {
    const empty: Report = { rows: [], rowCount: 0, totals: { roas: {} } };
    expect(composeAnswer(ask('which channel had the best ROAS last week'), empty, null, null)).toBe(
      'There are no ROAS figures last week (2026-11-30 to 2026-12-06).',
    );
  });

  it('lists a top N in order', () => {
    const report: Report = {
      rows: [
        { dimensions: { campaign: 'a' }, metrics: { conversions: 30 } },
        { dimensions: { campaign: 'b' }, metrics: { conversions: 20 } },
      ],
      rowCount: 2,
      totals: { conversions: 50 },
    };
    expect(
      composeAnswer(ask('top 5 campaigns by conversions this quarter'), report, null, null),
    ).toBe(
      'Top 5 campaigns by conversions this quarter (2026-10-01 to 2026-12-07): 1. a: 30; 2. b: 20.',
    );
    expect(
      composeAnswer(
        ask('las 5 mejores campañas por conversiones este trimestre'),
        report,
        null,
        null,
        new Map([['a', 'Verano']]),
      ),
    ).toBe(
      'Top 5 campañas por conversiones este trimestre (del 2026-10-01 al 2026-12-07): 1. Verano: 30; 2. b: 20.',
    );
  });

  it('finds the campaigns whose sentiment is negative and influencer reactions fell', () => {
    const question = ask('campaigns with negative sentiment where influencer reactions fell');
    const row = (campaign: string, negative: number, positive: number, influencer: number) => ({
      dimensions: { campaign },
      metrics: {
        commentsNegative: negative,
        commentsPositive: positive,
        commentsNeutral: 0,
        influencerReactions: influencer,
      },
    });
    const now: Report = {
      rows: [row('sad', 9, 2, 30), row('happy', 1, 9, 10), row('steady', 9, 2, 80)],
      rowCount: 3,
      totals: {},
    };
    const before: Report = {
      rows: [row('sad', 0, 0, 60), row('happy', 0, 0, 40), row('steady', 0, 0, 50)],
      rowCount: 3,
      totals: {},
    };
    const text = composeAnswer(question, now, null, before);
    expect(text).toContain('1 campaign(s)');
    expect(text).toContain('sad (9 negative, 2 positive; influencer reactions 60 → 30, −50%)');
    expect(text).not.toContain('happy');
    expect(text).not.toContain('steady');
  });
});
