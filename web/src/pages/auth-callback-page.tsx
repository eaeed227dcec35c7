import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { completeRedirect, signIn } from '../api/session';
import { Loading } from '../components/ui';

/**
 * `/auth/callback`, where the OpenID Provider sends the browser back: after sign-in it redeems
 * the code and goes on to the page the person was opening; after sign-out it goes home (which
 * asks to sign in again).
 */
export function AuthCallbackPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [failed, setFailed] = useState<string>();

  useEffect(() => {
    completeRedirect(window.location.href).then(
      (next) => void navigate(next, { replace: true }),
      (error: unknown) => setFailed(error instanceof Error ? error.message : String(error)),
    );
  }, [navigate]);

  if (!failed) return <Loading />;
  return (
    <main className="auth">
      <div className="card auth-card">
        <h1 className="brand">{t('app.name')}</h1>
        <p className="notice notice-error" role="alert">
          {t('signIn.callbackFailed', { reason: failed })}
        </p>
        <button type="button" onClick={() => void signIn({ language: i18n.resolvedLanguage })}>
          {t('signIn.signIn')}
        </button>
      </div>
    </main>
  );
}
