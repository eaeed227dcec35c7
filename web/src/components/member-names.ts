import { useApiQuery } from '../api/queries';

interface Member {
  user_id: string;
  name: string;
}

/**
 * Names for the actor ids the API returns (`user:<uuid>` or a bare uuid), from the team list,
 * so screens never show a uuid where a person is meant. Unknown people get `fallback`.
 */
export function useMemberName(): (actor: string | null | undefined, fallback: string) => string {
  const members = useApiQuery<{ data: Member[] }>('/api/v1/members?limit=100');
  const names = new Map((members.data?.data ?? []).map((m) => [m.user_id, m.name]));
  return (actor, fallback) => {
    if (!actor) return fallback;
    const [kind, id] = actor.includes(':')
      ? [actor.split(':')[0]!, actor.slice(actor.indexOf(':') + 1)]
      : ['user', actor];
    const isId = /^[0-9a-f-]{36}$/i.test(id);
    if (kind === 'user') return names.get(id) ?? (isId ? fallback : actor);
    // Another kind of record ("campaign_request:<uuid>"): its kind says more than its id.
    return isId ? kind.replace(/_/g, ' ') : actor;
  };
}
