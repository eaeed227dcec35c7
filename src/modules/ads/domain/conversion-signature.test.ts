import { describe, expect, it } from 'vitest';
import {
  isWithinConversionWindow,
  signConversionBody,
  verifyConversionSignature,
} from './conversion-signature.js';

describe('conversion signatures', () => {
  const body = '{"event_id":"e-1","value_minor":1000}';

  it('accepts the current or previous secret and nothing else', () => {
    const header = signConversionBody('whsec_old', body);
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyConversionSignature(['whsec_new', 'whsec_old'], body, header)).toBe(true);
    expect(verifyConversionSignature(['whsec_new'], body, header)).toBe(false);
    expect(verifyConversionSignature(['whsec_old'], `${body} `, header)).toBe(false);
    expect(verifyConversionSignature(['whsec_old'], body, undefined)).toBe(false);
    expect(verifyConversionSignature(['whsec_old'], body, 'sha256=zz')).toBe(false);
  });

  it('keeps a 48-hour window', () => {
    const now = new Date('2026-01-10T12:00:00Z');
    expect(isWithinConversionWindow(new Date('2026-01-08T13:00:00Z'), now)).toBe(true);
    expect(isWithinConversionWindow(new Date('2026-01-08T11:00:00Z'), now)).toBe(false);
    expect(isWithinConversionWindow(new Date('2026-01-10T13:00:00Z'), now)).toBe(false);
  });
});
