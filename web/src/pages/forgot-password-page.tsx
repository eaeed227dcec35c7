import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ApiError, client, unwrap } from '../api/client';
import { signIn } from '../api/session';
import { FormField } from '../components/form-field';
import { LanguageSwitcher } from '../components/language-switcher';
import { ErrorNotice } from '../components/ui';

/** "Forgot your password?" (linked from the sign-in page): emails a reset link. */
export function ForgotPasswordPage() {
  const { t, i18n } = useTranslation();
  const [sentTo, setSentTo] = useState<string>();
  const [failure, setFailure] = useState<ApiError>();
  const schema = z.object({ email: z.email(t('signIn.errors.email')) });
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<z.infer<typeof schema>>({ resolver: zodResolver(schema) });

  const submit = handleSubmit(async ({ email }) => {
    setFailure(undefined);
    try {
      await unwrap(client.POST('/api/v1/auth/password-reset/request', { body: { email } }));
      setSentTo(email);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setFailure(error);
    }
  });

  return (
    <main className="auth">
      <form className="card auth-card" onSubmit={submit} noValidate>
        <h1 className="brand">{t('signIn.resetTitle')}</h1>
        <p className="muted">{t('signIn.resetIntro')}</p>
        <FormField
          label={t('signIn.email')}
          type="email"
          required
          autoComplete="email"
          error={errors.email?.message}
          {...register('email')}
        />
        <ErrorNotice error={failure} />
        {sentTo ? (
          <p className="notice notice-success" role="status">
            {t('signIn.resetSent', { email: sentTo })}
          </p>
        ) : null}
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('app.pleaseWait') : t('signIn.sendResetLink')}
        </button>
        <button
          type="button"
          className="link"
          onClick={() => void signIn({ language: i18n.resolvedLanguage })}
        >
          {t('signIn.toSignIn')}
        </button>
        <LanguageSwitcher />
      </form>
    </main>
  );
}
