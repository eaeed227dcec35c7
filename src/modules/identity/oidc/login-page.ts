import type { Language } from '../../../platform/i18n/locale.js';
import { signInTexts } from './sign-in-text.js';

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => escapes[char] ?? char);
}

/** Shared look of the provider's pages: readable on a 390 px phone, contrast AA. */
export const providerPageStyle = `
  body { font-family: system-ui, sans-serif; background: #f5f6f8; color: #1d2433; display: grid; place-items: center; min-height: 100vh; margin: 0; }
  main { background: #fff; padding: 1.5rem; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.1); width: min(24rem, calc(100vw - 2rem)); box-sizing: border-box; }
  h1 { font-size: 1.25rem; margin: 0 0 .25rem; }
  p.sub { color: #4a5160; margin: 0 0 1rem; font-size: .9rem; }
  label { display: block; font-size: .9rem; margin: .75rem 0 .25rem; font-weight: 600; }
  input { width: 100%; box-sizing: border-box; padding: .55rem; border: 1px solid #767c89; border-radius: 4px; font-size: 1rem; }
  input[aria-invalid="true"] { border-color: #b00020; }
  .hint { color: #4a5160; font-size: .8rem; margin: .3rem 0 0; }
  button { margin-top: 1.25rem; width: 100%; padding: .65rem; border: 0; border-radius: 4px; background: #2952cc; color: #fff; font-size: 1rem; cursor: pointer; }
  button.secondary { background: #fff; color: #2952cc; border: 1px solid #2952cc; margin-top: .5rem; }
  .error { color: #b00020; background: #fdecee; border-radius: 4px; padding: .5rem .75rem; font-size: .9rem; }
  nav { display: flex; flex-wrap: wrap; justify-content: space-between; gap: .5rem; margin-top: 1rem; font-size: .9rem; }
  a { color: #2146b5; }
`;

export interface LoginPageInput {
  /** Where the form posts (the interaction's login endpoint). */
  action: string;
  clientName: string;
  language: Language;
  /** The same page in the other language. */
  otherLanguageUrl: string;
  /** The web app's origin, for its password reset and sign-up screens. */
  appOrigin: string;
  email?: string;
  error?: string;
}

/**
 * The sign-in page of the authorization_code flow: server-rendered, no script, one form. The
 * page is only reachable with the interaction cookie the provider set, which also ties the POST
 * to this browser (SameSite=Lax keeps cross-site forms out).
 */
export function renderLoginPage(input: LoginPageInput): string {
  const text = signInTexts[input.language];
  const error = input.error
    ? `<p class="error" id="sign-in-error" role="alert">${escapeHtml(input.error)}</p>`
    : '';
  const invalid = input.error ? ' aria-invalid="true" aria-describedby="sign-in-error"' : '';
  const focusEmail = input.email ? '' : ' autofocus';
  const focusPassword = input.email ? ' autofocus' : '';
  const app = escapeHtml(input.appOrigin);
  return `<!doctype html>
<html lang="${input.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(text.signIn)} · PromptSales</title>
<style>${providerPageStyle}</style>
</head>
<body>
<main>
  <h1>${escapeHtml(text.title)}</h1>
  <p class="sub">${escapeHtml(text.subtitle(input.clientName))}</p>
  ${error}
  <form method="post" action="${escapeHtml(input.action)}">
    <input type="hidden" name="lang" value="${input.language}">
    <label for="email">${escapeHtml(text.email)}</label>
    <input id="email" name="email" type="email" autocomplete="username" required${focusEmail}${invalid} value="${escapeHtml(input.email ?? '')}">
    <label for="password">${escapeHtml(text.password)}</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required aria-describedby="password-hint${input.error ? ' sign-in-error' : ''}"${focusPassword}${input.error ? ' aria-invalid="true"' : ''}>
    <p class="hint" id="password-hint">${escapeHtml(text.passwordRule)}</p>
    <button type="submit">${escapeHtml(text.signIn)}</button>
  </form>
  <nav aria-label="PromptSales">
    <a href="${app}/forgot-password">${escapeHtml(text.forgotPassword)}</a>
    <a href="${app}/sign-up">${escapeHtml(text.signUp)}</a>
    <a href="${escapeHtml(input.otherLanguageUrl)}" lang="${input.language === 'es' ? 'en' : 'es'}">${escapeHtml(text.otherLanguage)}</a>
  </nav>
</main>
</body>
</html>
`;
}
