/**
 * Text folded for matching: lower case, accents stripped, runs of whitespace as one space. Keeps,
 * for every character of the folded text, the offset of the character it came from, so a match
 * found in the folded text is reported at its place in what the user wrote.
 */
export interface FoldedText {
  text: string;
  /** `sourceIndex[i]` is the offset in the original of folded character `i`. */
  sourceIndex: number[];
  /** Length of the original, the end offset of a match that runs to the end. */
  sourceLength: number;
}

const combiningMarks = /[\u0300-\u036f]/g;

/** Folds one string for comparison (no offsets): what stored search text and phrases use. */
export function fold(text: string): string {
  return foldWithOffsets(text).text;
}

export function foldWithOffsets(text: string): FoldedText {
  let folded = '';
  const sourceIndex: number[] = [];
  let lastWasSpace = true;
  let offset = 0;
  for (const char of text) {
    const isSpace = /\s/u.test(char);
    if (isSpace) {
      if (!lastWasSpace) {
        folded += ' ';
        sourceIndex.push(offset);
      }
      lastWasSpace = true;
    } else {
      // 'ß'.toLowerCase() stays one char; NFD splits 'é' into 'e' + a combining accent.
      const base = char.normalize('NFD').replace(combiningMarks, '').toLowerCase();
      // One offset per UTF-16 unit: folded indices are string indices (an emoji takes two).
      folded += base;
      for (let unit = 0; unit < base.length; unit += 1) sourceIndex.push(offset);
      lastWasSpace = false;
    }
    offset += char.length;
  }
  if (folded.endsWith(' ')) {
    folded = folded.slice(0, -1);
    sourceIndex.pop();
  }
  return { text: folded, sourceIndex, sourceLength: text.length };
}

/** The original span [start, end) of folded characters [from, to). */
export function sourceSpan(
  folded: FoldedText,
  from: number,
  to: number,
): { start: number; end: number } {
  const start = folded.sourceIndex[from] ?? folded.sourceLength;
  const end =
    to < folded.sourceIndex.length
      ? (folded.sourceIndex[to] ?? folded.sourceLength)
      : folded.sourceLength;
  return { start, end };
}

const wordChar = /[\p{L}\p{N}]/u;

/** Offsets of whole-word occurrences of `needle` (already folded) in the folded text. */
export function findWholeWords(haystack: string, needle: string): number[] {
  if (needle.length === 0) return [];
  const found: number[] = [];
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) return found;
    const before = at === 0 ? '' : haystack[at - 1]!;
    const after = haystack[at + needle.length] ?? '';
    const startsWord = !wordChar.test(needle[0]!) || !wordChar.test(before);
    const endsWord = !wordChar.test(needle.at(-1)!) || !wordChar.test(after);
    if (startsWord && endsWord) found.push(at);
    from = at + 1;
  }
}
