import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ApiError, client, unwrap } from '../api/client';
import { useApiInfiniteList, useApiQuery, useInvalidate, useSession } from '../api/queries';
import { useConfirm } from '../components/confirm-dialog';
import { FormField } from '../components/form-field';
import { LoadMore } from '../components/load-more';
import { usePermissions } from '../components/permissions';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { SuccessNotice } from '../components/widgets';
import { formatDate } from '../i18n/format';
import type { ApiItem, ApiResponse } from '../api/resources';

const roles = ['owner', 'admin', 'marketer', 'sales_agent', 'analyst'] as const;
type Role = (typeof roles)[number];

type Member = ApiItem<'/api/v1/members'>;

type Invitation = ApiItem<'/api/v1/invitations'>;

type RoleMatrix = ApiResponse<'/api/v1/roles'>;

/** Members, their roles, invitations, and the role matrix; changes for those who may manage. */
export function TeamPage() {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const me = useSession()?.userId;
  const invalidate = useInvalidate();
  const confirm = useConfirm();
  const members = useApiInfiniteList<Member>('/api/v1/members?limit=50');
  const canManage = permissions.can('members:manage');
  const invitations = useApiQuery<{ data: Invitation[] }>(
    canManage ? '/api/v1/invitations?limit=100' : null,
  );
  const matrix = useApiQuery<RoleMatrix>('/api/v1/roles');
  const [notice, setNotice] = useState<string>();
  const myRole = members.items?.find((m) => m.user_id === me)?.role;
  const isOwner = myRole === 'owner';

  const change = useMutation({
    mutationFn: ({ member, role }: { member: Member; role: Role }) =>
      unwrap(
        client.PATCH('/api/v1/members/{userId}', {
          params: { path: { userId: member.user_id } },
          body: { role },
        }),
      ),
    onSuccess: (_, { member, role }) => {
      setNotice(t('team.roleChanged', { name: member.name, role: t(`roles.${role}`) }));
      return invalidate('/api/v1/members');
    },
  });
  const remove = useMutation({
    mutationFn: (member: Member) =>
      unwrap(
        client.DELETE('/api/v1/members/{userId}', {
          params: { path: { userId: member.user_id } },
        }),
      ),
    onSuccess: (_, member) => {
      setNotice(t('team.removed', { name: member.name }));
      return invalidate('/api/v1/members');
    },
  });
  const revoke = useMutation({
    mutationFn: (invitation: Invitation) =>
      unwrap(
        client.DELETE('/api/v1/invitations/{id}', {
          params: { path: { id: invitation.id } },
        }),
      ),
    onSuccess: () => invalidate('/api/v1/invitations'),
  });
  const failure = change.error ?? remove.error ?? revoke.error;

  // Only an owner touches the owner role; the server enforces it and keeps the last owner.
  const mayEdit = (member: Member) => canManage && (isOwner || member.role !== 'owner');
  const grantable = roles.filter((role) => isOwner || role !== 'owner');

  return (
    <div className="stack">
      <SuccessNotice>{notice}</SuccessNotice>
      <ErrorNotice error={failure} />
      <Card title={t('team.members')}>
        {members.isLoading ? <Loading /> : null}
        <ErrorNotice error={members.error} />
        {members.items?.length === 0 ? <Empty>{t('team.noMembers')}</Empty> : null}
        {members.items && members.items.length > 0 ? (
          <div className="table-scroll">
            <table className="responsive-table">
              <thead>
                <tr>
                  <th>{t('team.name')}</th>
                  <th>{t('team.email')}</th>
                  <th>{t('team.role')}</th>
                  <th>{t('team.joined')}</th>
                  {canManage ? <th>{t('team.actions')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {members.items.map((member) => (
                  <tr key={member.user_id}>
                    <td data-label={t('team.name')}>
                      {member.name} {member.user_id === me ? t('team.you') : null}
                    </td>
                    <td data-label={t('team.email')}>{member.email}</td>
                    <td data-label={t('team.role')}>
                      {mayEdit(member) ? (
                        <select
                          aria-label={t('team.changeRole', { name: member.name })}
                          value={member.role}
                          disabled={change.isPending}
                          onChange={(event) =>
                            change.mutate({ member, role: event.target.value as Role })
                          }
                        >
                          {(member.role === 'owner' ? roles : grantable).map((role) => (
                            <option key={role} value={role}>
                              {t(`roles.${role}`)}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <span className="badge" data-role={member.role}>
                          {t(`roles.${member.role}`)}
                        </span>
                      )}
                    </td>
                    <td data-label={t('team.joined')}>{formatDate(member.joined_at)}</td>
                    {canManage ? (
                      <td data-label={t('team.actions')}>
                        {mayEdit(member) ? (
                          <button
                            type="button"
                            className="secondary"
                            onClick={async () => {
                              const sure = await confirm({
                                title: t('team.removeTitle', { name: member.name }),
                                description: t('team.removeBody', { name: member.name }),
                                confirmLabel: t('team.remove'),
                              });
                              if (sure) remove.mutate(member);
                            }}
                          >
                            {t('team.remove')}
                          </button>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <LoadMore
          hasNextPage={members.hasNextPage}
          isFetchingNextPage={members.isFetchingNextPage}
          fetchNextPage={members.fetchNextPage}
          shown={members.items?.length ?? 0}
        />
        {canManage ? <p className="muted">{t('team.ownerRule')}</p> : null}
      </Card>
      {canManage ? (
        <Card title={t('team.invite')}>
          <InviteForm
            roles={grantable}
            onInvited={(email) => {
              setNotice(t('team.invited', { email }));
              void invalidate('/api/v1/invitations');
            }}
          />
          <h3>{t('team.pending')}</h3>
          {invitations.data?.data.length === 0 ? <Empty>{t('team.noPending')}</Empty> : null}
          <ul className="plain-list">
            {invitations.data?.data.map((invitation) => (
              <li key={invitation.id} className="row">
                <span>
                  {invitation.email} · {t(`roles.${invitation.role}`)} · {t('team.expires')}{' '}
                  {formatDate(invitation.expires_at)}
                </span>
                <button
                  type="button"
                  className="secondary"
                  onClick={async () => {
                    const sure = await confirm({
                      title: t('team.revokeTitle', { email: invitation.email }),
                      description: t('team.revokeBody'),
                      confirmLabel: t('team.revoke'),
                    });
                    if (sure) revoke.mutate(invitation);
                  }}
                >
                  {t('team.revoke')}
                </button>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Card title={t('team.roleMatrix')}>
        <ErrorNotice error={matrix.error} />
        {matrix.data ? (
          <div className="table-scroll">
            <table>
              <tbody>
                {matrix.data.data.map((role) => (
                  <tr key={role.role}>
                    <th>{t(`roles.${role.role as Role}`)}</th>
                    <td className="permissions">{role.permissions.join(' · ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Card>
    </div>
  );
}

function InviteForm({
  roles: grantable,
  onInvited,
}: {
  roles: readonly Role[];
  onInvited: (email: string) => void;
}) {
  const { t } = useTranslation();
  const schema = z.object({
    email: z.email(t('signIn.errors.email')),
    role: z.enum(roles),
  });
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.infer<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { email: '', role: 'marketer' },
  });
  const [failure, setFailure] = useState<ApiError>();
  const submit = handleSubmit(async (values) => {
    setFailure(undefined);
    try {
      await unwrap(client.POST('/api/v1/invitations', { body: values }));
      reset();
      onInvited(values.email);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const message = error.fieldError('email');
      if (message) setError('email', { message });
      else setFailure(error);
    }
  });
  return (
    <form className="row wrap" onSubmit={submit} noValidate>
      <FormField
        label={t('team.inviteEmail')}
        type="email"
        required
        autoComplete="off"
        error={errors.email?.message}
        {...register('email')}
      />
      <label className="field">
        <span>{t('team.inviteRole')}</span>
        <select {...register('role')}>
          {grantable.map((role) => (
            <option key={role} value={role}>
              {t(`roles.${role}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={isSubmitting}>
        {t('team.sendInvite')}
      </button>
      <ErrorNotice error={failure} />
    </form>
  );
}
