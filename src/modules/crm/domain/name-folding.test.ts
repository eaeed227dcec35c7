import { describe, expect, it } from 'vitest';
import { accentedLetters, foldName, plainLetters } from './name-folding.js';

describe('name folding', () => {
  it('finds María by maria and José by JOSE', () => {
    expect(foldName('María')).toBe(foldName('maria'));
    expect(foldName('José')).toBe(foldName('JOSE'));
    expect(foldName('  Núñez ')).toBe('nunez');
  });

  it('maps each accented letter to its base letter, as Unicode decomposition does', () => {
    expect([...plainLetters]).toHaveLength([...accentedLetters].length);
    // Letters with a stroke or without a dot have no decomposition; the map names them.
    const undecomposable = new Set([...'ĐđĦħıĿŀŁłØøŦŧ']);
    for (const letter of accentedLetters) {
      if (undecomposable.has(letter)) continue;
      const decomposed = letter.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
      expect(foldName(letter), letter).toBe(decomposed);
    }
    expect(foldName('Łódź Øresund')).toBe('lodz oresund');
  });
});
