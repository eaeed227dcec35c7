const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => escapes[char] ?? char);
}

export interface LoginPageInput {
  /** Where the form posts (the interaction's login endpoint). */
  action: string;
  clientName: string;
  email?: string;
  error?: string;
}

/**
 * The sign-in page of the authorization_code flow: server-rendered, no script, one form. The
 * page is only reachable with the interaction cookie the provider set, which also ties the POST
 * to this browser (SameSite=Lax keeps cross-site forms out).
 */
export function renderLoginPage(input: LoginPageInput): string {
  const error = input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · PromptSales</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f5f6f8; display: grid; place-items: center; min-height: 100vh; margin: 0; }
  main { background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.1); width: min(22rem, 90vw); }
  h1 { font-size: 1.25rem; margin: 0 0 .25rem; }
  p.sub { color: #555; margin: 0 0 1.25rem; font-size: .9rem; }
  label { display: block; font-size: .85rem; margin: .75rem 0 .25rem; }
  input { width: 100%; box-sizing: border-box; padding: .5rem; border: 1px solid #bbb; border-radius: 4px; font-size: 1rem; }
  button { margin-top: 1.25rem; width: 100%; padding: .6rem; border: 0; border-radius: 4px; background: #2952cc; color: #fff; font-size: 1rem; cursor: pointer; }
  .error { color: #b00020; font-size: .9rem; }
</style>
</head>
<body>
<main>
  <h1>Sign in to PromptSales</h1>
  <p class="sub">to continue to ${escapeHtml(input.clientName)}</p>
  ${error}
  <form method="post" action="${escapeHtml(input.action)}">
    <label for="email">Email</label>
    <input id="email" name="email" type="email" autocomplete="username" required autofocus value="${escapeHtml(input.email ?? '')}">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <button type="submit">Sign in</button>
  </form>
</main>
</body>
</html>
`;
}
