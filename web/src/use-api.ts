import { useEffect, useState } from 'react';
import { ApiError, getJson } from './api';

export type ApiState<T> = { readonly status: 'idle' } | { readonly status: 'loading' } | { readonly status: 'done'; readonly value: T; readonly ms: number } | { readonly status: 'failed'; readonly error: ApiError };

/** Asks the API whenever `key` changes (the query string); `undefined` asks nothing. */
export function useApi<T>(path: string, query: URLSearchParams | undefined): ApiState<T> {
  const key = query?.toString();
  const [state, setState] = useState<ApiState<T>>({ status: 'idle' });
  useEffect(() => {
    if (key === undefined) {
      setState({ status: 'idle' });
      return;
    }
    let live = true;
    setState({ status: 'loading' });
    const started = performance.now();
    getJson<T>(path, new URLSearchParams(key)).then(
      (value) => live && setState({ status: 'done', value, ms: performance.now() - started }),
      (error: unknown) => live && setState({ status: 'failed', error: error instanceof ApiError ? error : new ApiError(0, [{ code: 'page/error', severity: 'error', message: String(error) }]) }),
    );
    return () => {
      live = false;
    };
  }, [path, key]);
  return state;
}
