import type { TokenUsage } from './provider.js';

/**
 * List prices, in micro-USD (1 USD = 1,000,000), per million tokens or per image. Dated figures
 * from the providers' public price pages (2025); edit here when they change. A model matches the
 * longest entry that prefixes its name, so dated snapshots (`gpt-4o-mini-2024-07-18`) are priced
 * like their family. Unknown models (custom Azure deployment names, local models) cost 0 and are
 * reported as unpriced rather than guessed.
 */
interface TokenPrice {
  kind: 'tokens';
  inputPerMillion: number;
  outputPerMillion: number;
}

interface ImagePrice {
  kind: 'image';
  square: number;
  other: number;
}

type Price = TokenPrice | ImagePrice;

const tokens = (inputUsd: number, outputUsd: number): TokenPrice => ({
  kind: 'tokens',
  inputPerMillion: Math.round(inputUsd * 1_000_000),
  outputPerMillion: Math.round(outputUsd * 1_000_000),
});

const image = (squareUsd: number, otherUsd: number): ImagePrice => ({
  kind: 'image',
  square: Math.round(squareUsd * 1_000_000),
  other: Math.round(otherUsd * 1_000_000),
});

export const priceTable: Readonly<Record<string, Price>> = {
  'gpt-4o': tokens(2.5, 10),
  'gpt-4o-mini': tokens(0.15, 0.6),
  'gpt-4.1': tokens(2, 8),
  'gpt-4.1-mini': tokens(0.4, 1.6),
  'gpt-4.1-nano': tokens(0.1, 0.4),
  'gpt-5': tokens(1.25, 10),
  'gpt-5-mini': tokens(0.25, 2),
  'gpt-5-nano': tokens(0.05, 0.4),
  'gpt-3.5-turbo': tokens(0.5, 1.5),
  'text-embedding-3-small': tokens(0.02, 0),
  'text-embedding-3-large': tokens(0.13, 0),
  'text-embedding-ada-002': tokens(0.1, 0),
  'dall-e-3': image(0.04, 0.08),
  'dall-e-2': image(0.02, 0.02),
  'gpt-image-1': image(0.042, 0.063),
  // The built-in generators run on this machine: free, but still logged.
  'offline-': tokens(0, 0),
};

export function priceOf(model: string): Price | undefined {
  const name = model.toLowerCase();
  let best: string | undefined;
  for (const key of Object.keys(priceTable)) {
    if (name.startsWith(key) && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : priceTable[best];
}

export interface Cost {
  micros: number;
  priced: boolean;
}

/** Cost of a text or embedding call, rounded up to the next micro-USD. */
export function tokenCost(model: string, usage: TokenUsage): Cost {
  const price = priceOf(model);
  if (!price || price.kind !== 'tokens') return { micros: 0, priced: false };
  const scaled = usage.tokensIn * price.inputPerMillion + usage.tokensOut * price.outputPerMillion;
  return { micros: Math.ceil(scaled / 1_000_000), priced: true };
}

/** Cost of one generated image: providers price per image by size class. */
export function imageCost(model: string, width: number, height: number): Cost {
  const price = priceOf(model);
  if (!price) return { micros: 0, priced: false };
  if (price.kind === 'tokens') return { micros: 0, priced: true };
  return { micros: width === height ? price.square : price.other, priced: true };
}
