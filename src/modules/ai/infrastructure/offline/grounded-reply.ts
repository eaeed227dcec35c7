import type { ChatMessage } from '../../domain/provider.js';

/**
 * A prompt that carries its facts between <context> and </context> (the CRM chatbot's) is
 * answered extractively offline: a greeting in the language the prompt asks for, then the first
 * sentences of the context. A remote model words its own reply from the same facts.
 */
/** The block on lines of its own, so a mention of the tag in the instructions is not taken. */
const contextBlock = /^<context>\n([\s\S]*?)\n<\/context>$/m;

export function groundedReply(messages: readonly ChatMessage[]): string | undefined {
  const system = messages.find(
    (message) => message.role === 'system' && contextBlock.test(message.content),
  );
  if (!system) return undefined;
  const context = contextBlock.exec(system.content)?.[1]?.trim() ?? '';
  const spanish = /\bin Spanish\b/i.test(system.content);
  const sentences = context
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+/)
    .filter(Boolean)
    .slice(0, 3)
    .join(' ');
  const greeting = spanish ? '¡Hola!' : 'Hi!';
  const fallback = spanish
    ? 'Gracias por escribirnos; una persona de nuestro equipo te responderá en breve.'
    : 'Thanks for your message; someone from our team will get back to you shortly.';
  return `${greeting} ${sentences || fallback}`;
}
