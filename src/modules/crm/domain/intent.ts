/**
 * What an inbound message is about, from its words (Spanish and English): cheap, explainable and
 * the same offline and online. The chatbot hands a conversation to a person on `human` and
 * `purchase` (a sale is worth a person) and when it is unsure.
 */

export const intents = ['pricing', 'purchase', 'support', 'human', 'other'] as const;
export type Intent = (typeof intents)[number];

export interface DetectedIntent {
  intent: Intent;
  /** 0..1: how clearly the words point to it. */
  confidence: number;
  /** The cue phrases found, for the log. */
  cues: string[];
}

/** Cue phrases, lower-case and without accents; phrases score more than single words. */
const cues: Record<Exclude<Intent, 'other'>, string[]> = {
  human: [
    'human',
    'a person',
    'real person',
    'someone',
    'agent',
    'representative',
    'talk to',
    'speak to',
    'call me',
    'humano',
    'una persona',
    'alguien',
    'asesor',
    'agente',
    'ejecutivo',
    'hablar con',
    'llamenme',
    'llamame',
  ],
  purchase: [
    'buy',
    'purchase',
    'order',
    'i want',
    'i would like',
    'sign up',
    'subscribe',
    'checkout',
    'comprar',
    'compra',
    'quiero',
    'me interesa',
    'adquirir',
    'contratar',
    'pedido',
    'ordenar',
  ],
  pricing: [
    'price',
    'pricing',
    'cost',
    'how much',
    'quote',
    'discount',
    'fee',
    'plan',
    'precio',
    'precios',
    'cuanto cuesta',
    'cuanto vale',
    'costo',
    'cotizacion',
    'descuento',
    'tarifa',
  ],
  support: [
    'help',
    'problem',
    'issue',
    'error',
    'not working',
    "doesn't work",
    'broken',
    'refund',
    'cancel',
    'ayuda',
    'problema',
    'falla',
    'no funciona',
    'reembolso',
    'cancelar',
    'reclamo',
    'soporte',
  ],
};

/** Which intent wins a tie: asking for a person outranks buying, which outranks the rest. */
const precedence: Exclude<Intent, 'other'>[] = ['human', 'purchase', 'pricing', 'support'];

export function normaliseText(text: string): string {
  return ` ${text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()} `;
}

export function detectIntent(message: string): DetectedIntent {
  const text = normaliseText(message);
  let best: DetectedIntent = { intent: 'other', confidence: 0, cues: [] };
  let bestScore = 0;
  for (const intent of precedence) {
    const found = cues[intent].filter((cue) => text.includes(` ${cue} `));
    const score = found.reduce((sum, cue) => sum + (cue.includes(' ') ? 1.5 : 1), 0);
    if (score > bestScore) {
      bestScore = score;
      best = { intent, confidence: Math.min(0.95, 0.5 + 0.2 * score), cues: found };
    }
  }
  return best.intent === 'other' ? { intent: 'other', confidence: 0.3, cues: [] } : best;
}
