import { describe, expect, it } from 'vitest';
import type { DeliverableAd } from './channel-adapter.js';
import {
  fromMetaAmount,
  metaObjective,
  metaTargeting,
  metricsFromInsights,
  minorUnitDecimals,
  toMetaBudget,
} from './meta-mapping.js';

const ad = (targeting: Partial<DeliverableAd['adSet']['targeting']>, channel = 'facebook') =>
  ({
    channel,
    markets: [{ country: 'CR', city: '' }],
    adSet: {
      targeting: {
        ageMin: 18,
        ageMax: 65,
        genders: [],
        countries: [],
        cities: [],
        languages: [],
        interests: [],
        ...targeting,
      },
    },
  }) as unknown as DeliverableAd;

describe('Meta mapping', () => {
  it('sends budgets in the integer Meta expects per currency', () => {
    expect(toMetaBudget(50_000, 'USD')).toBe(50_000);
    expect(toMetaBudget(5_000, 'JPY')).toBe(5_000);
    // Colones: ISO has cents, Meta takes whole colones.
    expect(toMetaBudget(1_000_000, 'CRC')).toBe(10_000);
    // Every currency of Meta's table with offset 1: whatever our minor unit (CLDR's digits, as
    // Intl gives them: COP, HUF and IDR have none there), Meta gets whole units.
    for (const currency of [
      'CLP',
      'COP',
      'CRC',
      'HUF',
      'IDR',
      'ISK',
      'JPY',
      'KRW',
      'PYG',
      'TWD',
      'VND',
    ])
      expect(toMetaBudget(1234 * 10 ** minorUnitDecimals(currency), currency), currency).toBe(1234);
    // Offset 100 (two decimals at Meta too): cents stay cents.
    for (const currency of ['MXN', 'EUR', 'INR', 'BRL', 'GTQ'])
      expect(toMetaBudget(123_456, currency), currency).toBe(123_456);
    expect(fromMetaAmount('12.34', 'USD')).toBe(1234);
    expect(fromMetaAmount('500', 'JPY')).toBe(500);
    expect(fromMetaAmount(undefined, 'USD')).toBe(0);
  });

  it('maps objectives to ODAX and says which targeting it cannot express', () => {
    expect(metaObjective('sales')).toBe('OUTCOME_SALES');
    expect(metaObjective('awareness')).toBe('OUTCOME_AWARENESS');
    const mapped = metaTargeting(
      ad(
        {
          ageMax: 80,
          genders: ['female', 'other'],
          cities: [{ country: 'PA', city: 'Panamá' }],
          interests: ['cycling'],
        },
        'instagram',
      ),
    );
    expect(mapped.targeting).toEqual({
      geo_locations: { countries: ['CR', 'PA'] },
      age_min: 18,
      age_max: 65,
      genders: [2],
      publisher_platforms: ['instagram'],
    });
    expect(mapped.notExpressed).toEqual([
      'gender "other"',
      'age_max 80 (Meta: 65 means 65+)',
      'cities (targeted as their countries)',
      'interests without a Meta match: cycling',
    ]);
  });

  it('sends the interests Meta found, once each, and names those it did not', () => {
    const mapped = metaTargeting(
      ad({ interests: ['cycling', 'bicycles', 'underwater chess'] }),
      new Map([
        ['cycling', { id: '6003371567474', name: 'Cycling' }],
        ['bicycles', { id: '6003371567474', name: 'Cycling' }],
      ]),
    );
    expect(mapped.targeting.flexible_spec).toEqual([
      { interests: [{ id: '6003371567474', name: 'Cycling' }] },
    ]);
    expect(mapped.notExpressed).toEqual(['interests without a Meta match: underwater chess']);
  });

  it('turns daily country insights into metrics rows, summing repeated rows', () => {
    const rows = metricsFromInsights(
      [
        {
          date_start: '2026-12-01',
          country: 'CR',
          impressions: '100',
          reach: '80',
          clicks: '5',
          spend: '1.50',
          actions: [
            { action_type: 'post_engagement', value: '9' },
            { action_type: 'purchase', value: '1' },
            { action_type: 'offsite_conversion.fb_pixel_purchase', value: '1' },
          ],
          action_values: [{ action_type: 'purchase', value: '20' }],
        },
        { date_start: '2026-12-01', country: 'CR', impressions: '10', spend: '0.10' },
        { date_start: '2026-12-02', country: 'unknown', impressions: '3' },
      ],
      'USD',
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      market: { country: 'CR', city: '' },
      day: '2026-12-01',
      metrics: {
        impressions: 110,
        reach: 80,
        clicks: 5,
        reactions: 0,
        interactions: 9,
        exposureSeconds: 0,
        conversions: 1,
        costMinor: 160,
        revenueMinor: 2000,
      },
    });
    expect(rows[1]!.market).toEqual({ country: '', city: '' });
  });
});
