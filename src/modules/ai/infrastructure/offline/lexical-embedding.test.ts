import { describe, expect, it } from 'vitest';
import { cosineSimilarity, lexicalEmbedding } from './lexical-embedding.js';

describe('lexical embeddings', () => {
  it('puts texts that share words and word forms closer than unrelated texts', () => {
    const query = lexicalEmbedding('zapatillas de running para mujer');
    const similar = lexicalEmbedding('Zapatilla running mujer, ligera y transpirable');
    const unrelated = lexicalEmbedding('software de facturación para pymes');
    expect(cosineSimilarity(query, similar)).toBeGreaterThan(
      cosineSimilarity(query, unrelated) + 0.2,
    );
  });

  it('ignores case and accents', () => {
    expect(
      cosineSimilarity(lexicalEmbedding('Café Aurora'), lexicalEmbedding('cafe aurora')),
    ).toBeCloseTo(1, 6);
  });

  it('is deterministic and L2-normalised; empty text is the zero vector', () => {
    expect(lexicalEmbedding('banner de verano')).toEqual(lexicalEmbedding('banner de verano'));
    const vector = lexicalEmbedding('banner de verano');
    expect(Math.hypot(...vector)).toBeCloseTo(1, 6);
    expect(lexicalEmbedding('  ').every((value) => value === 0)).toBe(true);
  });

  it('is lexical, not semantic: synonyms with no shared letters stay far apart', () => {
    expect(
      cosineSimilarity(lexicalEmbedding('sneakers'), lexicalEmbedding('trainers')),
    ).toBeLessThan(0.5);
  });
});
