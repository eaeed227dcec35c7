import { describe, expect, it } from 'vitest';
import { briefFromMessages, marketingCopyMessages } from '../../domain/copy-prompt.js';
import type { CopyBrief, MarketingCopy } from '../../domain/marketing-copy.js';
import { bannedMatcher, toneOfVoice, writeMarketingCopy } from './copywriter.js';

const ledger: CopyBrief = {
  product: 'LedgerLite',
  audience: 'small business owners',
  language: 'en',
  tone: 'professional',
  channel: 'linkedin',
  objective: 'leads',
  benefits: ['invoices sent in one click'],
};

const allText = (copy: MarketingCopy) =>
  [...copy.headlines, copy.body, copy.callToAction, ...copy.hashtags].join('\n');

describe('brand kit in the offline copywriter', () => {
  it('passes over template phrases the kit bans, keeping the brief’s own words', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const plain = writeMarketingCopy(ledger, seed);
      // Ban what the templates wrote: the call to action and the generic hashtags.
      const generic = plain.hashtags.filter((tag) => !/ledgerlite|invoices/i.test(tag));
      const banned = [plain.callToAction, ...generic.map((tag) => tag.slice(1))];
      const kept = writeMarketingCopy({ ...ledger, bannedPhrases: banned }, seed);
      const matches = bannedMatcher(banned);
      expect(matches(allText(plain))).toBe(true);
      expect(matches(allText(kept)), allText(kept)).toBe(false);
      expect(kept.body).toContain('LedgerLite');
    }
  });

  it('weaves approved claims into the copy', () => {
    const copy = writeMarketingCopy(
      { ...ledger, approvedClaims: ['certified by the Spanish tax agency'] },
      7,
    );
    expect(copy.body.toLowerCase()).toContain('certified by the spanish tax agency');
  });

  it('takes the tone from the brand voice when the brief names none', () => {
    expect(toneOfVoice('Witty and cheeky, never corporate')).toBe('playful');
    expect(toneOfVoice('Formal, expert and precise')).toBe('professional');
    expect(toneOfVoice('Cercana y cálida')).toBe('friendly');
    expect(toneOfVoice('purple')).toBeUndefined();
    const { tone: _tone, ...untoned } = ledger;
    const voiced = writeMarketingCopy({ ...untoned, brandVoice: 'formal and expert' }, 3);
    const toned = writeMarketingCopy({ ...untoned, tone: 'professional' }, 3);
    // Same tone, same brief otherwise: the same templates are in play (not the same seed).
    expect(voiced.headlines.length).toBe(toned.headlines.length);
  });

  it('matches banned phrases ignoring case, accents and separators', () => {
    const matches = bannedMatcher(['Low cost', 'oferta irrepetible']);
    expect(matches('Totally LOW-COST!')).toBe(true);
    expect(matches('una Oferta Irrepetíble')).toBe(true);
    expect(matches('#lowcost')).toBe(true);
    expect(matches('a costly low')).toBe(false);
    expect(bannedMatcher([])('anything')).toBe(false);
  });
});

describe('brand kit in the OpenAI-compatible prompt', () => {
  const brief: CopyBrief = {
    ...ledger,
    brandVoice: 'calm, precise, never pushy',
    approvedClaims: ['used by 2,000 firms'],
    bannedPhrases: ['cheap', 'guaranteed'],
  };

  it('tells the model the voice, the approved claims rule and the banned phrases', () => {
    const [system, user] = marketingCopyMessages(brief);
    expect(system!.content).toContain('calm, precise, never pushy');
    expect(system!.content).toContain('brief.approvedClaims');
    expect(system!.content).toContain('"cheap", "guaranteed"');
    expect(user!.content).toContain('used by 2,000 firms');
  });

  it('carries the kit through the brief block (what the offline provider reads back)', () => {
    expect(briefFromMessages(marketingCopyMessages(brief))).toEqual(brief);
  });

  it('adds no brand rules for a brief without a kit', () => {
    const [system] = marketingCopyMessages(ledger);
    expect(system!.content).not.toContain('brand');
  });
});
