import type { Language } from '../../../platform/i18n/locale.js';
import { escapeHtml, providerPageStyle } from './login-page.js';
import { signInTexts } from './sign-in-text.js';

/**
 * The end_session page. oidc-provider asks for a confirming POST (its `form`, with an xsrf
 * token) so a stray link cannot sign anyone out; the person already chose "Sign out" in the app,
 * so a nonce'd script submits it at once. Without script the buttons do the same.
 */
export function renderLogoutPage(form: string, language: Language, nonce: string): string {
  const text = signInTexts[language];
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(text.signOut)} · PromptSales</title>
<style>${providerPageStyle}</style>
</head>
<body>
<main>
  <h1>${escapeHtml(text.signingOut)}</h1>
  ${form}
  <button type="submit" form="op.logoutForm" name="logout" value="yes" id="logout-yes">${escapeHtml(text.signOut)}</button>
  <button type="submit" form="op.logoutForm" class="secondary">${escapeHtml(text.stay)}</button>
</main>
<script nonce="${nonce}">document.getElementById('logout-yes').click();</script>
</body>
</html>
`;
}

/** After a sign-out that named no client to return to. */
export function renderSignedOutPage(language: Language, appOrigin: string): string {
  const text = signInTexts[language];
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(text.signedOut)} · PromptSales</title>
<style>${providerPageStyle}</style>
</head>
<body>
<main>
  <h1>${escapeHtml(text.signedOut)}</h1>
  <p><a href="${escapeHtml(appOrigin)}/">${escapeHtml(text.backToApp)}</a></p>
</main>
</body>
</html>
`;
}
