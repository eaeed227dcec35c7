import { describe, expect, it } from 'vitest';
import { marketingCopyMessages, parseMarketingCopy } from '../../domain/copy-prompt.js';
import { pngSize } from '../../domain/png.js';
import { OfflineProvider } from './offline-provider.js';

const provider = new OfflineProvider({ minMs: 0, maxMs: 0 });

describe('offline provider', () => {
  it('answers a marketing-copy prompt in JSON mode with copy the parser accepts', async () => {
    const messages = marketingCopyMessages({
      product: 'LedgerLite',
      language: 'en',
      channel: 'x',
      objective: 'sales',
    });
    const result = await provider.generateText({ messages, json: true, seed: 4 });
    const copy = parseMarketingCopy(result.text);
    expect(copy?.language).toBe('en');
    expect(copy?.body.length).toBeLessThanOrEqual(280);
    expect(result.usage.tokensIn).toBeGreaterThan(20);
    expect(result.usage.tokensOut).toBeGreaterThan(20);
    expect(result.model).toBe('offline-copywriter-1');
  });

  it('answers a free-form Spanish request in Spanish', async () => {
    const result = await provider.generateText({
      messages: [
        {
          role: 'user',
          content: 'Escribe un anuncio sobre nuestras zapatillas de trail para la temporada',
        },
      ],
    });
    expect(result.text).toContain('Titulares:');
    expect(result.text.toLowerCase()).toContain('zapatillas de trail');
  });

  it('renders a real PNG banner at the requested size', async () => {
    const image = await provider.generateImage({
      prompt: 'Spring sale on specialty coffee. Fresh roasts every week.',
      width: 1200,
      height: 628,
      brand: { name: 'Aurora', colors: ['#6b3e26', '#c08552'] },
    });
    expect(image.png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(pngSize(image.png)).toEqual({ width: 1200, height: 628 });
    expect(image.png.length).toBeGreaterThan(5_000);
    const square = await provider.generateImage({ prompt: 'Hola', width: 320, height: 320 });
    expect(pngSize(square.png)).toEqual({ width: 320, height: 320 });
  });

  it('embeds texts into unit vectors of a fixed size', async () => {
    const result = await provider.embed({ texts: ['one text', 'another text'] });
    expect(result.dimensions).toBe(256);
    expect(result.vectors).toHaveLength(2);
    const norm = Math.hypot(...(result.vectors[0] ?? []));
    expect(norm).toBeCloseTo(1, 6);
  });
});
