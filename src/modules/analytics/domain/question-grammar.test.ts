import { describe, expect, it } from 'vitest';
import { parseQuestion, queryForQuestion, type UnderstoodQuestion } from './question-grammar.js';
import { resolvePeriod, todayIn } from './relative-period.js';

// A Monday.
const today = '2026-12-07';

function understood(question: string): UnderstoodQuestion {
  const parsed = parseQuestion(question, today);
  if (!parsed.understood) throw new Error(`not understood: ${question}: ${parsed.reason.en}`);
  return parsed;
}

describe('relative periods', () => {
  it.each([
    ['today', '2026-12-07', '2026-12-07'],
    ['yesterday', '2026-12-06', '2026-12-06'],
    ['thisWeek', '2026-12-07', '2026-12-07'],
    ['lastWeek', '2026-11-30', '2026-12-06'],
    ['thisMonth', '2026-12-01', '2026-12-07'],
    ['lastMonth', '2026-11-01', '2026-11-30'],
    ['thisQuarter', '2026-10-01', '2026-12-07'],
    ['lastQuarter', '2026-07-01', '2026-09-30'],
    ['thisYear', '2026-01-01', '2026-12-07'],
    ['lastYear', '2025-01-01', '2025-12-31'],
  ] as const)('%s resolves to %s..%s', (kind, from, to) => {
    expect(resolvePeriod(kind, today)).toMatchObject({ from, to });
  });

  it('counts the last N days as the whole days before today', () => {
    expect(resolvePeriod('lastDays', today, 7)).toMatchObject({
      from: '2026-11-30',
      to: '2026-12-06',
    });
  });

  it('crosses year boundaries for last month and last quarter in January', () => {
    expect(resolvePeriod('lastMonth', '2027-01-15')).toMatchObject({
      from: '2026-12-01',
      to: '2026-12-31',
    });
    expect(resolvePeriod('lastQuarter', '2027-01-15')).toMatchObject({
      from: '2026-10-01',
      to: '2026-12-31',
    });
  });

  it("takes today in the organisation's time zone", () => {
    const now = new Date('2026-12-07T03:00:00Z');
    expect(todayIn('UTC', now)).toBe('2026-12-07');
    expect(todayIn('America/Mexico_City', now)).toBe('2026-12-06');
    expect(todayIn('Asia/Tokyo', new Date('2026-12-06T20:00:00Z'))).toBe('2026-12-07');
  });
});

