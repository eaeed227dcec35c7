/**
 * Local embeddings by feature hashing: each word and each character trigram of a text adds ±1 to
 * one of `dimensions` buckets, and the vector is L2-normalised, so cosine similarity = dot product.
 *
 * This is LEXICAL similarity: texts that share words and word fragments ("zapatillas running",
 * "zapatilla para correr") come out close; texts that mean the same with different words
 * ("sneakers" / "trainers") do not. Use a real embedding model for semantic search.
 */
export const lexicalEmbeddingModel = 'offline-lexical-256';
export const lexicalDimensions = 256;

/** Function words carry no topic: left out, they would make any two texts look alike. */
const stopwords = new Set(
  (
    'a al and are as at be by de del el en es for from in is it la las los of on or para por ' +
    'que se the to un una unos unas y with con sin su sus our your you we nuestro nuestra'
  ).split(' '),
);

export function lexicalEmbedding(text: string, dimensions = lexicalDimensions): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words = text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0 && !stopwords.has(word));
  for (const word of words) {
    add(vector, `w:${word}`, 1);
    const padded = `^${word}$`;
    // Trigrams make plurals, inflections and typos land near each other.
    for (let index = 0; index + 3 <= padded.length; index += 1) {
      add(vector, `t:${padded.slice(index, index + 3)}`, 0.5);
    }
  }
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  return norm === 0 ? vector : vector.map((value) => value / norm);
}

export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index += 1) {
    const x = a[index] ?? 0;
    const y = b[index] ?? 0;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

function add(vector: number[], feature: string, weight: number): void {
  // FNV-1a; the top bit chooses the sign so collisions cancel out instead of piling up.
  let hash = 0x811c9dc5;
  for (let index = 0; index < feature.length; index += 1) {
    hash ^= feature.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash >>>= 0;
  const bucket = hash % vector.length;
  vector[bucket] = (vector[bucket] ?? 0) + (hash & 0x80000000 ? -weight : weight);
}
