import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-policy.js';

describe('password strength rules', () => {
  it('accepts a long password mixing kinds of characters', () => {
    expect(passwordProblems('Correct-Horse-42-battery', 'ada@example.com')).toEqual([]);
    expect(passwordProblems('correct horse battery', 'ada@example.com')).toEqual([]);
  });

  it('names every problem at once', () => {
    const messages = passwordProblems('aaaa', 'ada@example.com').map((p) => p.message);
    expect(messages).toEqual([
      'must be at least 12 characters long',
      'must mix at least two kinds of characters (lower case, upper case, digits, symbols)',
    ]);
  });

  it('refuses the email name inside the password, in any case', () => {
    expect(passwordProblems('xx-MARGARET-2026', 'margaret@example.com')[0]?.message).toMatch(
      /email/,
    );
    // Very short local parts would refuse too much; they are ignored.
    expect(passwordProblems('Correct-ab-horse', 'ab@example.com')).toEqual([]);
  });

  it('refuses over-long passwords (hashing cost)', () => {
    expect(passwordProblems(`Aa1${'x'.repeat(300)}`, 'a@b.c')[0]?.message).toMatch(/at most 256/);
  });

  it('refuses common passwords and easy variants of them', () => {
    for (const common of ['password1234', 'qwerty123456', 'P@ssw0rd1234', 'iloveyou2020']) {
      expect(passwordProblems(common, 'ada@example.com').map((p) => p.message)).toEqual([
        'is a common password or too close to one; choose a less predictable one',
      ]);
    }
  });

  it('accepts the demo and test passwords', () => {
    for (const password of [
      'demo-password-2026',
      'Correct-Horse-42-battery',
      'Brand-New-Secret-77',
    ])
      expect(passwordProblems(password, 'owner@demo.promptsales.dev')).toEqual([]);
  });
});
