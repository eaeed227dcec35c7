import { useEffect, useState } from 'react';
import { api, type ApiError } from '../api/client';
import { asApiError, readEventStream } from '../api/client';
import type { CampaignRequest } from './campaign-requests-shared';

/** Statuses after which the planning stream ends (the server closes it there too). */
const settled = new Set(['awaiting_approval', 'failed', 'rejected', 'completed']);
const pollEveryMs = 1500;

/**
 * Follows one campaign request: the server-sent events stream while the AI plans; if the stream
 * cannot be read (a proxy buffering it, an old browser) or ends early, polling instead. Settled
 * requests are read once.
 */
export function useLiveCampaignRequest(id: string | undefined): {
  request: CampaignRequest | undefined;
  error: ApiError | undefined;
  /**
   * How the planning was followed: the event stream, or polling after the stream failed;
   * undefined when the request had already settled when it was opened.
   */
  transport: 'stream' | 'polling' | undefined;
  reload: () => void;
} {
  const [request, setRequest] = useState<CampaignRequest>();
  const [error, setError] = useState<ApiError>();
  const [transport, setTransport] = useState<'stream' | 'polling'>();
  const [version, setVersion] = useState(0);
  // Another request starts afresh: reset while rendering, so no frame shows the previous one.
  const [following, setFollowing] = useState(id);
  if (following !== id) {
    setFollowing(id);
    setRequest(undefined);
    setError(undefined);
    setTransport(undefined);
  }

  useEffect(() => {
    if (!id) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const path = `/api/v1/campaign-requests/${id}`;

    const poll = async () => {
      try {
        const current = await api<CampaignRequest>('GET', path);
        if (abort.signal.aborted) return;
        setRequest(current);
        if (current.status === 'planning') timer = setTimeout(() => void poll(), pollEveryMs);
      } catch (failure) {
        if (!abort.signal.aborted) setError(asApiError(failure));
      }
    };
    const fallBack = () => {
      if (abort.signal.aborted) return;
      setTransport('polling');
      void poll();
    };

    const follow = async () => {
      const first = await api<CampaignRequest>('GET', path);
      if (abort.signal.aborted) return;
      setRequest(first);
      if (first.status !== 'planning') return;
      setTransport('stream');
      let last: CampaignRequest = first;
      await readEventStream(
        `${path}/events`,
        (event) => {
          if (event.event !== 'status') return;
          last = JSON.parse(event.data) as CampaignRequest;
          setRequest(last);
        },
        abort.signal,
      ).then(() => {
        if (!settled.has(last.status)) fallBack();
      }, fallBack);
    };
    follow().catch((failure: unknown) => {
      if (!abort.signal.aborted) setError(asApiError(failure));
    });

    return () => {
      abort.abort();
      if (timer) clearTimeout(timer);
    };
  }, [id, version]);

  const reload = () => {
    setError(undefined);
    setVersion((v) => v + 1);
  };
  return { request, error, transport, reload };
}
