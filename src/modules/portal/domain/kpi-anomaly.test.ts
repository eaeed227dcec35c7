import { describe, expect, it } from 'vitest';
import { describeKpiAnomalies, detectKpiAnomalies, type DayKpis } from './kpi-anomaly.js';

const latestDay = '2026-03-10';
/** Seven healthy days before the latest: 1,000 impressions, 2 % CTR, 10 % conversion rate, $50. */
const baseline = (overrides: Partial<DayKpis> = {}): DayKpis[] =>
  Array.from({ length: 7 }, (_, i) => ({
    day: `2026-03-0${i + 3}`,
    impressions: 1_000,
    clicks: 20,
    conversions: 2,
    costMinor: 5_000,
    ...overrides,
  }));
const latest = (overrides: Partial<DayKpis>): DayKpis => ({
  day: latestDay,
  impressions: 1_000,
  clicks: 20,
  conversions: 2,
  costMinor: 5_000,
  ...overrides,
});

describe('KPI anomalies', () => {
  it('reports nothing for a day like the baseline', () => {
    expect(detectKpiAnomalies([...baseline(), latest({})], latestDay)).toEqual([]);
  });

  it('reports a CTR drop of 40 % or more, not a smaller one', () => {
    expect(detectKpiAnomalies([...baseline(), latest({ clicks: 13 })], latestDay)).toEqual([]);
    const [anomaly] = detectKpiAnomalies([...baseline(), latest({ clicks: 4 })], latestDay);
    expect(anomaly).toEqual({ metric: 'ctr', value: 0.004, baseline: 0.02, changePercent: -80 });
  });

  it('reports a conversion-rate drop of 50 % or more', () => {
    expect(
      detectKpiAnomalies([...baseline(), latest({ clicks: 40, conversions: 3 })], latestDay),
    ).toEqual([]);
    const anomalies = detectKpiAnomalies([...baseline(), latest({ conversions: 0 })], latestDay);
    expect(anomalies).toEqual([
      { metric: 'conversion_rate', value: 0, baseline: 0.1, changePercent: -100 },
    ]);
  });

  it('reports spend of 150 % of the baseline day or more', () => {
    expect(detectKpiAnomalies([...baseline(), latest({ costMinor: 7_400 })], latestDay)).toEqual(
      [],
    );
    expect(detectKpiAnomalies([...baseline(), latest({ costMinor: 7_500 })], latestDay)).toEqual([
      { metric: 'spend', value: 7_500, baseline: 5_000, changePercent: 50 },
    ]);
  });

  it('reports stalled delivery, also when the latest day has no facts at all', () => {
    const stalled = { metric: 'delivery', value: 0, baseline: 1_000, changePercent: -100 };
    expect(detectKpiAnomalies(baseline(), latestDay)).toEqual([stalled]);
    expect(
      detectKpiAnomalies(
        [...baseline(), latest({ impressions: 0, clicks: 0, conversions: 0, costMinor: 0 })],
        latestDay,
      ),
    ).toEqual([stalled]);
  });

  it('ignores a thin baseline and days outside the seven before the latest', () => {
    const thin = baseline({ impressions: 100, clicks: 2 });
    expect(detectKpiAnomalies([...thin, latest({ clicks: 0 })], latestDay)).toEqual([]);
    const twoDays = baseline({ impressions: 5_000 }).slice(-2);
    expect(detectKpiAnomalies([...twoDays, latest({ clicks: 0 })], latestDay)).toEqual([]);
    const old = baseline().map((d) => ({ ...d, day: d.day.replace('2026-03', '2026-02') }));
    expect(detectKpiAnomalies([...old, latest({ clicks: 0 })], latestDay)).toEqual([]);
    const afterwards = { ...latest({}), day: '2026-03-11', impressions: 0 };
    expect(detectKpiAnomalies([...baseline(), latest({}), afterwards], latestDay)).toEqual([]);
  });

  it('skips the rate rules on a day too small to judge', () => {
    expect(
      detectKpiAnomalies([...baseline(), latest({ impressions: 50, clicks: 0 })], latestDay),
    ).toEqual([]);
  });

  it('words the alert with the metrics in the title', () => {
    const anomalies = detectKpiAnomalies(
      [...baseline(), latest({ clicks: 4, costMinor: 10_000 })],
      latestDay,
    );
    const notice = describeKpiAnomalies('Cold brew launch', latestDay, 'USD', anomalies, {
      locale: 'en',
    });
    expect(notice.title).toBe('KPI anomaly in Cold brew launch: CTR, Spend');
    expect(notice.body).toBe(
      'CTR 0.40% on Mar 10, 2026, 80% below the 2.00% of the 7 days before.\n' +
        'Spend $100.00 on Mar 10, 2026, 100% above the $50.00 a day before.',
    );
    const spanish = describeKpiAnomalies('Cold brew launch', latestDay, 'USD', anomalies, {
      locale: 'es',
    });
    expect(spanish.title).toBe('Anomalía de KPI en Cold brew launch: CTR, Gasto');
    expect(spanish.body.replace(/[\u00a0\u202f]/g, ' ')).toBe(
      'CTR de 0,40 % el 10 mar 2026, un 80 % por debajo del 2,00 % de los 7 días anteriores.\n' +
        'Gasto de 100,00 US$ el 10 mar 2026, un 100 % por encima de los 50,00 US$ diarios anteriores.',
    );
  });
});
