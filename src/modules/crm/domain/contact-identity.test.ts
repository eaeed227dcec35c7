import { describe, expect, it } from 'vitest';
import {
  classifyLead,
  nameKey,
  nameSimilarity,
  normaliseEmailAddress,
  normalisePhone,
  similarNameThreshold,
} from './contact-identity.js';

describe('contact identity', () => {
  it('normalises emails and phones to their look-up form', () => {
    expect(normaliseEmailAddress('  Ana.Gomez@Example.COM ')).toBe('ana.gomez@example.com');
    expect(normalisePhone('+506 8888-1234')).toBe('+50688881234');
    expect(normalisePhone('0050688881234')).toBe('+50688881234');
    expect(normalisePhone('(555) 010.2030')).toBe('5550102030');
    expect(normalisePhone('12-34')).toBeUndefined();
    expect(normalisePhone('+1234567890123456')).toBeUndefined();
  });

  it('classifies a purchase as hot, a reachable or attributed lead as warm, the rest cold', () => {
    const base = { source: 'ads', hasEmail: true, hasPhone: false, attributedToCampaign: false };
    expect(classifyLead({ ...base, conversionKind: 'purchase' })).toBe('hot');
    expect(classifyLead({ ...base, conversionKind: 'lead', conversionValueMinor: 500 })).toBe(
      'hot',
    );
    expect(classifyLead({ ...base, hasPhone: true })).toBe('warm');
    expect(classifyLead({ ...base, attributedToCampaign: true })).toBe('warm');
    expect(classifyLead(base)).toBe('cold');
    expect(classifyLead({ ...base, hasEmail: false, attributedToCampaign: true })).toBe('cold');
  });

  it('compares names without case, accents or punctuation', () => {
    expect(nameKey('  José ', 'Pérez-Ávila')).toBe('jose perez avila');
    expect(nameSimilarity('José Pérez', 'jose perez')).toBe(1);
    expect(nameSimilarity('Jose Perez', 'Jose Peres')).toBeGreaterThanOrEqual(similarNameThreshold);
    expect(nameSimilarity('Jose Perez', 'Maria Lopez')).toBeLessThan(similarNameThreshold);
    expect(nameSimilarity('', 'Maria')).toBe(0);
  });
});
