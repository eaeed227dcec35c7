import { describe, expect, it } from 'vitest';
import { answerThreshold, decide, languageOf, replyPrompt } from './chatbot.js';
import { detectIntent } from './intent.js';

const faq = { id: 'f1', question: '¿Cuánto cuesta el envío?', answer: 'El envío cuesta 5 USD.' };

describe('intent detection', () => {
  it.each([
    ['¿Cuánto cuesta el plan anual?', 'pricing'],
    ['what is the price of the premium plan', 'pricing'],
    ['Quiero comprar dos cajas', 'purchase'],
    ['I would like to order a bundle', 'purchase'],
    ['La aplicación no funciona desde ayer', 'support'],
    ['Necesito hablar con un asesor', 'human'],
    ['Can I talk to a real person?', 'human'],
    ['Buenos días', 'other'],
  ])('reads “%s” as %s', (message, intent) => {
    expect(detectIntent(message).intent).toBe(intent);
  });

  it('prefers a person over a sale and grows confident with more cues', () => {
    expect(detectIntent('Quiero comprar pero antes hablar con una persona').intent).toBe('human');
    expect(detectIntent('precio').confidence).toBeLessThan(
      detectIntent('cuánto cuesta, precio y descuento').confidence,
    );
  });
});

describe('chatbot decision and prompt', () => {
  it('answers from a close FAQ entry and hands off otherwise', () => {
    const close = { ...faq, similarity: answerThreshold + 0.2 };
    const far = { ...faq, similarity: answerThreshold - 0.2 };
    expect(decide(detectIntent('¿cuánto cuesta el envío?'), close).action).toBe('answer');
    expect(decide(detectIntent('¿cuánto cuesta el envío?'), far)).toMatchObject({
      action: 'handoff',
      reason: 'no_answer',
    });
    expect(decide(detectIntent('quiero comprar'), close)).toMatchObject({
      action: 'handoff',
      reason: 'purchase_intent',
    });
    expect(decide(detectIntent('hola'), null)).toMatchObject({ action: 'handoff' });
  });

  it('asks for a reply in the customer’s language with the facts on lines of their own', () => {
    expect(languageOf('¿Tienen envío a Cartago?')).toBe('es');
    expect(languageOf('Do you ship to Cartago?')).toBe('en');
    const [system] = replyPrompt('Café Aurora', '¿cuánto cuesta el envío?', {
      action: 'answer',
      faq: { ...faq, similarity: 0.9 },
      confidence: 0.9,
    });
    expect(system!.content).toContain('in Spanish');
    expect(system!.content).toContain('\n<context>\nEl envío cuesta 5 USD.\n</context>');
  });
});
