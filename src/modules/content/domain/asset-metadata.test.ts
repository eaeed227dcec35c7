import { describe, expect, it } from 'vitest';
import { normaliseHashtags, searchTextOf } from './asset-metadata.js';

describe('asset metadata', () => {
  it('normalises hashtags to one form, dropping duplicates and empties', () => {
    expect(normaliseHashtags(['#CaféAurora', 'cafeaurora', '##Otoño', '#', 'trail-run'])).toEqual([
      'cafeaurora',
      'otono',
      'trailrun',
    ]);
  });

  it('folds the searchable text', () => {
    expect(
      searchTextOf({ title: 'Café', description: 'Mañana TEMPRANO', hashtags: ['otono'] }),
    ).toBe('cafe manana temprano otono');
  });
});
