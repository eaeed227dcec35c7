import { describe, expect, it } from 'vitest';
import type { DeliverableAd } from './channel-adapter.js';
import {
  adGroupIdOfAd,
  countryGeoTarget,
  countryOfCriterion,
  fromMicros,
  geographicMetricsQuery,
  googleBidding,
  googleTargeting,
  metricsFromGeographicView,
  toMicros,
} from './google-ads-mapping.js';

const ad = (targeting: Partial<DeliverableAd['adSet']['targeting']> = {}): DeliverableAd => ({
  orgId: 'o',
  adId: 'a',
  channel: 'google_ads',
  dailyBudgetMinor: 5_000,
  currency: 'USD',
  pacing: 'standard',
  markets: [{ country: 'MX', city: '' }],
  headline: 'h',
  body: 'b',
  callToAction: 'c',
  startDate: '2026-12-07',
  language: 'es',
  externalId: null,
  campaign: { id: 'c', name: 'n', objective: 'traffic', endDate: '2026-12-31' },
  adSet: {
    id: 's',
    name: 's',
    dailyBudgetMinor: 5_000,
    endDate: '2026-12-31',
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
  variant: 'A',
  contentAssetId: null,
});

describe('Google Ads mapping', () => {
  it('turns minor units into micros by the currency’s exponent, and back', () => {
    expect(toMicros(5_000, 'USD')).toBe(50_000_000);
    expect(toMicros(3_000, 'JPY')).toBe(3_000_000_000);
    expect(toMicros(1_000, 'KWD')).toBe(1_000_000);
    expect(fromMicros('12340000', 'USD')).toBe(1234);
    expect(fromMicros('12345678', 'USD')).toBe(1235);
    expect(fromMicros('3000000000', 'jpy')).toBe(3000);
    expect(fromMicros(undefined, 'USD')).toBe(0);
  });

  it('names countries by Google’s geo target constants (2000 + ISO numeric) and back', () => {
    expect(countryGeoTarget('US')).toBe('geoTargetConstants/2840');
    expect(countryGeoTarget('cr')).toBe('geoTargetConstants/2188');
    expect(countryGeoTarget('GB')).toBe('geoTargetConstants/2826');
    expect(countryGeoTarget('XX')).toBeUndefined();
    expect(countryOfCriterion('2276')).toBe('DE');
    expect(countryOfCriterion('1014221')).toBe('');
  });

  it('targets the ad set’s countries, else its markets, and says what it cannot express', () => {
    expect(googleTargeting(ad())).toEqual({
      geoTargetConstants: ['geoTargetConstants/2484'],
      notExpressed: [],
    });
    const t = googleTargeting(
      ad({
        countries: ['CR', 'ZZ'],
        cities: [{ country: 'PA', city: 'Panamá' }],
        ageMin: 25,
        ageMax: 70,
        genders: ['female'],
        languages: ['es'],
        interests: ['cycling'],
      }),
    );
    expect(t.geoTargetConstants).toEqual(['geoTargetConstants/2188', 'geoTargetConstants/2591']);
    expect(t.notExpressed).toEqual([
      'country ZZ (no Google geo target)',
      'cities (targeted as their countries)',
      'ages 25–70',
      'genders',
      'languages',
    ]);
  });

  it('bids for conversions on leads and sales, for clicks otherwise', () => {
    expect(googleBidding('sales')).toEqual({ maximizeConversions: {} });
    expect(googleBidding('leads')).toEqual({ maximizeConversions: {} });
    expect(googleBidding('awareness')).toEqual({ targetSpend: {} });
  });

  it('adds up both location types of a country and day, rounding conversions once', () => {
    const rows = metricsFromGeographicView(
      [
        {
          geographicView: { countryCriterionId: '2188', locationType: 'LOCATION_OF_PRESENCE' },
          segments: { date: '2026-12-07' },
          metrics: {
            impressions: '1000',
            clicks: '40',
            costMicros: '12340000',
            conversions: 1.6,
            conversionsValue: 99.5,
          },
        },
        {
          geographicView: { countryCriterionId: '2188', locationType: 'AREA_OF_INTEREST' },
          segments: { date: '2026-12-07' },
          metrics: { impressions: '200', clicks: '5', costMicros: '1000000', conversions: 0.4 },
        },
        { segments: {}, metrics: { impressions: '5' } },
      ],
      'USD',
    );
    expect(rows).toEqual([
      {
        market: { country: 'CR', city: '' },
        day: '2026-12-07',
        metrics: {
          impressions: 1200,
          reach: 0,
          clicks: 45,
          reactions: 0,
          interactions: 0,
          exposureSeconds: 0,
          conversions: 2,
          costMinor: 1334,
          revenueMinor: 9950,
        },
      },
    ]);
  });

  it('builds the GAQL only from ids and dates it has checked', () => {
    expect(geographicMetricsQuery('123', '2026-12-01', '2026-12-07')).toContain(
      "WHERE ad_group.id = 123 AND segments.date BETWEEN '2026-12-01' AND '2026-12-07'",
    );
    expect(() => geographicMetricsQuery('1 OR 1=1', '2026-12-01', '2026-12-07')).toThrow();
    expect(() => geographicMetricsQuery('1', "2026-12-01' OR '", '2026-12-07')).toThrow();
    expect(adGroupIdOfAd('customers/1/adGroupAds/456~789')).toBe('456');
    expect(adGroupIdOfAd('sim-google_ads-x')).toBeUndefined();
  });
});
