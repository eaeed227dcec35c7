import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/** zxcvbn's scale: 0–2 fall to an online or slow offline attack; 3 and up do not. */
const minimumScore = 3;

let estimator: ZxcvbnFactory | undefined;

/**
 * zxcvbn over the common-password list of the maintained @zxcvbn-ts/language-common package (the
 * most frequent breached passwords) plus keyboard walks, dates, repeats and l33t variants of them.
 * Built on first use (~0.3 s); a check then costs a few milliseconds. Only the first 64
 * characters are judged and l33t substitutions are capped, which bounds that cost.
 */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary,
    graphs: adjacencyGraphs,
    maxLength: 64,
    l33tMaxSubstitutions: 4,
  });
  return estimator;
}

/** True for a common password or an easy variant of one (`password1234`, `qwerty123456`). */
export function isGuessablePassword(password: string): boolean {
  return zxcvbn().check(password).score < minimumScore;
}
