import { describe, expect, it } from 'vitest';
import type { MarketingCopy } from '../../ai/index.js';
import { outlineStoryboard, scriptOf } from './storyboard.js';

const copy: MarketingCopy = {
  language: 'en',
  headlines: ['Mornings, sorted', 'Yoga for beginners', 'Start today'],
  body: 'Classes at 7 am before work. Small groups and patient teachers.\n#Yoga',
  callToAction: 'Book a free class',
  hashtags: ['#Yoga'],
  seo: { title: 't', metaDescription: 'm', keywords: [], faq: [] },
};

describe('storyboard', () => {
  it('opens on the headline, shows the body points and closes on the call to action', () => {
    const scenes = outlineStoryboard(copy, {
      type: 'video',
      subject: 'Yoga studio',
      channel: 'tiktok',
      language: 'en',
      variants: 1,
    });
    expect(scenes.map((s) => s.voiceOver)).toEqual([
      'Mornings, sorted',
      'Classes at 7 am before work.',
      'Small groups and patient teachers.',
      'Book a free class',
    ]);
    expect(scenes.reduce((sum, s) => sum + s.durationSeconds, 0)).toBe(15);
    const script = scriptOf(scenes, 'en');
    expect(script).toContain('SCENE 4 (4s)');
    expect(scriptOf(scenes, 'es')).toContain('VOZ: Book a free class');
  });
});
