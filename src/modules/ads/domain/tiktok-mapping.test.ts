import { describe, expect, it } from 'vitest';
import type { DeliverableAd } from './channel-adapter.js';
import {
  fromTikTokAmount,
  metricsFromTikTokReport,
  tiktokCallToAction,
  tiktokGoal,
  tiktokTargeting,
  toTikTokBudget,
} from './tiktok-mapping.js';

const ad = (targeting: Partial<DeliverableAd['adSet']['targeting']>) =>
  ({
    channel: 'tiktok',
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

const regions = new Map([
  ['CR', '3624060'],
  ['US', '6252001'],
]);
const interests = new Map([['cycling', '15001000000']]);

describe('TikTok mapping', () => {
  it('sends budgets in major units with the currency’s decimals, and reads spend back', () => {
    expect(toTikTokBudget(50_050, 'USD')).toBe(500.5);
    expect(toTikTokBudget(5_000, 'JPY')).toBe(5_000);
    expect(toTikTokBudget(1_234_567, 'KWD')).toBe(1234.567);
    expect(fromTikTokAmount('12.34', 'USD')).toBe(1234);
    expect(fromTikTokAmount('500', 'JPY')).toBe(500);
    expect(fromTikTokAmount('n/a', 'USD')).toBe(0);
  });

  it('pairs each objective with an optimisation goal and billing event', () => {
    expect(tiktokGoal('traffic')).toEqual({
      objectiveType: 'TRAFFIC',
      optimizationGoal: 'CLICK',
      billingEvent: 'CPC',
    });
    expect(tiktokGoal('awareness').objectiveType).toBe('REACH');
    expect(tiktokGoal('leads').objectiveType).toBe('LEAD_GENERATION');
    expect(tiktokCallToAction(' Shop now ')).toBe('SHOP_NOW');
    expect(tiktokCallToAction('Pedir')).toBe('LEARN_MORE');
  });

  it('widens ages to TikTok’s groups and says what it cannot express', () => {
    const exact = tiktokTargeting(
      ad({ ageMin: 25, ageMax: 44, genders: ['male'] }),
      regions,
      interests,
    );
    expect(exact).toMatchObject({
      location_ids: ['3624060'],
      age_groups: ['AGE_25_34', 'AGE_35_44'],
      gender: 'GENDER_MALE',
      notExpressed: [],
    });
    const wide = tiktokTargeting(
      ad({
        ageMin: 30,
        ageMax: 70,
        genders: ['male', 'female', 'other'],
        countries: ['US', 'ZZ'],
        cities: [{ country: 'CR', city: 'San José' }],
        interests: ['Cycling', 'Knitting'],
        languages: ['ES'],
      }),
      regions,
      interests,
    );
    expect(wide.location_ids).toEqual(['6252001', '3624060']);
    expect(wide.age_groups).toEqual(['AGE_25_34', 'AGE_35_44', 'AGE_45_54', 'AGE_55_100']);
    expect(wide.gender).toBe('GENDER_UNLIMITED');
    expect(wide.languages).toEqual(['es']);
    expect(wide.interest_category_ids).toEqual(['15001000000']);
    expect(wide.notExpressed).toEqual([
      'cities (targeted as their countries)',
      'country ZZ (TikTok has no location id for it)',
      'ages 30–70 (widened to 25–100)',
      'gender "other"',
      'interest "Knitting" (no TikTok category of that name)',
    ]);
  });

  it('turns report rows into metrics per day and country', () => {
    const rows = metricsFromTikTokReport(
      [
        {
          dimensions: { ad_id: '1', stat_time_day: '2026-12-07 00:00:00', country_code: 'CR' },
          metrics: {
            spend: '1.50',
            impressions: '100',
            clicks: '3',
            likes: '2',
            comments: '1',
            shares: '0',
            conversion: '1',
          },
        },
        {
          dimensions: { ad_id: '1', stat_time_day: '2026-12-07 00:00:00', country_code: 'CR' },
          metrics: { spend: '0.50', impressions: '10' },
        },
        {
          dimensions: { ad_id: '1', stat_time_day: '2026-12-07 00:00:00', country_code: 'None' },
          metrics: { impressions: '5' },
        },
        { dimensions: { ad_id: '1' }, metrics: { impressions: '9' } },
      ],
      'USD',
    );
    expect(rows).toEqual([
      {
        market: { country: 'CR', city: '' },
        day: '2026-12-07',
        metrics: {
          impressions: 110,
          reach: 0,
          clicks: 3,
          reactions: 2,
          interactions: 3,
          exposureSeconds: 0,
          conversions: 1,
          costMinor: 200,
          revenueMinor: 0,
        },
      },
      expect.objectContaining({ market: { country: '', city: '' }, day: '2026-12-07' }),
    ]);
  });
});
