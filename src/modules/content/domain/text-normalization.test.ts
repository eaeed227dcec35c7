import { describe, expect, it } from 'vitest';
import { findWholeWords, fold, foldWithOffsets, sourceSpan } from './text-normalization.js';

describe('text folding', () => {
  it('lower-cases, strips accents and collapses whitespace', () => {
    expect(fold('  Árbol   ÑANDÚ\tcafé ')).toBe('arbol nandu cafe');
  });

  it('maps folded spans back to the original, across emoji and collapsed spaces', () => {
    const original = '😀 Promoción   ÚNICA';
    const folded = foldWithOffsets(original);
    const at = folded.text.indexOf('promocion unica');
    const span = sourceSpan(folded, at, at + 'promocion unica'.length);
    expect(original.slice(span.start, span.end)).toBe('Promoción   ÚNICA');
  });

  it('finds whole words only', () => {
    expect(findWholeWords('gratis y gratuito, gratis!', 'gratis')).toEqual([0, 19]);
    expect(findWholeWords('engratis', 'gratis')).toEqual([]);
  });
});
