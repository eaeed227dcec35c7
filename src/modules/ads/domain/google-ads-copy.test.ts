import { describe, expect, it } from 'vitest';
import {
  AdCopyTooShortError,
  responsiveSearchAdCopy,
  splitSentences,
  splitText,
} from './google-ads-copy.js';

const copy = {
  headline: 'Volta',
  body: 'Ride electric',
  callToAction: 'Shop now',
  campaignName: 'Spring launch',
  adSetName: 'Riders',
};

describe('Responsive Search Ad copy', () => {
  it('cuts text at word boundaries into pieces that fit, dropping dangling punctuation', () => {
    expect(splitText('Volta electric bikes for the whole city', 30)).toEqual([
      'Volta electric bikes for the',
      'whole city',
    ]);
    expect(splitText('Fast, light -  and quiet', 12)).toEqual(['Fast, light', 'and quiet']);
    expect(splitText('Supercalifragilistic', 8)).toEqual(['Supercal', 'ifragili', 'stic']);
  });

  it('packs whole sentences into descriptions and splits only a sentence that is too long', () => {
    expect(splitSentences('One. Two! Three?', 90)).toEqual(['One. Two! Three?']);
    expect(splitSentences('First sentence here. Second one.', 21)).toEqual([
      'First sentence here.',
      'Second one.',
    ]);
  });

  it('builds at least 3 distinct headlines of ≤ 30 characters and 2 descriptions of ≤ 90', () => {
    const ad = responsiveSearchAdCopy(copy);
    expect(ad.headlines).toEqual([
      { text: 'Volta' },
      { text: 'Shop now' },
      { text: 'Ride electric' },
      { text: 'Spring launch' },
      { text: 'Riders' },
    ]);
    expect(ad.descriptions).toEqual([{ text: 'Ride electric' }, { text: 'Volta. Shop now' }]);
  });

  it('pins the pieces of a headline or body that had to be split, so Google keeps their order', () => {
    const body =
      'Ride electric from 19 USD a month with free service for a year, delivery in 48 hours and a test ride at home. Cancel any time.';
    const ad = responsiveSearchAdCopy({
      ...copy,
      headline: 'Volta electric bikes for the whole city',
      body,
    });
    expect(ad.headlines.slice(0, 2)).toEqual([
      { text: 'Volta electric bikes for the', pinnedField: 'HEADLINE_1' },
      { text: 'whole city', pinnedField: 'HEADLINE_2' },
    ]);
    expect(ad.headlines[2]).toEqual({ text: 'Shop now' });
    expect(ad.descriptions.slice(0, 2).map((d) => d.pinnedField)).toEqual([
      'DESCRIPTION_1',
      'DESCRIPTION_2',
    ]);
    expect(ad.headlines.every((h) => h.text.length <= 30)).toBe(true);
    expect(ad.descriptions.every((d) => d.text.length <= 90)).toBe(true);
    expect(ad.headlines.length).toBeLessThanOrEqual(15);
    expect(ad.descriptions.length).toBeLessThanOrEqual(4);
  });

  it('does not repeat a headline (Google refuses duplicates) and refuses copy too thin to fill one ad', () => {
    const ad = responsiveSearchAdCopy({ ...copy, callToAction: 'volta', campaignName: 'Volta' });
    const texts = ad.headlines.map((h) => h.text.toLowerCase());
    expect(new Set(texts).size).toBe(texts.length);
    expect(() =>
      responsiveSearchAdCopy({
        headline: 'Go',
        body: '',
        callToAction: 'Go',
        campaignName: 'go',
        adSetName: 'GO',
      }),
    ).toThrow(AdCopyTooShortError);
  });
});
