import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { z } from 'zod';
import { ApiError, client, unwrap } from '../api/client';
import { useSession } from '../api/queries';
import { signIn } from '../api/session';
import { FormField } from '../components/form-field';
import { ErrorNotice } from '../components/ui';

/**
 * Where the invitation email's link lands (`/invitations/<token>`): a signed-in person joins with
 * one click; someone new chooses a name and a password. Either way they then sign in to the
 * organisation they joined through the OpenID Provider (a grant belongs to one organisation).
 */
export function InvitationPage() {
  const { t, i18n } = useTranslation();
  const { token = '' } = useParams();
  const signedIn = useSession() !== null;
  const [failure, setFailure] = useState<ApiError>();
  const schema = z.object({
    name: signedIn ? z.string() : z.string().trim().min(1, t('signIn.errors.name')),
    password: signedIn ? z.string() : z.string().min(12, t('signIn.errors.passwordLength')),
  });
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.infer<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { name: '', password: '' },
  });

  const submit = handleSubmit(async (values) => {
    setFailure(undefined);
    try {
      const joined = await unwrap(
        client.POST('/api/v1/invitations/{token}/accept', {
          params: { path: { token } },
          body: signedIn ? null : values,
        }),
      );
      await signIn({
        organizationId: joined.organization_id,
        // The provider remembers who is signed in, but not in this organisation: ask again.
        forceLogin: true,
        language: i18n.resolvedLanguage,
      });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const password = error.fieldError('password');
      if (password) setError('password', { message: password });
      else setFailure(error);
    }
  });

  return (
    <main className="auth">
      <form className="card auth-card" onSubmit={submit} noValidate>
        <h1 className="brand">{t('invitation.title')}</h1>
        {signedIn ? null : (
          <>
            <p className="muted">{t('invitation.intro')}</p>
            <FormField
              label={t('signIn.name')}
              required
              autoComplete="name"
              error={errors.name?.message}
              {...register('name')}
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
            <p className="muted small">{t('invitation.existing')}</p>
          </>
        )}
        <ErrorNotice error={failure} />
        <button type="submit" disabled={isSubmitting}>
          {t('invitation.accept')}
        </button>
      </form>
    </main>
  );
}
