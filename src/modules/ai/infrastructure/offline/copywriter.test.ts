import { describe, expect, it } from 'vitest';
import {
  copyChannels,
  copyLanguages,
  copyTones,
  headlineLimits,
  seoLimits,
  type CopyBrief,
} from '../../domain/marketing-copy.js';
import { writeMarketingCopy } from './copywriter.js';

const coffee: CopyBrief = {
  product: 'Café Aurora',
  description: 'Café de especialidad tostado cada semana en Valencia',
  audience: 'amantes del café',
  language: 'es',
  tone: 'friendly',
  channel: 'instagram',
  objective: 'sales',
  benefits: ['Envío gratis en 24 horas', 'granos de origen único'],
  brandName: 'Aurora Roasters',
};

const ledger: CopyBrief = {
  product: 'LedgerLite',
  audience: 'small business owners',
  language: 'en',
  tone: 'professional',
  channel: 'linkedin',
  objective: 'leads',
  benefits: ['invoices sent in one click', 'real-time cash flow'],
};

describe('offline copywriter', () => {
  it('writes Spanish copy from a Spanish brief, naming the product and its benefits', () => {
    const copy = writeMarketingCopy(coffee, 1);
    expect(copy.language).toBe('es');
    expect(copy.headlines).toHaveLength(3);
    expect(copy.body).toContain('Café Aurora');
    expect(copy.body.toLowerCase()).toContain('envío gratis en 24 horas');
    expect(copy.hashtags).toContain('#CafeAurora');
    expect(copy.seo.faq[0]?.question).toBe('¿Qué es Café Aurora?');
    expect(copy.seo.faq[0]?.answer).toContain(
      'Café de especialidad tostado cada semana en Valencia.',
    );
  });

  it('writes English copy from an English brief', () => {
    const copy = writeMarketingCopy(ledger, 1);
    expect(copy.language).toBe('en');
    expect(copy.body).toContain('LedgerLite');
    expect(copy.seo.faq.map((entry) => entry.question)).toContain('Who is LedgerLite for?');
    expect(copy.seo.keywords).toContain('ledgerlite for small business owners');
  });

  it('is deterministic for a brief and seed, and varies with the seed', () => {
    expect(writeMarketingCopy(coffee, 7)).toEqual(writeMarketingCopy(coffee, 7));
    const variants = new Set(
      [1, 2, 3, 4, 5, 6].map((seed) => JSON.stringify(writeMarketingCopy(coffee, seed))),
    );
    expect(variants.size).toBeGreaterThan(3);
  });

  it('changes its voice with the tone', () => {
    const calm = writeMarketingCopy({ ...ledger, tone: 'professional' }, 3);
    const urgent = writeMarketingCopy({ ...ledger, tone: 'urgent' }, 3);
    expect(calm.headlines).not.toEqual(urgent.headlines);
    expect(calm.body).not.toEqual(urgent.body);
  });

  it('respects SEO and channel limits and fills every slot, for every language, tone and channel', () => {
    for (const language of copyLanguages) {
      for (const tone of copyTones) {
        for (const channel of copyChannels) {
          const brief: CopyBrief = {
            ...(language === 'es' ? coffee : ledger),
            language,
            tone,
            channel,
            product: 'An Extraordinarily Long Product Name For Testing Limits',
            variants: 5,
          };
          const copy = writeMarketingCopy(brief, 11);
          const all = JSON.stringify(copy);
          expect(all).not.toMatch(/\{\w+\}|undefined|lorem/i);
          expect(copy.seo.title.length).toBeLessThanOrEqual(seoLimits.title);
          expect(copy.seo.metaDescription.length).toBeLessThanOrEqual(seoLimits.metaDescription);
          expect(copy.headlines.length).toBeGreaterThan(0);
          for (const headline of copy.headlines) {
            expect(headline.length).toBeLessThanOrEqual(headlineLimits[channel]);
          }
          if (channel === 'x') expect(copy.body.length).toBeLessThanOrEqual(280);
          if (channel === 'google_ads') expect(copy.body.length).toBeLessThanOrEqual(90);
        }
      }
    }
  });

  it('writes usable copy from nothing but a product name', () => {
    const copy = writeMarketingCopy({ product: 'Gimnasio Titán', language: 'es' });
    expect(copy.body).toContain('Gimnasio Titán');
    expect(copy.callToAction.length).toBeGreaterThan(3);
    expect(copy.seo.faq.length).toBeGreaterThanOrEqual(3);
  });

  it('uses "e" instead of "y" before a word starting with an i sound', () => {
    const copy = writeMarketingCopy(
      { ...coffee, benefits: ['granos de origen único', 'ideas para regalar'] },
      1,
    );
    expect(copy.seo.faq.map((entry) => entry.answer).join(' ')).toContain(
      'granos de origen único e ideas para regalar',
    );
  });
});
