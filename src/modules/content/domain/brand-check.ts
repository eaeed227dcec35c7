import {
  findWholeWords,
  fold,
  foldWithOffsets,
  sourceSpan,
  type FoldedText,
} from './text-normalization.js';

/** What a brand check looks at: the kit's rules. */
export interface BrandRules {
  approvedClaims: readonly string[];
  bannedPhrases: readonly string[];
}

export interface BrandFinding {
  kind: 'banned_phrase' | 'unapproved_claim';
  /** The text as written, `text.slice(start, end)`. */
  match: string;
  start: number;
  end: number;
  /** The banned phrase of the kit, or the claim marker that made the sentence a claim. */
  rule: string;
  message: string;
}

/**
 * Words and patterns that make a sentence a claim a brand must be able to back: superlatives,
 * guarantees, "number one", percentages. Folded (no accents, lower case), Spanish and English.
 */
const claimMarkers: readonly RegExp[] = [
  /\b\d+(?:[.,]\d+)?\s?%/gu,
  /(?:#1|\bn[ºo°.]\s?1)\b/gu,
  /\b(?:number one|numero uno|numero 1)\b/gu,
  /\b(?:best|fastest|cheapest|safest|healthiest|strongest|lowest price|guaranteed?|proven|clinically|certified|the only|unbeatable|no\.? ?1 rated|cures?|risk[- ]free)\b/gu,
  /\b(?:mejor(?:es)?|mas rapid[oa]s?|mas barat[oa]s?|garantizad[oa]s?|garantia|probad[oa]s?|clinicamente|certificad[oa]s?|el unico|la unica|imbatibles?|cura|sin riesgo)\b/gu,
];

interface Sentence {
  from: number;
  to: number;
}

function sentencesOf(folded: string): Sentence[] {
  const sentences: Sentence[] = [];
  let from = 0;
  for (const match of folded.matchAll(/[.!?¡¿\n]+/gu)) {
    const to = match.index;
    if (to > from) sentences.push({ from, to });
    from = to + match[0].length;
  }
  if (from < folded.length) sentences.push({ from, to: folded.length });
  return sentences;
}

function spanOf(folded: FoldedText, original: string, from: number, to: number) {
  const { start, end } = sourceSpan(folded, from, to);
  return { start, end, match: original.slice(start, end) };
}

/**
 * Checks copy against a brand kit: every banned phrase (whole words, ignoring case and accents)
 * and every claim-like sentence that no approved claim covers, with their positions in the
 * original text (UTF-16 offsets, end exclusive).
 */
export function checkBrandText(text: string, rules: BrandRules): BrandFinding[] {
  const folded = foldWithOffsets(text);
  const findings: BrandFinding[] = [];
  for (const phrase of rules.bannedPhrases) {
    const needle = fold(phrase);
    for (const at of findWholeWords(folded.text, needle)) {
      findings.push({
        kind: 'banned_phrase',
        ...spanOf(folded, text, at, at + needle.length),
        rule: phrase,
        message: `"${phrase}" is a banned phrase for this brand`,
      });
    }
  }
  const approved = rules.approvedClaims.map(fold).filter((claim) => claim.length > 0);
  for (const sentence of sentencesOf(folded.text)) {
    const body = folded.text.slice(sentence.from, sentence.to);
    if (approved.some((claim) => body.includes(claim))) continue;
    for (const marker of claimMarkers) {
      for (const match of body.matchAll(marker)) {
        const from = sentence.from + match.index;
        const found = spanOf(folded, text, from, from + match[0].length);
        findings.push({
          kind: 'unapproved_claim',
          ...found,
          rule: match[0],
          message: `"${found.match}" makes a claim that is not among the brand's approved claims`,
        });
      }
    }
  }
  return findings.sort((a, b) => a.start - b.start || a.end - b.end);
}
