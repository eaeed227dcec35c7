import { describe, expect, it } from 'vitest';
import type { DeliverableAd } from './channel-adapter.js';
import {
  fromLinkedInAmount,
  linkedinGoal,
  linkedinTargeting,
  linkedinTextAd,
  metricsFromLinkedInAnalytics,
  restliDate,
  toLinkedInAmount,
} from './linkedin-mapping.js';

const ad = (targeting: Partial<DeliverableAd['adSet']['targeting']>, language = 'en') =>
  ({
    channel: 'linkedin',
    language,
    headline: 'A headline well over twenty-five characters',
    body: 'b'.repeat(80),
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

const geos = new Map([
  ['CR', 'urn:li:geo:101739942'],
  ['US', 'urn:li:geo:103644278'],
]);
const interests = new Map([['cycling', 'urn:li:interest:651']]);

describe('LinkedIn mapping', () => {
  it('writes money as a decimal string in major units and reads it back', () => {
    expect(toLinkedInAmount(50_050, 'USD')).toBe('500.50');
    expect(toLinkedInAmount(5_000, 'JPY')).toBe('5000');
    expect(fromLinkedInAmount('12.34', 'USD')).toBe(1234);
    expect(fromLinkedInAmount(undefined, 'USD')).toBe(0);
    expect(restliDate('2026-12-07')).toBe('(year:2026,month:12,day:7)');
  });

  it('maps awareness to brand awareness and everything else to website visits', () => {
    expect(linkedinGoal('awareness')).toMatchObject({
      objectiveType: 'BRAND_AWARENESS',
      costType: 'CPM',
    });
    expect(linkedinGoal('sales')).toMatchObject({
      objectiveType: 'WEBSITE_VISIT',
      costType: 'CPC',
    });
  });

  it('sends no age facet for everyone, and keeps text ads within LinkedIn’s limits', () => {
    const all = linkedinTargeting(ad({}), geos, interests);
    expect(all.targetingCriteria.include.and).toEqual([
      { or: { 'urn:li:adTargetingFacet:locations': ['urn:li:geo:101739942'] } },
    ]);
    expect(all.locale).toEqual({ country: 'US', language: 'en' });
    expect(all.notExpressed).toEqual([]);
    const text = linkedinTextAd(ad({}), 'https://x.test');
    expect(text.headline).toHaveLength(25);
    expect(text.description).toHaveLength(75);
  });

  it('widens ages to LinkedIn’s ranges and says what it cannot express', () => {
    const narrow = linkedinTargeting(
      ad(
        {
          ageMin: 16,
          ageMax: 30,
          genders: ['female', 'other'],
          countries: ['US', 'ZZ'],
          cities: [{ country: 'CR', city: 'San José' }],
          languages: ['es', 'sw'],
          interests: ['Cycling', 'Knitting'],
        },
        'es',
      ),
      geos,
      interests,
    );
    expect(narrow.targetingCriteria.include.and).toEqual([
      {
        or: {
          'urn:li:adTargetingFacet:locations': ['urn:li:geo:103644278', 'urn:li:geo:101739942'],
        },
      },
      {
        or: {
          'urn:li:adTargetingFacet:ageRanges': [
            'urn:li:ageRange:(18,24)',
            'urn:li:ageRange:(25,34)',
          ],
        },
      },
      { or: { 'urn:li:adTargetingFacet:genders': ['urn:li:gender:FEMALE'] } },
      { or: { 'urn:li:adTargetingFacet:interfaceLocales': ['urn:li:locale:es_ES'] } },
      { or: { 'urn:li:adTargetingFacet:interests': ['urn:li:interest:651'] } },
    ]);
    expect(narrow.locale).toEqual({ country: 'ES', language: 'es' });
    expect(narrow.notExpressed).toEqual([
      'cities (targeted as their countries)',
      'country ZZ (no LinkedIn geo for it)',
      "ages 16–30 (widened to LinkedIn's age ranges)",
      'ages under 18 (LinkedIn members are 18 and over)',
      'gender "other"',
      'language sw (no LinkedIn interface locale)',
      'interest "Knitting" (no LinkedIn interest of that name)',
    ]);
  });

  it('turns analytics elements into metrics per day and country', () => {
    const rows = metricsFromLinkedInAnalytics(
      [
        {
          dateRange: { start: { year: 2026, month: 12, day: 7 } },
          pivotValues: ['urn:li:geo:101739942'],
          impressions: 100,
          clicks: 4,
          costInLocalCurrency: '1.5',
          likes: 2,
          totalEngagements: 9,
          externalWebsiteConversions: 1,
          conversionValueInLocalCurrency: '20',
        },
        {
          dateRange: { start: { year: 2026, month: 12, day: 7 } },
          pivotValues: ['urn:li:geo:1'],
          impressions: 5,
        },
        { pivotValues: ['urn:li:geo:101739942'], impressions: 9 },
      ],
      new Map([['urn:li:geo:101739942', 'CR']]),
      'USD',
    );
    expect(rows).toEqual([
      {
        market: { country: 'CR', city: '' },
        day: '2026-12-07',
        metrics: {
          impressions: 100,
          reach: 0,
          clicks: 4,
          reactions: 2,
          interactions: 9,
          exposureSeconds: 0,
          conversions: 1,
          costMinor: 150,
          revenueMinor: 2000,
        },
      },
      expect.objectContaining({ market: { country: '', city: '' }, day: '2026-12-07' }),
    ]);
  });
});
