import { minPasswordLength } from '../domain/password-policy.js';
import { languageOf, type Language } from '../../../platform/i18n/locale.js';

/** What the provider's own pages say, in the two languages the web app speaks. */
export interface SignInText {
  title: string;
  subtitle: (clientName: string) => string;
  email: string;
  password: string;
  passwordRule: string;
  signIn: string;
  forgotPassword: string;
  signUp: string;
  otherLanguage: string;
  wrongPassword: string;
  tooManyAttempts: (seconds: number) => string;
  notMember: string;
  signingOut: string;
  signOut: string;
  stay: string;
  signedOut: string;
  backToApp: string;
}

const en: SignInText = {
  title: 'Sign in to PromptSales',
  subtitle: (clientName) => `to continue to ${clientName}`,
  email: 'Email',
  password: 'Password',
  passwordRule: `Passwords have at least ${minPasswordLength} characters of two kinds or more (letters, digits, symbols); a passphrase of a few words is easiest to remember.`,
  signIn: 'Sign in',
  forgotPassword: 'Forgot your password?',
  signUp: 'New here? Create an organisation',
  otherLanguage: 'Español',
  wrongPassword: 'Email or password is incorrect.',
  tooManyAttempts: (seconds) =>
    `Too many failed sign-in attempts. Try again in ${seconds} seconds, or reset your password.`,
  notMember:
    'This account is not a member of the organisation asked for, or of any yet; ask an owner for an invitation.',
  signingOut: 'Signing you out…',
  signOut: 'Sign out',
  stay: 'Stay signed in',
  signedOut: 'You are signed out.',
  backToApp: 'Back to PromptSales',
};

const es: SignInText = {
  title: 'Inicia sesión en PromptSales',
  subtitle: (clientName) => `para continuar a ${clientName}`,
  email: 'Correo electrónico',
  password: 'Contraseña',
  passwordRule: `Las contraseñas tienen al menos ${minPasswordLength} caracteres de dos tipos o más (letras, números, símbolos); una frase de varias palabras es lo más fácil de recordar.`,
  signIn: 'Iniciar sesión',
  forgotPassword: '¿Olvidaste tu contraseña?',
  signUp: '¿Eres nuevo? Crea una organización',
  otherLanguage: 'English',
  wrongPassword: 'El correo o la contraseña no son correctos.',
  tooManyAttempts: (seconds) =>
    `Demasiados intentos fallidos. Vuelve a intentarlo en ${seconds} segundos o restablece tu contraseña.`,
  notMember:
    'Esta cuenta no es miembro de la organización pedida, o de ninguna aún; pide una invitación a un propietario.',
  signingOut: 'Cerrando tu sesión…',
  signOut: 'Cerrar sesión',
  stay: 'Seguir con la sesión',
  signedOut: 'Tu sesión está cerrada.',
  backToApp: 'Volver a PromptSales',
};

export const signInTexts: Record<Language, SignInText> = { en, es };

/**
 * The page's language: an explicit choice (the page's own switch), then the client's
 * `ui_locales` (the web app passes the language it shows), then the browser's Accept-Language.
 */
export function signInLanguage(
  choice: string | undefined,
  uiLocales: string | undefined,
  acceptLanguage: string | undefined,
): Language {
  const candidates = [
    choice,
    ...(uiLocales ?? '').split(' '),
    ...(acceptLanguage ?? '').split(',').map((part) => part.split(';')[0]),
  ];
  for (const candidate of candidates) {
    const tag = candidate?.trim();
    if (!tag || tag === '*') continue;
    const language = tag.toLowerCase().split('-')[0];
    if (language === 'es' || language === 'en') return languageOf(tag);
  }
  return 'en';
}

/** The message for a refused sign-in, by the error's stable code (server messages are English). */
export function signInFailure(
  text: SignInText,
  failure: { code: string; retryAfterSeconds?: number; message: string },
): string {
  if (failure.code === 'unauthenticated') return text.wrongPassword;
  if (failure.code === 'rate_limited')
    return text.tooManyAttempts(Math.max(1, Math.ceil(failure.retryAfterSeconds ?? 60)));
  if (failure.code === 'forbidden') return text.notMember;
  return failure.message;
}
