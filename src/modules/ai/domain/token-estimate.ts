/**
 * Token count estimate for providers that do not report one (the offline generators): about four
 * characters per token for English and Spanish prose with the common BPE vocabularies, never less
 * than one per word. Good enough for usage reports, not for billing a real provider.
 */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  const words = text.split(/\s+/).filter(Boolean).length;
  return Math.max(words, Math.ceil(text.length / 4));
}
