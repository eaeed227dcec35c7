/**
 * Our ad copy as a Google Responsive Search Ad. Google wants 3–15 headlines of at most 30
 * characters and 2–4 descriptions of at most 90, and shows any combination of them. Our ad has
 * one headline, one body and a call to action, so the copy is cut at word boundaries into pieces
 * that fit; when the headline or body needs more than one piece, the pieces are pinned in order
 * (HEADLINE_1, HEADLINE_2…, DESCRIPTION_1, DESCRIPTION_2) so Google cannot show them shuffled.
 */

export const headlineMax = 30;
export const descriptionMax = 90;

export interface AdTextAsset {
  text: string;
  pinnedField?: string;
}

export interface ResponsiveSearchAdCopy {
  headlines: AdTextAsset[];
  descriptions: AdTextAsset[];
}

/** The copy cannot make the 3 headlines and 2 descriptions Google requires. */
export class AdCopyTooShortError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdCopyTooShortError';
  }
}

const tidy = (text: string) => text.replace(/\s+/g, ' ').trim();
/** Punctuation that reads wrong at either end of a cut piece. */
const clean = (piece: string) => piece.replace(/[\s,;:–—-]+$/, '').replace(/^[\s,;:–—-]+/, '');

/** Packs words into pieces of at most `max` characters; a longer word is cut where it must. */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const word of tidy(text).split(' ')) {
    if (!word) continue;
    const joined = current ? `${current} ${word}` : word;
    if (joined.length <= max) {
      current = joined;
      continue;
    }
    if (current) pieces.push(clean(current));
    let rest = word;
    while (rest.length > max) {
      pieces.push(rest.slice(0, max));
      rest = rest.slice(max);
    }
    current = rest;
  }
  if (current) pieces.push(clean(current));
  return pieces.filter((piece) => piece !== '');
}

/** Sentences packed into pieces of at most `max` characters (a long sentence is split by words). */
export function splitSentences(text: string, max: number): string[] {
  const sentences = tidy(text).match(/[^.!?]+[.!?]*/g) ?? [];
  const pieces: string[] = [];
  let current = '';
  for (const sentence of sentences.map(tidy).filter(Boolean)) {
    const joined = current ? `${current} ${sentence}` : sentence;
    if (joined.length <= max) {
      current = joined;
      continue;
    }
    if (current) pieces.push(current);
    current = '';
    if (sentence.length <= max) current = sentence;
    else pieces.push(...splitText(sentence, max));
  }
  if (current) pieces.push(current);
  return pieces;
}

/** Distinct (case-insensitive) texts, first ones kept, at most `limit`. */
function distinct(texts: readonly string[], limit: number): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const text of texts) {
    const key = text.toLowerCase();
    if (text === '' || seen.has(key)) continue;
    seen.add(key);
    kept.push(text);
    if (kept.length === limit) break;
  }
  return kept;
}

/** Pins pieces of one text in order (only when it was split, so Google keeps them together). */
function pinned(pieces: readonly string[], field: string, limit: number): AdTextAsset[] {
  if (pieces.length < 2) return pieces.map((text) => ({ text }));
  return pieces
    .slice(0, limit)
    .map((text, index) => ({ text, pinnedField: `${field}_${index + 1}` }));
}

/**
 * Headlines: the headline (cut into 30-character pieces, pinned in order when there are several),
 * the call to action, then pieces of the body, the campaign's and the ad set's names until there
 * are enough. Descriptions: the body's sentences packed into 90-character pieces (pinned in order
 * when there are several), then the headline with the call to action.
 */
export function responsiveSearchAdCopy(copy: {
  headline: string;
  body: string;
  callToAction: string;
  campaignName: string;
  adSetName: string;
}): ResponsiveSearchAdCopy {
  const headlinePieces = splitText(copy.headline, headlineMax).slice(0, 3);
  const taken = new Set(headlinePieces.map((text) => text.toLowerCase()));
  const extraHeadlines = distinct(
    [
      splitText(copy.callToAction, headlineMax)[0] ?? '',
      ...splitText(copy.body, headlineMax),
      splitText(copy.campaignName, headlineMax)[0] ?? '',
      splitText(copy.adSetName, headlineMax)[0] ?? '',
    ].filter((text) => !taken.has(text.toLowerCase())),
    15 - headlinePieces.length,
  );
  const headlines = [
    ...pinned(headlinePieces, 'HEADLINE', 3),
    ...extraHeadlines.map((text) => ({ text })),
  ];

  const bodyPieces = splitSentences(copy.body, descriptionMax).slice(0, 2);
  const closing = splitText(
    `${tidy(copy.headline).replace(/[.!?]*$/, '')}. ${tidy(copy.callToAction)}`,
    descriptionMax,
  )[0];
  const extraDescriptions = distinct(
    [closing ?? ''].filter(
      (text) => !bodyPieces.some((p) => p.toLowerCase() === text.toLowerCase()),
    ),
    4 - bodyPieces.length,
  );
  const descriptions = [
    ...pinned(bodyPieces, 'DESCRIPTION', 2),
    ...extraDescriptions.map((text) => ({ text })),
  ];

  if (headlines.length < 3 || descriptions.length < 2)
    throw new AdCopyTooShortError(
      `Google needs 3 distinct headlines and 2 descriptions; the copy gives ${headlines.length} and ${descriptions.length}`,
    );
  return { headlines, descriptions };
}
