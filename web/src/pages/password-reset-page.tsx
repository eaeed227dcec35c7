import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { z } from 'zod';
import { ApiError, client, unwrap } from '../api/client';
import { FormField } from '../components/form-field';
import { ErrorNotice } from '../components/ui';

/** Where the emailed reset link lands (`/reset-password?token=…`): choose a new password. */
export function PasswordResetPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [done, setDone] = useState(false);
  const [failure, setFailure] = useState<ApiError>();
  const schema = z.object({ password: z.string().min(12, t('signIn.errors.passwordLength')) });
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.infer<typeof schema>>({ resolver: zodResolver(schema) });

  const submit = handleSubmit(async ({ password }) => {
    setFailure(undefined);
    try {
      await unwrap(
        client.POST('/api/v1/auth/password-reset', {
          body: { token: params.get('token') ?? '', password },
        }),
      );
      setDone(true);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const message = error.fieldError('password');
      if (message) setError('password', { message });
      else setFailure(error);
    }
  });

  return (
    <main className="auth">
      <form className="card auth-card" onSubmit={submit} noValidate>
        <h1 className="brand">{t('signIn.resetTitle')}</h1>
        {done ? (
          <p className="notice notice-success" role="status">
            {t('signIn.passwordChanged')}
          </p>
        ) : (
          <>
            <FormField
              label={t('signIn.newPassword')}
              type="password"
              required
              autoComplete="new-password"
              hint={t('signIn.passwordRule')}
              error={errors.password?.message}
              {...register('password')}
            />
            <ErrorNotice error={failure} />
            <button type="submit" disabled={isSubmitting}>
              {t('signIn.setPassword')}
            </button>
          </>
        )}
        <Link to="/">{t('signIn.signIn')}</Link>
      </form>
    </main>
  );
}
