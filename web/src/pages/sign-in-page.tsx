import { zodResolver } from '@hookform/resolvers/zod';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ApiError, client, unwrap } from '../api/client';
import { saveSession } from '../api/session';
import { FormField } from '../components/form-field';
import { LanguageSwitcher } from '../components/language-switcher';
import { ErrorNotice } from '../components/ui';

type Mode = 'sign-in' | 'sign-up' | 'forgot';

/** The server's own minimum (the strength check it also runs answers beside the field). */
const minimumPasswordLength = 12;

function schemaFor(mode: Mode, t: TFunction) {
  const email = z.email(t('signIn.errors.email'));
  if (mode === 'forgot') return z.object({ email });
  if (mode === 'sign-in')
    return z.object({ email, password: z.string().min(1, t('signIn.errors.password')) });
  return z.object({
    organization: z.string().trim().min(1, t('signIn.errors.organization')),
    name: z.string().trim().min(1, t('signIn.errors.name')),
    email,
    password: z.string().min(minimumPasswordLength, t('signIn.errors.passwordLength')),
  });
}

interface Values {
  organization?: string;
  name?: string;
  email: string;
  password?: string;
}

/** Sign in, create an organisation, or ask for a password reset link. */
export function SignInPage() {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('sign-in');
  const [sentTo, setSentTo] = useState<string>();
  const [failure, setFailure] = useState<ApiError>();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Values>({ resolver: zodResolver(schemaFor(mode, t)) as never });

  const switchTo = (next: Mode) => {
    setMode(next);
    setFailure(undefined);
    setSentTo(undefined);
  };

  const submit = handleSubmit(async (values) => {
    setFailure(undefined);
    try {
      if (mode === 'forgot') {
        await unwrap(
          client.POST('/api/v1/auth/password-reset/request', { body: { email: values.email } }),
        );
        setSentTo(values.email);
        return;
      }
      if (mode === 'sign-up')
        await unwrap(
          client.POST('/api/v1/auth/signup', {
            body: {
              organization: values.organization ?? '',
              name: values.name ?? '',
              email: values.email,
              password: values.password ?? '',
            },
          }),
        );
      const tokens = await unwrap(
        client.POST('/api/v1/auth/login', {
          body: { email: values.email, password: values.password ?? '' },
        }),
      );
      saveSession({ accessToken: tokens.access_token, refreshToken: tokens.refresh_token });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const fields = error.fieldErrors();
      for (const [field, message] of Object.entries(fields))
        setError(field as keyof Values, { message });
      if (Object.keys(fields).length === 0) setFailure(error);
    }
  });

  return (
    <main className="auth">
      <form className="card auth-card" onSubmit={submit} noValidate>
        <h1 className="brand">{t('app.name')}</h1>
        <p className="muted">{mode === 'forgot' ? t('signIn.resetIntro') : t('app.tagline')}</p>
        {mode === 'sign-up' ? (
          <>
            <FormField
              label={t('signIn.organization')}
              required
              error={errors.organization?.message}
              {...register('organization')}
            />
            <FormField
              label={t('signIn.name')}
              required
              autoComplete="name"
              error={errors.name?.message}
              {...register('name')}
            />
          </>
        ) : null}
        <FormField
          label={t('signIn.email')}
          type="email"
          required
          autoComplete="email"
          error={errors.email?.message}
          {...register('email')}
        />
        {mode !== 'forgot' ? (
          <FormField
            label={t('signIn.password')}
            type="password"
            required
            autoComplete={mode === 'sign-up' ? 'new-password' : 'current-password'}
            hint={mode === 'sign-up' ? t('signIn.passwordRule') : undefined}
            error={errors.password?.message}
            {...register('password')}
          />
        ) : null}
        <ErrorNotice error={failure} />
        {sentTo ? (
          <p className="notice notice-success" role="status">
            {t('signIn.resetSent', { email: sentTo })}
          </p>
        ) : null}
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting
            ? t('app.pleaseWait')
            : mode === 'sign-in'
              ? t('signIn.signIn')
              : mode === 'sign-up'
                ? t('signIn.createOrganization')
                : t('signIn.sendResetLink')}
        </button>
        {mode === 'sign-in' ? (
          <button type="button" className="link" onClick={() => switchTo('forgot')}>
            {t('signIn.forgotPassword')}
          </button>
        ) : null}
        <button
          type="button"
          className="link"
          onClick={() => switchTo(mode === 'sign-in' ? 'sign-up' : 'sign-in')}
        >
          {mode === 'sign-in' ? t('signIn.toSignUp') : t('signIn.toSignIn')}
        </button>
        <LanguageSwitcher />
      </form>
    </main>
  );
}
