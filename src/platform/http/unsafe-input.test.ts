import { describe, expect, it } from 'vitest';
import { findUnsafeInput, maxInputDepth } from './unsafe-input.js';

function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

describe('unsafe input', () => {
  it('finds a NUL character or a lone surrogate and names where it is', () => {
    expect(findUnsafeInput({ a: [{ b: 'x\u0000' }] }, 'body')).toEqual({
      field: 'body.a.0.b',
      message: expect.stringContaining('NUL'),
    });
    expect(findUnsafeInput({ utm: { source: '\ud800' } }, 'body')?.field).toBe('body.utm.source');
    expect(findUnsafeInput({ tail: 'ok\udc00' }, 'query')?.field).toBe('query.tail');
  });

  it('refuses a bad property name without repeating it', () => {
    expect(findUnsafeInput({ meta: { 'k\u0000': 1 } }, 'body')).toEqual({
      field: 'body.meta',
      message: expect.stringContaining('property name'),
    });
  });

  it('accepts paired surrogates (emoji) and ordinary nesting', () => {
    expect(findUnsafeInput({ name: 'Café 🎉', list: nested(maxInputDepth - 1) }, 'body')).toBe(
      undefined,
    );
  });

  it('stops at the depth limit, however deep the input goes, without recursion', () => {
    expect(findUnsafeInput(nested(maxInputDepth + 1), 'body')?.message).toContain('deeper than');
    expect(findUnsafeInput(nested(100_000), 'body')?.message).toContain('deeper than');
  });
});
