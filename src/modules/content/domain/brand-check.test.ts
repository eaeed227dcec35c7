import { describe, expect, it } from 'vitest';
import { checkBrandText } from './brand-check.js';

const rules = {
  bannedPhrases: ['barato', 'cheap deal', 'Garantía total'],
  approvedClaims: ['el mejor café de Bogotá', '100% arabica'],
};

describe('checkBrandText', () => {
  it('finds banned phrases ignoring case and accents, at their positions in the original', () => {
    const text = 'Café BARATO y con GARANTIA TOTAL. ¡Un cheap   deal!';
    const findings = checkBrandText(text, rules).filter((f) => f.kind === 'banned_phrase');
    expect(findings.map((f) => [f.match, f.start, f.end])).toEqual([
      ['BARATO', 5, 11],
      ['GARANTIA TOTAL', 18, 32],
      ['cheap   deal', 38, 50],
    ]);
    for (const finding of findings)
      expect(text.slice(finding.start, finding.end)).toBe(finding.match);
  });

  it('matches whole words only', () => {
    expect(checkBrandText('Abaratorio y baratos', rules)).toEqual([]);
  });

  it('reports claims that no approved claim covers, and lets approved ones pass', () => {
    const text = 'Servimos el mejor café de Bogotá. Somos los más rápidos del país. 100% arábica.';
    const findings = checkBrandText(text, rules);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'unapproved_claim', match: 'más rápidos' });
    expect(text.slice(findings[0]!.start, findings[0]!.end)).toBe('más rápidos');
  });

  it('treats percentages, number one and guarantees as claims', () => {
    const kinds = checkBrandText('Save 30 % today. We are #1. Guaranteed results.', {
      bannedPhrases: [],
      approvedClaims: [],
    }).map((f) => f.match);
    expect(kinds).toEqual(['30 %', '#1', 'Guaranteed']);
  });

  it('finds nothing in plain copy', () => {
    expect(
      checkBrandText('Fresh coffee for your mornings, delivered to your door.', rules),
    ).toEqual([]);
  });
});
