import { describe, expect, it } from 'vitest';
import { checkImageFormat, checkTextFormat } from './format-check.js';

describe('per-channel format checks', () => {
  it('reports a body over the channel limit, counting code points', () => {
    const findings = checkTextFormat('x', { headline: 'Short', body: 'é'.repeat(281) });
    expect(findings).toEqual([
      expect.objectContaining({ kind: 'text_too_long', field: 'body', limit: 280, actual: 281 }),
    ]);
    expect(checkTextFormat('x', { body: '😀'.repeat(280) })).toEqual([]);
  });

  it('applies a brand kit limit tighter than the platform one', () => {
    expect(
      checkTextFormat('instagram', { body: 'a'.repeat(150) }, { instagram: 120 }),
    ).toMatchObject([{ field: 'body', limit: 120 }]);
  });

  it('checks headlines against the channel headline limit', () => {
    expect(checkTextFormat('google_ads', { headline: 'a'.repeat(31), body: 'ok' })).toMatchObject([
      { field: 'headline', limit: 30 },
    ]);
  });

  it('accepts the channel aspect ratios within tolerance and reports others', () => {
    expect(checkImageFormat('facebook', { width: 1200, height: 628 })).toEqual([]);
    expect(checkImageFormat('instagram', { width: 1080, height: 1350 })).toEqual([]);
    expect(checkImageFormat('tiktok', { width: 1200, height: 628 })).toMatchObject([
      { kind: 'aspect_ratio' },
    ]);
    expect(checkImageFormat('web', { width: 300, height: 1000 })).toEqual([]);
  });
});
