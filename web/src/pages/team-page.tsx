import { useState } from 'react';
import type { Page } from '../api/client';
import { useResource } from '../api/use-resource';
import { Card, Empty, ErrorNotice, formatDate, Loading } from '../components/ui';

interface Member {
  user_id: string;
  name: string;
  email: string;
  role: string;
  joined_at?: string;
}

interface RoleMatrix {
  data: { role: string; permissions: string[] }[];
}

export function TeamPage() {
  const [cursor, setCursor] = useState<string | null>(null);
  const members = useResource<Page<Member>>(
    `/api/v1/members?limit=25${cursor ? `&cursor=${cursor}` : ''}`,
  );
  const roles = useResource<RoleMatrix>('/api/v1/roles');
  return (
    <div className="stack">
      <Card title="Members">
        {members.loading ? <Loading /> : null}
        <ErrorNotice error={members.error} />
        {members.data && members.data.data.length === 0 ? <Empty>No members yet.</Empty> : null}
        {members.data && members.data.data.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Email</th>
                <th>Role</th>
                <th>Joined</th>
              </tr>
            </thead>
            <tbody>
              {members.data.data.map((member) => (
                <tr key={member.user_id}>
                  <td>{member.name}</td>
                  <td>{member.email}</td>
                  <td>
                    <span className="badge">{member.role}</span>
                  </td>
                  <td>{formatDate(member.joined_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {members.data?.has_more ? (
          <button type="button" onClick={() => setCursor(members.data?.next_cursor ?? null)}>
            Next page
          </button>
        ) : null}
      </Card>
      <Card title="Roles and permissions">
        <ErrorNotice error={roles.error} />
        {roles.data ? (
          <table>
            <tbody>
              {roles.data.data.map((role) => (
                <tr key={role.role}>
                  <th>{role.role}</th>
                  <td className="permissions">{role.permissions.join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Card>
    </div>
  );
}
