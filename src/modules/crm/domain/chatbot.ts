import type { DetectedIntent } from './intent.js';

/** Below this similarity an FAQ entry is not taken to answer the question. */
export const answerThreshold = 0.45;

export interface FaqMatch {
  id: string;
  question: string;
  answer: string;
  similarity: number;
}

export type ChatbotDecision =
  | { action: 'answer'; faq: FaqMatch; confidence: number }
  | {
      action: 'handoff';
      reason: 'asked_for_person' | 'purchase_intent' | 'no_answer';
      faq: FaqMatch | null;
      confidence: number;
    };

/**
 * Answer from the FAQ when an entry matches well and the person is not asking for someone or
 * about to buy; otherwise hand the conversation to a person (still acknowledging the message).
 */
export function decide(intent: DetectedIntent, best: FaqMatch | null): ChatbotDecision {
  const confidence = best ? Math.min(1, best.similarity) : 0;
  if (intent.intent === 'human')
    return { action: 'handoff', reason: 'asked_for_person', faq: best, confidence };
  if (intent.intent === 'purchase')
    return { action: 'handoff', reason: 'purchase_intent', faq: best, confidence };
  if (!best || best.similarity < answerThreshold)
    return { action: 'handoff', reason: 'no_answer', faq: best, confidence };
  return { action: 'answer', faq: best, confidence };
}

export type ReplyLanguage = 'es' | 'en';

export function languageOf(text: string): ReplyLanguage {
  const lower = ` ${text.toLowerCase()} `;
  const spanish = [
    ' el ',
    ' la ',
    ' de ',
    ' que ',
    ' para ',
    ' hola ',
    ' quiero ',
    ' cuánto ',
    ' cuanto ',
    ' tienen ',
    ' por ',
    ' con ',
  ].filter((word) => lower.includes(word)).length;
  return /[¿¡ñáéíóú]/.test(lower) || spanish >= 2 ? 'es' : 'en';
}

/**
 * The prompt for the gateway: reply in the customer's language using only the context. The
 * offline provider answers such prompts extractively from the context; a remote model writes
 * its own wording from the same facts.
 */
export function replyPrompt(
  organisation: string,
  message: string,
  decision: ChatbotDecision,
): { role: 'system' | 'user'; content: string }[] {
  const language = languageOf(message);
  const context =
    decision.action === 'answer' ? decision.faq.answer : handoffNote(language, decision.reason);
  return [
    {
      role: 'system',
      content:
        `You are the customer-service assistant of ${organisation}. Reply to the customer's ` +
        `message in ${language === 'es' ? 'Spanish' : 'English'}, in at most three short sentences, ` +
        'using only the facts in the context block below. Do not invent prices, dates or promises.\n' +
        `<context>\n${context}\n</context>`,
    },
    { role: 'user', content: message },
  ];
}

export function handoffNote(language: ReplyLanguage, reason: string): string {
  if (language === 'es')
    return reason === 'purchase_intent'
      ? 'Gracias por tu interés. Una persona de nuestro equipo te contactará en breve para ayudarte con tu compra.'
      : 'Gracias por escribirnos. Una persona de nuestro equipo te responderá en breve.';
  return reason === 'purchase_intent'
    ? 'Thanks for your interest. Someone from our team will contact you shortly to help with your purchase.'
    : 'Thanks for your message. Someone from our team will get back to you shortly.';
}