describe('the question grammar', () => {
  it('"ventas por país el mes pasado": revenue won by country last month, in Spanish', () => {
    const question = understood('ventas por país el mes pasado');
    expect(question).toMatchObject({
      language: 'es',
      intent: 'breakdown',
      metrics: ['revenueWon', 'dealsWon'],
      dimension: 'country',
      period: { from: '2026-11-01', to: '2026-11-30' },
    });
    expect(queryForQuestion(question, 'EUR')).toMatchObject({
      metrics: ['revenueWon', 'dealsWon'],
      dimensions: ['country'],
      dateRange: { from: '2026-11-01', to: '2026-11-30' },
      orderBy: [{ field: 'revenueWon', direction: 'desc', currency: 'EUR' }],
    });
  });

  it('"sales by country last month" is the same query in English', () => {
    const question = understood('Sales by country last month');
    expect(question.language).toBe('en');
    expect(queryForQuestion(question, 'EUR')).toEqual(
      queryForQuestion(understood('ventas por país el mes pasado'), 'EUR'),
    );
  });

  it('"which channel had the best ROAS in the last 7 days": channels ranked by ROAS', () => {
    const question = understood('Which channel had the best ROAS in the last 7 days?');
    expect(question).toMatchObject({
      language: 'en',
      intent: 'ranking',
      metrics: ['roas', 'spend', 'revenueWon'],
      dimension: 'channel',
      direction: 'desc',
      period: { from: '2026-11-30', to: '2026-12-06' },
    });
    expect(understood('¿Qué canal tuvo el mejor ROAS en los últimos 7 días?')).toMatchObject({
      language: 'es',
      metrics: question.metrics,
      dimension: 'channel',
      period: question.period,
    });
  });

  it('"top 5 campaigns by conversions this quarter": a top 5 by conversions', () => {
    const question = understood('top 5 campaigns by conversions this quarter');
    expect(question).toMatchObject({
      intent: 'ranking',
      metrics: ['conversions'],
      dimension: 'campaign',
      limit: 5,
      period: { from: '2026-10-01', to: '2026-12-07' },
    });
    expect(queryForQuestion(question, null)).toMatchObject({
      orderBy: [{ field: 'conversions', direction: 'desc' }],
      limit: 5,
    });
    expect(understood('las 5 mejores campañas por conversiones este trimestre')).toMatchObject({
      language: 'es',
      metrics: ['conversions'],
      dimension: 'campaign',
      limit: 5,
      period: question.period,
    });
  });

  it('"campaigns with negative sentiment where influencer reactions fell": compared weeks', () => {
    const question = understood(
      'campaigns with negative sentiment where influencer reactions fell',
    );
    expect(question).toMatchObject({
      intent: 'sentimentDrop',
      dimension: 'campaign',
      period: { from: '2026-11-30', to: '2026-12-06' },
    });
    expect(queryForQuestion(question, null)).toMatchObject({
      metrics: ['commentsNegative', 'commentsPositive', 'commentsNeutral', 'influencerReactions'],
      compareDateRange: { from: '2026-11-23', to: '2026-11-29' },
    });
    expect(
      understood('campañas con sentimiento negativo donde cayeron las reacciones de influencers'),
    ).toMatchObject({ language: 'es', intent: 'sentimentDrop' });
  });

  it.each([
    ['spend yesterday', 'spend', '2026-12-06', '2026-12-06'],
    ['gasto de ayer', 'spend', '2026-12-06', '2026-12-06'],
    ['leads this year', 'leads', '2026-01-01', '2026-12-07'],
    ['leads este año', 'leads', '2026-01-01', '2026-12-07'],
    ['clicks last week', 'clicks', '2026-11-30', '2026-12-06'],
    ['clics la semana pasada', 'clicks', '2026-11-30', '2026-12-06'],
    ['CTR between 2026-01-01 and 2026-01-31', 'ctr', '2026-01-01', '2026-01-31'],
    ['impressions', 'impressions', '2026-11-07', '2026-12-06'],
  ])('%s', (text, metric, from, to) => {
    expect(understood(text)).toMatchObject({
      metrics: expect.arrayContaining([metric]),
      dimension: null,
      period: { from, to },
    });
  });

  it('reads negative sentiment without falling reactions as negative comments', () => {
    expect(understood('campaigns with negative sentiment last week')).toMatchObject({
      intent: 'breakdown',
      metrics: ['commentsNegative', 'commentsPositive', 'commentsNeutral'],
      dimension: 'campaign',
    });
    expect(understood('comentarios negativos por canal ayer')).toMatchObject({
      metrics: ['commentsNegative', 'commentsPositive', 'commentsNeutral'],
      dimension: 'channel',
    });
  });

  it('ranks cost metrics lowest first when asked for the best', () => {
    expect(understood('which channel had the best CPA last month')).toMatchObject({
      metrics: ['cpa', 'spend', 'conversions'],
      direction: 'asc',
    });
  });

  it.each([
    ['which channel had the lowest CPC last month', 'asc'],
    ['which channel had the worst CPA last month', 'desc'],
    ['which channel had the highest spend last month', 'desc'],
    ['el canal con el peor ROAS el mes pasado', 'asc'],
    ['the campaign with the fewest leads', 'asc'],
    ['la campaña con menos leads este mes', 'asc'],
    ['the channel with the most clicks yesterday', 'desc'],
    ['the campaign with the lowest conversions last week', 'asc'],
  ])('"%s" ranks %s', (text, direction) => {
    expect(understood(text).direction).toBe(direction);
  });

  it('reads a currency the question names', () => {
    expect(understood('top 3 campaigns by revenue in MXN last month').currency).toBe('MXN');
    expect(understood('ventas en euros este mes').currency).toBe('EUR');
  });

  it.each([
    ['what is the weather tomorrow', 'en'],
    ['profit margin last month', 'en'],
    ['ventas por producto el mes pasado', 'es'],
    ['sales by salesperson this year', 'en'],
    ['clicks between 2026-02-10 and 2026-01-01', 'en'],
  ])('refuses "%s" with a reason', (text, language) => {
    const parsed = parseQuestion(text, today);
    expect(parsed).toMatchObject({ understood: false, language });
  });
});
