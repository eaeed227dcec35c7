import { describe, expect, it } from 'vitest';
import { parseSentimentScores } from '../../domain/sentiment.js';
import { classifyWithLexicon } from './sentiment-lexicon.js';

const score = (text: string, language: 'es' | 'en' = 'es') =>
  classifyWithLexicon([text], language).scores[0]!;

describe('offline lexicon sentiment', () => {
  it('labels plain Spanish and English comments', () => {
    expect(score('Me encanta este producto, excelente calidad').label).toBe('positive');
    expect(score('Pésimo servicio, una estafa').label).toBe('negative');
    expect(score('Lo compré el martes en la tienda').label).toBe('neutral');
    expect(score('Great product, fast delivery', 'en').label).toBe('positive');
    expect(score('Terrible support, total waste of money', 'en').label).toBe('negative');
  });

  it('flips negated words, once even when Spanish stacks negators', () => {
    expect(score('No me gusta').label).toBe('negative');
    expect(score('No es nada bueno').label).toBe('negative');
    expect(score('Sin problemas, llegó a tiempo').label).toBe('positive');
    expect(score('not bad at all', 'en').label).toBe('positive');
    expect(score("I don't like it, not good", 'en').label).toBe('negative');
    expect(score('No vale la pena').label).toBe('negative');
    expect(score('Vale la pena').label).toBe('positive');
  });

  it('weighs intensifiers, softeners, capitals, stretched letters and exclamations', () => {
    expect(score('muy bueno').score).toBeGreaterThan(score('bueno').score);
    expect(score('un poco caro').score).toBeGreaterThan(score('caro').score);
    expect(score('poco útil').label).toBe('negative');
    expect(score('es BUENO').score).toBeGreaterThan(score('es bueno').score);
    expect(score('buenooo').score).toBeGreaterThan(score('bueno').score);
    expect(score('bueno!!').score).toBeGreaterThan(score('bueno').score);
  });

  it('reads emoji and emoticons, and lets the clause after "pero" decide', () => {
    expect(score('😍😍🔥').label).toBe('positive');
    expect(score('👎😡').label).toBe('negative');
    expect(score('great :)', 'en').score).toBeGreaterThan(score('great', 'en').score);
    expect(score('Bonito diseño pero pésima atención').label).toBe('negative');
    expect(score('The price is high but the quality is excellent', 'en').label).toBe('positive');
  });

  it('uses the other language for words its own does not have, and stays in [-1, 1]', () => {
    expect(score('el producto es nice').label).toBe('positive');
    const extreme = score('EXCELENTE!!! increíble, perfecto, maravilloso 😍😍😍 ❤️❤️');
    expect(extreme.score).toBeLessThanOrEqual(1);
    expect(extreme.score).toBeGreaterThan(0.9);
  });

  it('is deterministic and counts tokens for the usage log', () => {
    const texts = ['Horrible, nunca llegó', 'Me encantó 😍'];
    const first = classifyWithLexicon(texts, 'es');
    expect(classifyWithLexicon(texts, 'es')).toEqual(first);
    expect(first.scores.map((s) => s.label)).toEqual(['negative', 'positive']);
    expect(first.usage.tokensIn).toBeGreaterThan(0);
  });
});

describe('LLM sentiment answers', () => {
  it('accepts exactly one score per text and clamps them', () => {
    expect(parseSentimentScores('{"scores": [0.8, -1.4]}', 2)).toEqual([
      { score: 0.8, label: 'positive' },
      { score: -1, label: 'negative' },
    ]);
    expect(parseSentimentScores('```json\n{"scores":[0]}\n```', 1)).toEqual([
      { score: 0, label: 'neutral' },
    ]);
    expect(parseSentimentScores('{"scores": [0.8]}', 2)).toBeNull();
    expect(parseSentimentScores('positive', 1)).toBeNull();
    expect(parseSentimentScores('{"scores": ["good"]}', 1)).toBeNull();
  });
});
