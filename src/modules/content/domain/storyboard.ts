import type { MarketingCopy } from '../../ai/index.js';
import type { ContentBrief } from './content-brief.js';

export interface SceneOutline {
  index: number;
  visual: string;
  voiceOver: string;
  durationSeconds: number;
}

const firstSentences = (text: string): string[] =>
  text
    .split(/(?<=[.!?])\s+|\n+/u)
    .map((line) => line.replace(/^[-•*\s]+/u, '').trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));

/**
 * A short-ad storyboard from marketing copy: a hook on the headline, two scenes on the body's
 * first points, and the call to action over the brand. About 15 seconds in all.
 */
export function outlineStoryboard(copy: MarketingCopy, brief: ContentBrief): SceneOutline[] {
  const es = brief.language === 'es';
  const points = firstSentences(copy.body).slice(0, 2);
  while (points.length < 2) points.push(copy.headlines[points.length + 1] ?? copy.headlines[0]!);
  const style = brief.style ? ` (${brief.style})` : '';
  const audience = brief.audience ?? (es ? 'el público' : 'the audience');
  return [
    {
      index: 1,
      visual: es
        ? `Plano de apertura: ${brief.subject} con ${audience}${style}`
        : `Opening shot: ${brief.subject} with ${audience}${style}`,
      voiceOver: copy.headlines[0]!,
      durationSeconds: 3,
    },
    {
      index: 2,
      visual: es ? `Detalle de ${brief.subject} en uso` : `${brief.subject} in use, close-up`,
      voiceOver: points[0]!,
      durationSeconds: 4,
    },
    {
      index: 3,
      visual: es ? `Resultado para ${audience}` : `The result for ${audience}`,
      voiceOver: points[1]!,
      durationSeconds: 4,
    },
    {
      index: 4,
      visual: es
        ? `Cierre con la marca y la llamada a la acción`
        : `Brand end card with the call to action`,
      voiceOver: copy.callToAction,
      durationSeconds: 4,
    },
  ];
}

/** The script: scene by scene, what is seen and what is said. */
export function scriptOf(scenes: readonly SceneOutline[], language: 'es' | 'en'): string {
  const [scene, voice] = language === 'es' ? ['ESCENA', 'VOZ'] : ['SCENE', 'VOICE-OVER'];
  return scenes
    .map(
      (s) => `${scene} ${s.index} (${s.durationSeconds}s) — ${s.visual}\n${voice}: ${s.voiceOver}`,
    )
    .join('\n\n');
}
