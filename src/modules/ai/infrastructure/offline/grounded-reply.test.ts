import { describe, expect, it } from 'vitest';
import { groundedReply } from './grounded-reply.js';

describe('offline grounded reply', () => {
  it('answers from the context block only, greeting in the language asked for', () => {
    const reply = groundedReply([
      {
        role: 'system',
        content:
          'Reply in Spanish using only the facts in the context block below.\n<context>\nAbrimos de 9 a 6. Cerramos domingos. Hay parqueo. Aceptamos tarjetas.\n</context>',
      },
      { role: 'user', content: '¿A qué hora abren?' },
    ]);
    expect(reply).toBe('¡Hola! Abrimos de 9 a 6. Cerramos domingos. Hay parqueo.');
  });

  it('leaves prompts without a context block to the copywriter', () => {
    expect(
      groundedReply([{ role: 'user', content: 'Write about <context> tags' }]),
    ).toBeUndefined();
  });
});
