import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from './client';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/** Loads a GET resource and reloads it on demand. */
export function useResource<T>(path: string | null): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(path !== null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let cancelled = false;
    setLoading(true);
    api<T>('GET', path).then(
      (value) => {
        if (cancelled) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (failure: unknown) => {
        if (cancelled) return;
        setError(
          failure instanceof ApiError
            ? failure
            : new ApiError({
                status: 0,
                code: 'network',
                title: 'Network error',
                detail: String(failure),
              }),
        );
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [path, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading, reload };
}
