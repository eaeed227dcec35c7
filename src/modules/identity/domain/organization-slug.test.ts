import { describe, expect, it } from 'vitest';
import { slugify } from './organization-slug.js';

describe('organisation slug', () => {
  it('makes a URL-safe handle from a name', () => {
    expect(slugify('Demo Agency!')).toBe('demo-agency');
    expect(slugify('  Café Crème & Co. ')).toBe('cafe-creme-co');
    expect(slugify('***')).toBe('org');
    expect(slugify('x'.repeat(80))).toHaveLength(48);
  });
});
