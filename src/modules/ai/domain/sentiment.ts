import type { ChatMessage, TokenUsage } from './provider.js';

/** Languages the sentiment classifier knows (the offline lexicon has Spanish and English). */
export const sentimentLanguages = ['es', 'en'] as const;
export type SentimentLanguage = (typeof sentimentLanguages)[number];
export type SentimentLabel = 'positive' | 'negative' | 'neutral';

export interface SentimentScore {
  /** −1 (very negative) to 1 (very positive). */
  score: number;
  label: SentimentLabel;
}

export interface SentimentRequest {
  /** Short texts (comments, replies): at most `maxSentimentTexts`, each up to 2,000 characters. */
  texts: string[];
  language: SentimentLanguage;
}

export interface SentimentResult {
  /** One score per text, in the order given. */
  scores: SentimentScore[];
  model: string;
  usage: TokenUsage;
}

export const maxSentimentTexts = 200;
export const maxSentimentTextLength = 2000;

/** Scores within ±0.05 of zero are neutral (the usual cut for compound lexicon scores). */
export function sentimentLabel(score: number): SentimentLabel {
  return score >= 0.05 ? 'positive' : score <= -0.05 ? 'negative' : 'neutral';
}

/** The prompt for an LLM provider: numbered texts in, `{"scores": [..]}` out. */
export function sentimentMessages(request: SentimentRequest): ChatMessage[] {
  const language = request.language === 'es' ? 'Spanish' : 'English';
  return [
    {
      role: 'system',
      content:
        'You classify the sentiment of social media comments about an advertisement. ' +
        `The comments are mostly in ${language}. For each numbered comment give a score from -1 ` +
        '(very negative) to 1 (very positive), 0 when neutral or unrelated. Account for negation, ' +
        'sarcasm, intensifiers and emoji. Answer only with a JSON object ' +
        '{"scores": [number, ...]} holding exactly one score per comment, in order.',
    },
    {
      role: 'user',
      content: request.texts.map((text, index) => `${index + 1}. ${text}`).join('\n'),
    },
  ];
}

/** The scores of an LLM's answer, or null when it is not `count` numbers in [−1, 1]. */
export function parseSentimentScores(text: string, count: number): SentimentScore[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^```(?:json)?\s*|\s*```$/g, ''));
  } catch {
    return null;
  }
  const scores = (parsed as { scores?: unknown } | null)?.scores;
  if (!Array.isArray(scores) || scores.length !== count) return null;
  if (!scores.every((value) => typeof value === 'number' && Number.isFinite(value))) return null;
  return (scores as number[]).map((value) => {
    const score = Math.max(-1, Math.min(1, value));
    return { score, label: sentimentLabel(score) };
  });
}
