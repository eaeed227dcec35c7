import { describe, expect, it } from 'vitest';
import { demoImage, demoImageCount } from './demo-library.js';

describe('demo media library', () => {
  it('composes distinct descriptions with hashtags, deterministically', () => {
    const items = Array.from({ length: demoImageCount }, (_, i) => demoImage(i));
    expect(new Set(items.map((i) => i.description)).size).toBe(demoImageCount);
    expect(demoImage(7)).toEqual(items[7]);
    for (const item of items) {
      expect(item.hashtags).toHaveLength(5);
      expect(item.description.toLowerCase()).toContain(item.title.toLowerCase().split(' ')[0]!);
    }
  });
});
