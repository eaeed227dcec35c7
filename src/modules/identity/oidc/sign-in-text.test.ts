import { describe, expect, it } from 'vitest';
import { signInFailure, signInLanguage, signInTexts } from './sign-in-text.js';

describe('the sign-in page language', () => {
  it('takes the page switch first, then ui_locales, then Accept-Language', () => {
    expect(signInLanguage('en', 'es', 'es-ES')).toBe('en');
    expect(signInLanguage(undefined, 'es-MX en', 'en-US')).toBe('es');
    expect(signInLanguage(undefined, undefined, 'fr-FR,es;q=0.8,en;q=0.5')).toBe('es');
  });

  it('falls back to English for languages it does not write', () => {
    expect(signInLanguage(undefined, 'de', 'fr-FR,*;q=0.5')).toBe('en');
    expect(signInLanguage(undefined, undefined, undefined)).toBe('en');
  });
});

describe('sign-in failure messages', () => {
  it('words a wrong password and a lockout for people, in their language', () => {
    expect(
      signInFailure(signInTexts.es, { code: 'unauthenticated', message: 'Email or password…' }),
    ).toBe('El correo o la contraseña no son correctos.');
    expect(
      signInFailure(signInTexts.en, {
        code: 'rate_limited',
        retryAfterSeconds: 119.2,
        message: 'Too many…',
      }),
    ).toMatch(/^Too many failed sign-in attempts\. Try again in 120 seconds/);
  });

  it('keeps the server message for anything it has no words for', () => {
    expect(signInFailure(signInTexts.en, { code: 'conflict', message: 'Something else' })).toBe(
      'Something else',
    );
  });
});
