import { describe, expect, it } from 'vitest';
import { marketingCopyMessages } from './copy-prompt.js';

describe('the marketing copy prompt', () => {
  it('asks the model to write in the language of the brief', () => {
    const brief = { product: 'Café Aurora cold brew', audience: 'Oficinistas', variants: 2 };
    const spanish = marketingCopyMessages({ ...brief, language: 'es' })[0]!.content;
    expect(spanish).toContain('Write in Spanish');
    expect(marketingCopyMessages({ ...brief, language: 'en' })[0]!.content).toContain(
      'Write in English',
    );
  });
});
