import {
  sentimentLabel,
  type SentimentLanguage,
  type SentimentResult,
  type SentimentScore,
} from '../../domain/sentiment.js';
import { estimateTokens } from '../../domain/token-estimate.js';
import {
  emojiValence,
  englishVocabulary,
  spanishVocabulary,
  type SentimentVocabulary,
} from './sentiment-lexicon-words.js';

export const lexiconSentimentModel = 'offline-sentiment-lexicon-1';

/**
 * A LEXICAL sentiment classifier (in the manner of VADER): each known word, emoji or emoticon has
 * a valence; a negator up to three words before a word flips and damps it ("no me gusta", "not
 * bad"), boosters strengthen or soften it ("muy bueno", "slightly slow"), capitals and stretched
 * letters ("BUENOOO") emphasise it, exclamation marks push the total away from zero, and after
 * "pero"/"but" the clause that follows counts more. The sum is squashed into [−1, 1].
 *
 * It reads words, not meaning: sarcasm ("genial, otra vez tarde"), irony, domain words it does
 * not know and long reviews with mixed topics come out wrong. Deterministic and free; configure an
 * LLM provider for better judgement. Words of the other language are used when the comment's
 * language has no entry for them (code-switching: "el producto es nice").
 */
export function classifyWithLexicon(
  texts: readonly string[],
  language: SentimentLanguage,
): SentimentResult {
  const [primary, secondary] =
    language === 'es'
      ? [spanishVocabulary, englishVocabulary]
      : [englishVocabulary, spanishVocabulary];
  const scores = texts.map((text) => scoreText(text, primary, secondary));
  return {
    scores,
    model: lexiconSentimentModel,
    usage: { tokensIn: estimateTokens(texts.join('\n')), tokensOut: texts.length * 2 },
  };
}

interface Token {
  kind: 'word' | 'emoji' | 'bang' | 'stop';
  /** Lower case, accents removed (words); the symbol itself (emoji). */
  text: string;
  shouted: boolean;
}

const tokenPattern =
  /([:;]-?[()dDpP](?![\p{L}\p{N}])|<3)|(\p{Extended_Pictographic})|([\p{L}\p{N}]+(?:'\p{L}+)?)|(!)|([.,;:?¿¡\n])/gu;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.replace(/\uFE0F/g, '').matchAll(tokenPattern)) {
    const [whole, emoticon, emoji, word, bang] = match;
    if (emoticon) tokens.push({ kind: 'emoji', text: emoticon.toLowerCase(), shouted: false });
    else if (emoji) tokens.push({ kind: 'emoji', text: emoji, shouted: false });
    else if (word) {
      const plain = word
        .toLowerCase()
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/'/g, '');
      const shouted = word.length > 1 && word === word.toUpperCase() && /\p{L}/u.test(word);
      tokens.push({ kind: 'word', text: plain, shouted });
    } else if (bang) tokens.push({ kind: 'bang', text: '!', shouted: false });
    else tokens.push({ kind: 'stop', text: whole, shouted: false });
  }
  return tokens;
}

/** The valence of a word, trying "buenooo" as "bueno" and "coool" as "cool". */
function valenceOf(word: string, vocabularies: readonly SentimentVocabulary[]): number | undefined {
  const forms = [word, word.replace(/(.)\1{2,}/g, '$1'), word.replace(/(.)\1{2,}/g, '$1$1')];
  for (const vocabulary of vocabularies) {
    for (const form of forms) {
      const valence = vocabulary.words[form];
      if (valence !== undefined) return valence;
    }
  }
  return undefined;
}

const negationFactor = -0.74;
const shoutBoost = 0.25;
const stretchBoost = 0.2;
const exclamationBoost = 0.29;

function isNegator(tokens: readonly Token[], index: number, vocabulary: SentimentVocabulary) {
  const word = tokens[index]!.text;
  if (vocabulary.negators.has(word)) return true;
  // "poco útil" is "not useful"; "un poco caro" only softens (a booster).
  return vocabulary === spanishVocabulary && word === 'poco' && tokens[index - 1]?.text !== 'un';
}

function scoreText(
  text: string,
  primary: SentimentVocabulary,
  secondary: SentimentVocabulary,
): SentimentScore {
  const tokens = tokenize(text);
  const valences: number[] = [];
  let contrastAt = -1;
  const mixedCase = /\p{Ll}/u.test(text);
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.kind === 'emoji') {
      valences.push(emojiValence[token.text] ?? 0);
      continue;
    }
    if (token.kind !== 'word') {
      valences.push(0);
      continue;
    }
    if (primary.contrasts.has(token.text)) contrastAt = valences.length;
    const phrase = phraseAt(tokens, index, primary);
    let valence = phrase?.valence ?? valenceOf(token.text, [primary, secondary]);
    const span = phrase?.length ?? 1;
    if (valence === undefined || valence === 0) {
      valences.push(0);
      continue;
    }
    if (token.shouted && mixedCase) valence *= 1 + shoutBoost;
    if (/(.)\1{2,}/.test(token.text)) valence *= 1 + stretchBoost;
    // Look back up to three words, not across a clause boundary.
    let boost = 0;
    let negated = false;
    for (let back = index - 1, seen = 0; back >= 0 && seen < 3; back--, seen++) {
      const before = tokens[back]!;
      if (before.kind !== 'word') break;
      if (primary.contrasts.has(before.text)) break;
      if (isNegator(tokens, back, primary)) negated = true;
      else if (seen < 2) boost += primary.boosters[before.text] ?? 0;
    }
    valence *= 1 + boost;
    // Spanish stacks negators ("no es nada bueno"): any number of them negate once.
    if (negated) valence *= negationFactor;
    valences.push(valence);
    for (let extra = 1; extra < span; extra++) valences.push(0);
    index += span - 1;
  }
  let total = valences.reduce(
    (sum, valence, position) =>
      sum + (contrastAt < 0 ? valence : valence * (position < contrastAt ? 0.5 : 1.5)),
    0,
  );
  const bangs = Math.min(3, tokens.filter((token) => token.kind === 'bang').length);
  if (total !== 0) total += Math.sign(total) * bangs * exclamationBoost;
  const score = Math.round((total / Math.sqrt(total * total + 15)) * 10_000) / 10_000;
  return { score, label: sentimentLabel(score) };
}

/** A multi-word expression of the vocabulary starting at `index`, if any. */
function phraseAt(
  tokens: readonly Token[],
  index: number,
  vocabulary: SentimentVocabulary,
): { valence: number; length: number } | undefined {
  for (const [phrase, valence] of Object.entries(vocabulary.phrases)) {
    const words = phrase.split(' ');
    if (words.every((word, offset) => tokens[index + offset]?.text === word))
      return { valence, length: words.length };
  }
  return undefined;
}
