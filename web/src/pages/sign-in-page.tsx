import { useState, type FormEvent } from 'react';
import { api, ApiError, saveSession } from '../api/client';
import { Field } from '../components/ui';

interface TokenSet {
  access_token: string;
  refresh_token: string;
}

/** Sign in, or create an organisation: the two ways into the portal. */
export function SignInPage({ onSignedIn }: { onSignedIn: () => void }) {
  const [mode, setMode] = useState<'sign-in' | 'sign-up'>('sign-in');
  const [organization, setOrganization] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (mode === 'sign-up')
        await api('POST', '/api/v1/auth/signup', { organization, name, email, password });
      const tokens = await api<TokenSet>('POST', '/api/v1/auth/login', { email, password });
      saveSession({ accessToken: tokens.access_token, refreshToken: tokens.refresh_token });
      onSignedIn();
    } catch (failure) {
      if (failure instanceof ApiError) setError(failure);
      else throw failure;
    } finally {
      setBusy(false);
    }
  }

  const fields = error?.fieldErrors() ?? {};
  return (
    <main className="auth">
      <form className="card auth-card" onSubmit={submit} noValidate>
        <h1 className="brand">PromptSales</h1>
        <p className="muted">From marketing brief to closed sales.</p>
        {mode === 'sign-up' ? (
          <>
            <Field
              label="Organisation"
              name="organization"
              value={organization}
              onChange={setOrganization}
              error={fields.organization}
            />
            <Field
              label="Your name"
              name="name"
              value={name}
              onChange={setName}
              error={fields.name}
              autoComplete="name"
            />
          </>
        ) : null}
        <Field
          label="Email"
          name="email"
          type="email"
          value={email}
          onChange={setEmail}
          error={fields.email}
          autoComplete="email"
        />
        <Field
          label="Password"
          name="password"
          type="password"
          value={password}
          onChange={setPassword}
          error={fields.password}
          autoComplete={mode === 'sign-up' ? 'new-password' : 'current-password'}
        />
        {error && Object.keys(fields).length === 0 ? (
          <p className="notice notice-error" role="alert">
            {error.problem.detail}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? 'Please wait…' : mode === 'sign-in' ? 'Sign in' : 'Create organisation'}
        </button>
        <button
          type="button"
          className="link"
          onClick={() => setMode(mode === 'sign-in' ? 'sign-up' : 'sign-in')}
        >
          {mode === 'sign-in'
            ? 'New here? Create an organisation'
            : 'Already have an account? Sign in'}
        </button>
      </form>
    </main>
  );
}
