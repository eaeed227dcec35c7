import { zodResolver } from '@hookform/resolvers/zod';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ApiError, client, unwrap } from '../api/client';
import { signIn } from '../api/session';
import { FormField } from '../components/form-field';
import { LanguageSwitcher } from '../components/language-switcher';
import { ErrorNotice } from '../components/ui';

/** The server's own minimum (the strength check it also runs answers beside the field). */
const minimumPasswordLength = 12;

function schemaOf(t: TFunction) {
  return z.object({
    organization: z.string().trim().min(1, t('signIn.errors.organization')),
    name: z.string().trim().min(1, t('signIn.errors.name')),
    email: z.email(t('signIn.errors.email')),
    password: z.string().min(minimumPasswordLength, t('signIn.errors.passwordLength')),
  });
}

type Values = z.infer<ReturnType<typeof schemaOf>>;

/**
 * Creates an organisation and its owner, then signs in through the OpenID Provider's page with
 * the new email filled in: the app never handles a password for a session itself.
 */
export function SignUpPage() {
  const { t, i18n } = useTranslation();
  const [failure, setFailure] = useState<ApiError>();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Values>({ resolver: zodResolver(schemaOf(t)) });

  const submit = handleSubmit(async (values) => {
    setFailure(undefined);
    try {
      await unwrap(client.POST('/api/v1/auth/signup', { body: values }));
      await signIn({ loginHint: values.email, language: i18n.resolvedLanguage });
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
        <p className="muted">{t('app.tagline')}</p>
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
        <FormField
          label={t('signIn.email')}
          type="email"
          required
          autoComplete="email"
          error={errors.email?.message}
          {...register('email')}
        />
        <FormField
          label={t('signIn.password')}
          type="password"
          required
          autoComplete="new-password"
          hint={t('signIn.passwordRule')}
          error={errors.password?.message}
          {...register('password')}
        />
        <ErrorNotice error={failure} />
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('app.pleaseWait') : t('signIn.createOrganization')}
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
